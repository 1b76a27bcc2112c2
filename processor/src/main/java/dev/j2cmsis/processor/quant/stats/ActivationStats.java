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
    /** A pass-2 value outside the pass-1 range was seen: the histograms are incomplete for good. */
    private boolean rejected;
    private long zeros;
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
        double[] r = range(x);
        double lo = Math.min(min, r[0]);
        double hi = Math.max(max, r[1]);
        double abs = Math.max(maxAbs, r[2]);
        min = lo;
        max = hi;
        maxAbs = abs;
        zeros += (long) r[3];
        count += x.length;
    }

    /** Values seen in pass 1 that were exactly zero (either sign). */
    public long zeros() {
        return zeros;
    }

    /**
     * {min, max, max |v|, zeros} of a sample, the first three as Math.min/max give them (-0 below +0), after checking every value is
     * finite; in float, since converting the result to double is exact. Plain comparisons (predictable branches)
     * run several times faster than the Math.min/max intrinsics, which order signed zeros and NaNs on every
     * element; the zeros' signs are settled afterwards, only when an extreme is zero.
     */
    private static double[] range(float[] x) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        float ab = 0f;
        boolean nan = false;
        int zero = 0;
        for (float v : x) {
            zero += isZero(v);
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
            float a = Math.abs(v);
            if (a > ab) {
                ab = a;
            }
            if (v != v) {
                nan = true;
            }
        }
        // An infinity becomes lo or hi.
        if (nan || lo == Float.NEGATIVE_INFINITY || hi == Float.POSITIVE_INFINITY) {
            for (float v : x) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("calibration value " + v + " is not finite");
                }
            }
        }
        if (lo == 0f || hi == 0f) {
            boolean negZero = false;
            boolean posZero = false;
            for (float v : x) {
                int bits = Float.floatToRawIntBits(v);
                negZero |= bits == 0x80000000;
                posZero |= bits == 0;
            }
            lo = lo == 0f ? (negZero ? -0f : 0f) : lo;
            hi = hi == 0f ? (posZero ? 0f : -0f) : hi;
        }
        return new double[] {lo, hi, ab, zero};
    }

    /** Ends pass 1 and fixes the histogram ranges. */
    public void startHistograms() {
        if (absCounts != null) {
            throw new IllegalStateException("startHistograms() called twice");
        }
        absCounts = new long[2 * bins];   // the histogram, then a bin 0 for the zeros (see pass2)
        signedCounts = signed ? new long[bins] : null;
    }

    /** Pass 2: bins one sample of this tensor; the same samples as pass 1, in any order. */
    public void pass2(float[] x) {
        if (absCounts == null) {
            throw new IllegalStateException(rejected ? "pass2 after a rejected pass-2 sample"
                    : "pass2 before startHistograms()");
        }
        if (binned + x.length > count) {
            throw new IllegalStateException("pass 2 saw " + (binned + x.length) + " values, pass 1 only " + count
                    + ": both passes must see the same samples");
        }
        // Zeros (half of a ReLU's output) are counted apart: consecutive increments of one bin wait on each other.
        // The range check is in the same loop (the kept samples stream from memory once); a value outside the
        // pass-1 range leaves the histograms unreadable.
        double absScale = maxAbs == 0 ? 0 : bins / maxAbs;
        double signedScale = max == min ? 0 : bins / (max - min);
        float lo = (float) min;   // exact: min and max are floats
        float hi = (float) max;
        long zeros = 0;
        for (int k = 0; k < x.length; k++) {
            float v = x[k];
            if (!(v >= lo && v <= hi)) {
                absCounts = null;
                signedCounts = null;
                rejected = true;
                throw new IllegalArgumentException("pass 2 saw " + v + ", outside the pass-1 range [" + min + ", "
                        + max + "]: both passes must see the same samples");
            }
            // Without a branch on the value (after a ReLU half are zeros, at random): a zero lands in bin 0 of
            // the second copy, whose bin 0 is then dropped, and is counted apart.
            int z = isZero(v);
            zeros += z;
            absCounts[z * bins + bin(Math.abs((double) v), 0, maxAbs, absScale)]++;
        }
        absCounts[0] += zeros;
        absCounts[bins] = 0;
        if (signedCounts != null) {
            for (float v : x) {
                signedCounts[bin(v, min, max, signedScale)]++;
            }
        }
        binned += x.length;
    }

    /** 1 for +0 and -0, else 0, without a branch. */
    private static int isZero(float v) {
        return ((Float.floatToRawIntBits(v) & 0x7fffffff) - 1) >>> 31;
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
        // fast == 0 only for x == lo (the product of a nonzero difference and the scale does not underflow), where
        // the exact expression is 0 too.
        int i = frac > 1e-9 & frac < 1 - 1e-9 | fast == 0 ? (int) fast : (int) ((x - lo) / (hi - lo) * bins);
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
        return new Histogram(0, maxAbs, java.util.Arrays.copyOf(absCounts, bins));
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
