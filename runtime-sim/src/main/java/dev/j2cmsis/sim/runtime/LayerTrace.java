package dev.j2cmsis.sim.runtime;

import java.util.Arrays;

/**
 * One layer's q7 output as the generated C leaves it in its buffer: HWC order ({@code shape} is
 * {height, width, channels}, or {n} for a vector) in format Q(7-frac).frac. Compare it with the C's
 * {@code <NET>_TRACE} hook when a board disagrees with the simulator.
 */
public record LayerTrace(String layer, String kind, int[] shape, int fracBits, byte[] data) {
    public LayerTrace {
        shape = shape.clone();
        data = data.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The real values the bytes stand for. */
    public float[] dequantize() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.scalb((float) data[i], -fracBits);
        }
        return f;
    }

    @Override
    public String toString() {
        return layer + " (" + kind + ") " + Arrays.toString(shape) + " Q" + (7 - fracBits) + "." + fracBits;
    }
}
