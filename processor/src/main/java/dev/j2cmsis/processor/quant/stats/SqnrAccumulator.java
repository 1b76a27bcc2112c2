package dev.j2cmsis.processor.quant.stats;

import dev.j2cmsis.processor.quant.QFormat;

/**
 * SQNR and saturated fraction of one tensor in one q7 format, accumulated over many samples: the energies
 * {@code sum x^2} and {@code sum (x - xq)^2} and the counts are summed in double / long in the order the
 * samples arrive, so the same samples in the same order give the same result bit for bit.
 */
public final class SqnrAccumulator {
    private final int frac;
    private long count;
    private long saturated;
    private double signal;
    private double noise;

    /** @param frac fractional bits of the q7 format */
    public SqnrAccumulator(int frac) {
        this.frac = frac;
    }

    public int frac() {
        return frac;
    }

    /** Quantizes {@code x} in this format ({@link QFormat#quantize}: round half to even, saturate) and adds it. */
    public void add(float[] x) {
        for (float v : x) {
            add(v, QFormat.quantize(v, frac));
        }
    }

    /**
     * Adds a q7 tensor in this format (e.g. a simulator output) against its float reference. Saturation is
     * judged on the reference: {@link Metrics#saturates}{@code (reference[i], frac)}.
     */
    public void add(float[] reference, byte[] quantized) {
        if (reference.length != quantized.length) {
            throw new IllegalArgumentException("reference has " + reference.length + " values, quantized "
                    + quantized.length);
        }
        for (int i = 0; i < reference.length; i++) {
            add(reference[i], quantized[i]);
        }
    }

    private void add(double x, byte q) {
        double e = x - Metrics.dequantize(q, frac);
        signal += x * x;
        noise += e * e;
        count++;
        if (Metrics.saturates(x, frac)) {
            saturated++;
        }
    }

    public long count() {
        return count;
    }

    public long saturated() {
        return saturated;
    }

    /** {@code sum x^2}. */
    public double signalEnergy() {
        return signal;
    }

    /** {@code sum (x - xq)^2}. */
    public double noiseEnergy() {
        return noise;
    }

    /** {@link Metrics#sqnrDb(double, double)} of the accumulated energies; NaN before any non-zero value. */
    public double sqnrDb() {
        return Metrics.sqnrDb(signal, noise);
    }

    /** Saturated values / values; NaN before any value. */
    public double saturationFraction() {
        return count == 0 ? Double.NaN : (double) saturated / count;
    }
}
