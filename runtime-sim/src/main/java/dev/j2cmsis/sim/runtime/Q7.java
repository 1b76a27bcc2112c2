package dev.j2cmsis.sim.runtime;

/**
 * The input side of a network: the YAML transform from raw data to the float input, and float to q7.
 * The processor calibrates with exactly these functions and the generated classes call them.
 */
public final class Q7 {
    private Q7() {
    }

    /** {@code (raw * scale - mean[c]) / std[c]}, computed in double and rounded once to float. */
    public static float transform(float raw, double scale, double mean, double std) {
        return (float) ((raw * scale - mean) / std);
    }

    /** Applies the transform to a CHW tensor; mean and std hold one value per channel. */
    public static float[] transformChw(float[] raw, int c, int h, int w, double scale, double[] mean,
                                       double[] std) {
        if (raw.length != c * h * w) {
            throw new IllegalArgumentException("input has " + raw.length + " values, expected " + c + "x" + h
                    + "x" + w + " = " + c * h * w);
        }
        float[] out = new float[raw.length];
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < plane; i++) {
                out[ch * plane + i] = transform(raw[ch * plane + i], scale, mean[ch], std[ch]);
            }
        }
        return out;
    }

    /** Round to nearest (ties to even, as numpy and torch round), then saturate to int8. */
    public static byte quantize(double x, int frac) {
        double v = Math.rint(Math.scalb(x, frac));
        return (byte) Math.max(-128, Math.min(127, v));
    }

    /** Transforms a raw CHW tensor and quantizes it to q7 in the HWC order the kernels read. */
    public static byte[] quantizeInput(float[] rawChw, int c, int h, int w, double scale, double[] mean,
                                       double[] std, int frac) {
        return quantizeTransformed(transformChw(rawChw, c, h, w, scale, mean, std), c, h, w, frac);
    }

    /** Quantizes an already transformed CHW tensor to q7 in HWC order (what {@link #quantizeInput} ends with). */
    public static byte[] quantizeTransformed(float[] x, int c, int h, int w, int frac) {
        return toHwc(x, c, h, w, v -> quantize(v, frac));
    }

    /** One value to its int8 code. */
    @FunctionalInterface
    public interface Quantizer {
        byte apply(float x);
    }

    /** Quantizes a CHW tensor value by value into the HWC order the kernels read. */
    public static byte[] toHwc(float[] x, int c, int h, int w, Quantizer q) {
        if (x.length != c * h * w) {
            throw new IllegalArgumentException("input has " + x.length + " values, expected " + c * h * w);
        }
        byte[] out = new byte[x.length];
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < plane; p++) {
                out[p * c + ch] = q.apply(x[ch * plane + p]);
            }
        }
        return out;
    }

    /** Index of the first maximum. */
    public static int argmax(byte[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Index of the first maximum. */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
