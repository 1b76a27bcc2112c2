package dev.j2cmsis.processor.s8;

import dev.j2cmsis.sim.kernels.s8.NnSupportS8;
import dev.j2cmsis.sim.kernels.s8.S8Rounding;

/**
 * TFLite's int8 quantization rules, as its converter and TFLM's prepare steps apply them (see
 * cmsis-nn-s8-semantics.md section 11): float32 scales, zero points in [-128, 127], symmetric weights in
 * [-127, 127], round half away from zero ({@code std::round}).
 */
public final class S8Quant {
    private S8Quant() {
    }

    /** A tensor's affine int8 quantization: {@code real = scale * (q - zeroPoint)}. */
    public record Params(float scale, int zeroPoint) {
        /** The clamp of a fused ReLU: {@code [max(-128, zp), 127]}, TFLite's CalculateActivationRangeQuantized. */
        public int reluMin() {
            return Math.max(-128, zeroPoint);
        }
    }

    /**
     * The parameters of a calibrated range {@code [min, max]}, nudged to contain 0: {@code scale = (max - min) / 255},
     * {@code zp = clamp(round(-128 - min / scale))}. An empty range (all zero) gets scale 1 and zero point 0, so nothing
     * is divided by 0.
     */
    public static Params activation(double min, double max) {
        double lo = Math.min(0, min);
        double hi = Math.max(0, max);
        if (!(hi > lo)) {
            return new Params(1.0f, 0);
        }
        float scale = (float) ((hi - lo) / 255.0);
        long zp = roundHalfAway(-128.0 - lo / scale);
        return new Params(scale, (int) Math.max(-128, Math.min(127, zp)));
    }

    /** Clipping candidates for the weight scale, as fractions of {@code max|w|}, from 1 down to this. */
    static final double MIN_CLIP = 0.5;
    static final int CLIP_STEPS = 50;

    /**
     * Per output channel, the scale {@code clip / 127} whose quantization error {@code sum (w - s * q(w / s))^2} is
     * the smallest over clips from {@code max|w|} down to half of it ({@link #CLIP_STEPS} steps; the largest clip on
     * a tie). TFLite always takes {@code max|w|}; clipping a channel's few outliers gives its other weights finer
     * steps, which is what an MSE observer does. 1 for an all-zero channel, whose weights all quantize to 0.
     */
    public static float[] weightScales(float[] w, int channels) {
        int per = w.length / channels;
        float[] s = new float[channels];
        // Each channel on its own: in parallel, the same scales (a large layer's search is tens of milliseconds).
        java.util.stream.IntStream.range(0, channels).parallel().forEach(c -> s[c] = channelScale(w, c * per, per));
        return s;
    }

    /** The scale of the weights {@code w[at .. at + per)} (see {@link #weightScales}). */
    private static float channelScale(float[] w, int at, int per) {
        double m = 0;
        for (int k = 0; k < per; k++) {
            m = Math.max(m, Math.abs(w[at + k]));
        }
        if (m == 0) {
            return 1.0f;
        }
        float best = (float) (m / 127.0);
        double bestErr = Double.POSITIVE_INFINITY;
        for (int step = 0; step <= CLIP_STEPS; step++) {
            float scale = (float) (m * (1 - (1 - MIN_CLIP) * step / CLIP_STEPS) / 127.0);
            double err = 0;
            for (int k = 0; k < per; k++) {
                double v = w[at + k];
                double q = Math.max(-127, Math.min(127, roundHalfAway(v / scale)));
                err += (v - q * scale) * (v - q * scale);
            }
            if (err < bestErr) {
                bestErr = err;
                best = scale;
            }
        }
        return best;
    }

    /** {@code clamp(round(w / scale[c]), -127, 127)} per channel, in the layout of {@code w} ([C][...]). */
    public static byte[] weights(float[] w, float[] scales) {
        int per = w.length / scales.length;
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            long v = roundHalfAway((double) w[i] / scales[i / per]);
            q[i] = (byte) Math.max(-127, Math.min(127, v));
        }
        return q;
    }

    /** {@code round(b[c] / (inScale * wScale[c]))} as int32 (0 for a layer without bias), saturated. */
    public static int[] bias(float[] b, float inScale, float[] wScales) {
        int[] q = new int[wScales.length];
        if (b == null) {
            return q;
        }
        for (int c = 0; c < q.length; c++) {
            double v = roundHalfAway(b[c] / ((double) inScale * (double) wScales[c]));
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }

    /**
     * Per channel, TFLM's {@code effective_scale = (double) input_scale * (double) filter_scale[c] / (double)
     * output_scale} (in this order: TVM had to align it to stay bit-exact) through QuantizeMultiplier.
     *
     * @return {multipliers, shifts}
     */
    public static int[][] multipliers(float inScale, float[] wScales, float outScale, S8Rounding rounding) {
        int[] m = new int[wScales.length];
        int[] s = new int[wScales.length];
        for (int c = 0; c < m.length; c++) {
            NnSupportS8.QuantizedMultiplier q = NnSupportS8.quantizeMultiplier(
                    (double) inScale * (double) wScales[c] / (double) outScale, rounding);
            m[c] = q.multiplier();
            s[c] = q.shift();
        }
        return new int[][] {m, s};
    }

    /** C {@code round}: half away from zero. */
    static long roundHalfAway(double v) {
        double a = Math.abs(v);
        double f = Math.floor(a);
        return (long) Math.copySign(a - f >= 0.5 ? f + 1 : f, v);
    }
}
