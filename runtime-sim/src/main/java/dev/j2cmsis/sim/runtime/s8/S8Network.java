package dev.j2cmsis.sim.runtime.s8;

import dev.j2cmsis.sim.runtime.LayerTrace;
import dev.j2cmsis.sim.runtime.Q7;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.util.List;

/**
 * What every generated {@code <Class>S8} simulator is: an {@link S8Program} (loaded once, on first use, from the
 * resource beside the generated class) and the YAML transform of its input. It implements {@link Q7Network}, whose
 * methods take and return int8 bytes, so the tests and tools written for a q7 network (accuracy, the C harness
 * records, the board validator) take an s8 one unchanged. Stateless: share one instance across threads.
 */
public abstract class S8Network implements Q7Network {
    private final int channels;
    private final int height;
    private final int width;
    private final double scale;
    private final double[] mean;
    private final double[] std;

    /** The input shape (CHW) and the YAML transform {@code (raw * scale - mean[c]) / std[c]}. */
    protected S8Network(int channels, int height, int width, double scale, double[] mean, double[] std) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.scale = scale;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** The generated program (the generated class holds it in a lazily initialized holder). */
    protected abstract S8Program program();

    @Override
    public byte[] run(byte[] input) {
        return program().run(input);
    }

    @Override
    public List<LayerTrace> trace(byte[] input) {
        return program().trace(input);
    }

    @Override
    public byte[] quantizeInput(float[] chw) {
        S8Program p = program();
        return quantizeTransformed(Q7.transformChw(chw, channels, height, width, scale, mean, std), channels, height,
                width, p.inputScale(), p.inputZeroPoint());
    }

    @Override
    public int predict(float[] chw) {
        return Q7.argmax(run(quantizeInput(chw)));
    }

    @Override
    public int inputSize() {
        return program().inputSize();
    }

    @Override
    public int outputSize() {
        return program().outputSize();
    }

    /** The real value of an output byte: {@code outputScale * (q - outputZeroPoint)}. */
    public float[] dequantizeOutput(byte[] output) {
        S8Program p = program();
        float[] f = new float[output.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = p.outputScale() * (output[i] - p.outputZeroPoint());
        }
        return f;
    }

    /**
     * TFLite's int8 quantization of a transformed CHW tensor into HWC order: {@code clamp(round(x / scale) + zp)}
     * with the division in float and rounding half away from zero ({@code std::round}), as its reference Quantize.
     */
    public static byte[] quantizeTransformed(float[] x, int c, int h, int w, float scale, int zeroPoint) {
        return Q7.toHwc(x, c, h, w, v -> quantize(v, scale, zeroPoint));
    }

    /** One value: {@code clamp(round(x / scale) + zeroPoint, -128, 127)}. */
    public static byte quantize(float x, float scale, int zeroPoint) {
        float v = x / scale;
        double r = Math.abs(v) - Math.floor(Math.abs(v)) >= 0.5 ? Math.floor(Math.abs(v)) + 1 : Math.floor(Math.abs(v));
        long q = (long) Math.copySign(r, v) + zeroPoint;
        return (byte) Math.max(-128, Math.min(127, q));
    }
}
