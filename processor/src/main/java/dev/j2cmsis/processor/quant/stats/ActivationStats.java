package dev.j2cmsis.processor.quant.stats;

/**
 * Calibration statistics of one activation tensor over all calibration samples, gathered in two passes
 * over the same data, because a fixed-bin histogram needs its range before the first value is binned:
 * <ol>
 *   <li>{@link #pass1} every sample: count, min, max and max |x|;</li>
 *   <li>{@link #startHistograms()} once: fixes the ranges, {@code [0, maxAbs]} for the |x| histogram (the one
 *       the range methods read) and {@code [min, max]} for the signed one (for plots);</li>
 *   <li>{@link #pass2} every sample again, in any order: fills both histograms.</li>
 * </ol>
 * Two passes cost a second float forward run per sample but keep the histograms exact (no rebinning error)
 * and the result independent of sample order. The histograms can be read once pass 2 has seen as many values
 * as pass 1; pass 2 rejects values outside the pass-1 range, since that means the passes saw different data.
 * Non-finite values are rejected: one NaN would silently poison the range.
 */
public final class ActivationStats {
    /**
     * With 8192 bins, the |x| histogram still has at least 4 bins per q7 level at 4 fractional bits more than
     * the minmax format (the widest window {@link RangeMethod#kld()} looks at), so the KL divergence can see
     * how values spread inside a level.
     */
    public static final int DEFAULT_BINS = 8192;

    private final int bins;
    private final boolean signed;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double maxAbs;
    private long[] absCounts;
    private long[] signedCounts;
    private long binned;

    public ActivationStats() {
        this(DEFAULT_BINS);
    }

    public ActivationStats(int bins) {
        this(bins, true);
    }

