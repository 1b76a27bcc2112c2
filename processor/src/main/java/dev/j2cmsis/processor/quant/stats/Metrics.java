package dev.j2cmsis.processor.quant.stats;

import dev.j2cmsis.processor.quant.QFormat;

/** Quantization error of q7 tensors against their float reference; {@link SqnrAccumulator} over many samples. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * {@code 10 * log10(signal / noise)} in dB, from the energies {@code sum x^2} and {@code sum (x - xq)^2}:
     * NaN when the signal is 0 (nothing to measure, even if the noise is 0 too), +Infinity when the noise is 0.
     */
    public static double sqnrDb(double signal, double noise) {
        if (signal == 0) {
            return Double.NaN;
        }
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * StrictMath.log10(signal / noise);
    }

    /** SQNR of one q7 tensor (in format {@code frac}) against its float reference. */
    public static double sqnrDb(float[] reference, byte[] quantized, int frac) {
        SqnrAccumulator a = new SqnrAccumulator(frac);
        a.add(reference, quantized);
        return a.sqnrDb();
    }

    /** The value of a q7 code: {@code q * 2^-frac}. */
    public static double dequantize(byte q, int frac) {
        return Math.scalb((double) q, -frac);
    }

    /**
     * True when {@code x} does not fit format {@code frac}: {@code rint(x * 2^frac)} (the rounding of
     * {@link QFormat#quantize}) lies outside [-128, 127], so quantizing it saturates.
     */
    public static boolean saturates(double x, int frac) {
        double v = Math.rint(Math.scalb(x, frac));
        return v > 127 || v < -128;
    }
}
