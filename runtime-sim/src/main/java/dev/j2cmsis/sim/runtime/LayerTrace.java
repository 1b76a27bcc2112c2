package dev.j2cmsis.sim.runtime;

import java.util.Arrays;

/**
 * One layer's output as the generated C leaves it in its buffer: HWC order ({@code shape} is
 * {height, width, channels}, or {n} for a vector), q7 values in {@code data} (format Q(7-frac).frac) or, for a
 * q15 layer, q15 values in {@code data15} (format Q(15-frac).frac). Compare it with the C's {@code <NET>_TRACE}
 * hook when a board disagrees with the simulator. An s8 layer's values are affine: {@code scale * (q - zeroPoint)}
 * ({@code scale} is NaN for the power-of-two formats of q7 and q15, which {@code fracBits} describes).
 */
public record LayerTrace(String layer, String kind, int[] shape, int fracBits, byte[] data, short[] data15,
                         float scale, int zeroPoint) {
    public LayerTrace {
        shape = shape.clone();
        data = data == null ? null : data.clone();
        data15 = data15 == null ? null : data15.clone();
        if ((data == null) == (data15 == null)) {
            throw new IllegalArgumentException("a trace holds q7 or q15 values");
        }
    }

    /** A q7 layer's output. */
    public LayerTrace(String layer, String kind, int[] shape, int fracBits, byte[] data) {
        this(layer, kind, shape, fracBits, data, null, Float.NaN, 0);
    }

    /** A q15 layer's output. */
    public static LayerTrace ofQ15(String layer, String kind, int[] shape, int fracBits, short[] data15) {
        return new LayerTrace(layer, kind, shape, fracBits, null, data15, Float.NaN, 0);
    }

    /** An s8 layer's output, quantized with ({@code scale}, {@code zeroPoint}). */
    public static LayerTrace ofS8(String layer, String kind, int[] shape, float scale, int zeroPoint, byte[] data) {
        return new LayerTrace(layer, kind, shape, 0, data, null, scale, zeroPoint);
    }

    /** True for an s8 (affine int8) layer. */
    public boolean s8() {
        return !Float.isNaN(scale);
    }

    public boolean q15() {
        return data15 != null;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The q7 values (null for a q15 layer). */
    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** The q15 values (null for a q7 layer). */
    @Override
    public short[] data15() {
        return data15 == null ? null : data15.clone();
    }

    /** The real values the stored integers stand for. */
    public float[] dequantize() {
        int n = q15() ? data15.length : data.length;
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = s8() ? scale * (data[i] - zeroPoint)
                    : Math.scalb((float) (q15() ? data15[i] : data[i]), -fracBits);
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerTrace t && layer.equals(t.layer) && kind.equals(t.kind)
                && Arrays.equals(shape, t.shape) && fracBits == t.fracBits && Arrays.equals(data, t.data)
                && Arrays.equals(data15, t.data15) && Float.compare(scale, t.scale) == 0
                && zeroPoint == t.zeroPoint;
    }

    @Override
    public int hashCode() {
        return 31 * layer.hashCode() + Arrays.hashCode(data) + Arrays.hashCode(data15);
    }

    @Override
    public String toString() {
        if (s8()) {
            return layer + " (" + kind + ") " + Arrays.toString(shape) + " s8 scale " + scale + " zero point "
                    + zeroPoint;
        }
        int bits = q15() ? 15 : 7;
        return layer + " (" + kind + ") " + Arrays.toString(shape) + " Q" + (bits - fracBits) + "." + fracBits;
    }
}