    /** {@code signed}: whether to keep the signed histogram too (the reports' plots); the range methods do not. */
    public ActivationStats(int bins, boolean signed) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, was " + bins);
        }
        this.bins = bins;
        this.signed = signed;
    }

    /** Pass 1: range statistics of one sample of this tensor. */
    public void pass1(float[] x) {
        if (absCounts != null) {
            throw new IllegalStateException("pass1 after startHistograms(): pass 1 must see every sample first");
        }
        // Into locals, stored only at the end, so a rejected sample leaves the statistics as they were.
        float[] r = range(x);
        double lo = Math.min(min, r[0]);
        double hi = Math.max(max, r[1]);
        double abs = Math.max(maxAbs, r[2]);
        min = lo;
        max = hi;
        maxAbs = abs;
        count += x.length;
    }

    /**
     * {min, max, max |v|} of a sample, in Math.min/max order (-0 below +0), after checking every value is finite.
     * Each is its own loop with four independent chains (min and max are associative and commutative), which
     * runs several times faster than one loop with three dependent ones; in float, since converting the result to
     * double is exact.
     */
    private static float[] range(float[] x) {
        float lo0 = Float.POSITIVE_INFINITY;
        float lo1 = lo0;
        float lo2 = lo0;
        float lo3 = lo0;
        float hi0 = Float.NEGATIVE_INFINITY;
        float hi1 = hi0;
        float hi2 = hi0;
        float hi3 = hi0;
        float ab0 = 0f;
        float ab1 = 0f;
        float ab2 = 0f;
        float ab3 = 0f;
        int n = x.length & ~3;
        for (int k = 0; k < n; k += 4) {
            lo0 = Math.min(lo0, x[k]);
            lo1 = Math.min(lo1, x[k + 1]);
            lo2 = Math.min(lo2, x[k + 2]);
            lo3 = Math.min(lo3, x[k + 3]);
            hi0 = Math.max(hi0, x[k]);
            hi1 = Math.max(hi1, x[k + 1]);
            hi2 = Math.max(hi2, x[k + 2]);
            hi3 = Math.max(hi3, x[k + 3]);
            ab0 = Math.max(ab0, Math.abs(x[k]));
            ab1 = Math.max(ab1, Math.abs(x[k + 1]));
            ab2 = Math.max(ab2, Math.abs(x[k + 2]));
            ab3 = Math.max(ab3, Math.abs(x[k + 3]));
        }
        for (int k = n; k < x.length; k++) {
            lo0 = Math.min(lo0, x[k]);
            hi0 = Math.max(hi0, x[k]);
            ab0 = Math.max(ab0, Math.abs(x[k]));
        }
        float lo = Math.min(Math.min(lo0, lo1), Math.min(lo2, lo3));
        float hi = Math.max(Math.max(hi0, hi1), Math.max(hi2, hi3));
        float ab = Math.max(Math.max(ab0, ab1), Math.max(ab2, ab3));
        // Math.min/max keep a NaN and an infinity reaches lo or hi: one test after the loop sees any non-finite.
        if (x.length > 0 && (!Float.isFinite(lo) || !Float.isFinite(hi))) {
            for (float v : x) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("calibration value " + v + " is not finite");
                }
            }
        }
        return new float[] {lo, hi, ab};
    }

    /** Ends pass 1 and fixes the histogram ranges. */
    public void startHistograms() {
        if (absCounts != null) {
            throw new IllegalStateException("startHistograms() called twice");
        }
        absCounts = new long[bins];
        signedCounts = signed ? new long[bins] : null;
    }

    /** Pass 2: bins one sample of this tensor; the same samples as pass 1, in any order. */
    public void pass2(float[] x) {
        if (absCounts == null) {
            throw new IllegalStateException("pass2 before startHistograms()");
        }
        if (binned + x.length > count) {
            throw new IllegalStateException("pass 2 saw " + (binned + x.length) + " values, pass 1 only " + count
                    + ": both passes must see the same samples");
        }
        float[] r = range(x);
        if (x.length > 0 && !(r[0] >= min && r[1] <= max)) {
            float v = r[0] >= min ? r[1] : r[0];
            throw new IllegalArgumentException("pass 2 saw " + v + ", outside the pass-1 range [" + min + ", "
                    + max + "]: both passes must see the same samples");
        }
        // Zeros (half of a ReLU's output) are counted apart: consecutive increments of one bin wait on each other.
        double absScale = maxAbs == 0 ? 0 : bins / maxAbs;
        double signedScale = max == min ? 0 : bins / (max - min);
        long zeros = 0;
        for (float v : x) {
            if (v == 0f) {
                zeros++;
            } else {
                absCounts[bin(Math.abs((double) v), 0, maxAbs, absScale)]++;
            }
        }
        absCounts[0] += zeros;
        if (signedCounts != null) {
            for (float v : x) {
                if (v != 0f) {
                    signedCounts[bin(v, min, max, signedScale)]++;
                }
            }
            signedCounts[bin(0.0, min, max, signedScale)] += zeros;
        }
        binned += x.length;
    }

    /**
     * Bin of x in [lo, hi]: floor((x - lo) / (hi - lo) * bins), hi itself in the last bin. {@code scale} is
     * bins / (hi - lo): (x - lo) * scale differs from the exact expression by a few units in the last place, so
     * it gives the same bin unless it lies within 1e-9 of a bin boundary, where the division decides.
     */
    private int bin(double x, double lo, double hi, double scale) {
        if (hi == lo) {
            return 0;
        }
        double fast = (x - lo) * scale;
        double frac = fast - Math.floor(fast);
        int i = frac > 1e-9 && frac < 1 - 1e-9 ? (int) fast : (int) ((x - lo) / (hi - lo) * bins);
        return Math.min(bins - 1, Math.max(0, i));
    }

    /** Values seen in pass 1. */
    public long count() {
        return count;
    }

    /** Smallest value seen; {@code +Infinity} before any value. */
    public double min() {
        return min;
    }

    /** Largest value seen; {@code -Infinity} before any value. */
    public double max() {
        return max;
    }

    /** Largest |x| seen (0 before any value): exactly what the old minmax rule reads. */
    public double maxAbs() {
        return maxAbs;
    }

    public int bins() {
        return bins;
    }

    /** True once pass 2 has binned as many values as pass 1 saw. */
    public boolean complete() {
        return absCounts != null && binned == count;
    }

    /** Histogram of |x| over {@code [0, maxAbs]}; the range methods read this one. */
    public Histogram absHistogram() {
        requireComplete();
        return new Histogram(0, maxAbs, absCounts);
    }

    /** Histogram of x over {@code [min, max]} (for plots); {@code [0, 0]} when no value was seen. */
    public Histogram signedHistogram() {
        requireComplete();
        if (signedCounts == null) {
            throw new IllegalStateException("collected without the signed histogram");
        }
        return count == 0 ? new Histogram(0, 0, signedCounts) : new Histogram(min, max, signedCounts);
    }

    private void requireComplete() {
        if (!complete()) {
            throw new IllegalStateException(absCounts == null ? "histograms read before startHistograms()"
                    : "histograms read after pass 2 binned " + binned + " of the " + count + " values of pass 1");
        }
    }
}
