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
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, was " + bins);
        }
        this.bins = bins;
    }

    /** Pass 1: range statistics of one sample of this tensor. */
    public void pass1(float[] x) {
        if (absCounts != null) {
            throw new IllegalStateException("pass1 after startHistograms(): pass 1 must see every sample first");
        }
        // One loop into locals, stored only at the end, so a rejected sample leaves the statistics as they were.
        double lo = min;
        double hi = max;
        double abs = maxAbs;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            abs = Math.max(abs, Math.abs((double) v));
        }
        // Math.min/max keep a NaN and an infinity reaches lo or hi: one test after the loop sees any non-finite.
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            for (float v : x) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("calibration value " + v + " is not finite");
                }
            }
        }
        min = lo;
        max = hi;
        maxAbs = abs;
        count += x.length;
    }

    /** Ends pass 1 and fixes the histogram ranges. */
    public void startHistograms() {
        if (absCounts != null) {
            throw new IllegalStateException("startHistograms() called twice");
        }
        absCounts = new long[bins];
        signedCounts = new long[bins];
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
        for (float v : x) {
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("pass 2 saw " + v + ", outside the pass-1 range [" + min + ", "
                        + max + "]: both passes must see the same samples");
            }
        }
        for (float v : x) {
            absCounts[bin(Math.abs((double) v), 0, maxAbs)]++;
            signedCounts[bin(v, min, max)]++;
        }
        binned += x.length;
    }

    /** Bin of x in [lo, hi]: floor((x - lo) / (hi - lo) * bins), hi itself in the last bin. */
    private int bin(double x, double lo, double hi) {
        if (hi == lo) {
            return 0;
        }
        int i = (int) ((x - lo) / (hi - lo) * bins);
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
        return count == 0 ? new Histogram(0, 0, signedCounts) : new Histogram(min, max, signedCounts);
    }

    private void requireComplete() {
        if (!complete()) {
            throw new IllegalStateException(absCounts == null ? "histograms read before startHistograms()"
                    : "histograms read after pass 2 binned " + binned + " of the " + count + " values of pass 1");
        }
    }
}
