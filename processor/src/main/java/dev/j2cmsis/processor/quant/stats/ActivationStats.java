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

    /**
     * What a tensor's statistics hold, so that a backend pays only for what it reads: the value count alone, the
     * count with the range (min, max, max |x|, zeros), those with the signed histogram only ({@code PLOT}: a tensor a
     * report plots but no range method reads), or those with the histograms of pass 2 (the |x| one, and the signed
     * one when constructed {@code signed}).
     */
    public enum Collect { COUNT, RANGE, PLOT, HISTOGRAMS }

    private final int bins;
    private final boolean signed;
    private final Collect collect;
    private boolean started;
    /** A pass-2 value outside the pass-1 range was seen: the histograms are incomplete for good. */
    private boolean rejected;
    private long zeros;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double maxAbs;
    /**
     * The histogram pass 2 bins first, whose loop also checks the pass-1 range: of |x| when the |x| histogram is
     * read or equals the signed one (no negative value), else the signed one.
     */
    private Binner firstBinner;
    private boolean firstAbs;
    /** The signed histogram when it differs from the first. */
    private Binner signedBinner;
    /** Four int histograms each ({@link Binner#add}), folded into the long totals before they could overflow. */
    private int[] firstPending;
    private int[] signedPending;
    private long pending;
    private long[] firstCounts;
    /** The |x| histogram's totals ({@link #firstCounts}), null when not collected. */
    private long[] absCounts;
    /** The signed histogram's totals: {@link #firstCounts} itself when they are the same bins; null when not kept. */
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
        this(bins, signed, Collect.HISTOGRAMS);
    }

    /**
     * {@code collect}: what to gather; reading anything else throws ({@link IllegalStateException}), so a backend
     * that reads more than it asked for fails at once instead of reading zeros.
     */
    public ActivationStats(int bins, boolean signed, Collect collect) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, was " + bins);
        }
        if (collect == Collect.PLOT && !signed) {
            throw new IllegalArgumentException("PLOT collects the signed histogram only: it needs signed = true");
        }
        this.bins = bins;
        this.signed = signed;
        this.collect = collect;
    }

    public Collect collects() {
        return collect;
    }

    /** Pass 1: range statistics of one sample of this tensor. */
    public void pass1(float[] x) {
        if (started) {
            throw new IllegalStateException("pass1 after startHistograms(): pass 1 must see every sample first");
        }
        if (collect == Collect.COUNT) {
            count += x.length;
            return;
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
        require(Collect.RANGE);
        return zeros;
    }

    /**
     * {min, max, max |v|, zeros} of a sample, the first three as Math.min/max give them (-0 below +0), after checking
     * every value is finite; in float, since converting the result to double is exact. On the values' int keys
     * ({@link Binner#key}: ordered as the floats, -0 just below +0) and magnitude bits: four int reductions without a
     * branch, several times faster than float comparisons or the Math.min/max intrinsics, which order signed zeros
     * and NaNs on every element. A magnitude at or above the infinities' is an infinity or a NaN.
     */
    private static double[] range(float[] x) {
        if (x.length == 0) {
            return new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0};
        }
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        int abs = 0;
        int zeros = 0;
        for (float v : x) {
            int b = Float.floatToRawIntBits(v);
            int magnitude = b & 0x7fffffff;
            int key = b ^ ((b >> 31) & 0x7fffffff);
            lo = Math.min(lo, key);
            hi = Math.max(hi, key);
            abs = Math.max(abs, magnitude);
            zeros += (magnitude - 1) >>> 31;
        }
        if (abs >= 0x7f800000) {
            for (float v : x) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("calibration value " + v + " is not finite");
                }
            }
        }
        return new double[] {Binner.value(lo), Binner.value(hi), Float.intBitsToFloat(abs), zeros};
    }

    /** Ends pass 1 and fixes the histogram ranges. */
    public void startHistograms() {
        if (started) {
            throw new IllegalStateException("startHistograms() called twice");
        }
        started = true;
        if (collect.compareTo(Collect.PLOT) < 0) {
            return;
        }
        // With no negative value (a ReLU's output, half of a CNN's tensors) [min, max] is [0, max |x|] and each
        // value's bin that of |x|: the |x| histogram is the signed one, and is not binned twice.
        boolean nonNegative = count > 0 && min == 0;
        boolean abs = collect == Collect.HISTOGRAMS;
        firstAbs = abs || nonNegative;
        firstCounts = new long[bins];
        firstPending = new int[4 * bins];
        firstBinner = firstAbs ? new Binner(0, maxAbs, bins) : signedBinner();
        absCounts = abs ? firstCounts : null;
        if (!signed) {
            return;
        }
        if (!abs || nonNegative) {
            signedCounts = firstCounts;
        } else {
            signedCounts = new long[bins];
            signedPending = new int[4 * bins];
            signedBinner = signedBinner();
        }
    }

    private Binner signedBinner() {
        return count == 0 ? new Binner(0, 0, bins) : new Binner(min, max, bins);
    }

    /** Pass 2: bins one sample of this tensor; the same samples as pass 1, in any order. */
    public void pass2(float[] x) {
        pass2(x, 0, x.length);
    }

    /** Pass 2 of the values {@code x[from..to)}: one sample or several, of those pass 1 saw, in any order. */
    public void pass2(float[] x, int from, int to) {
        int length = to - from;
        require(Collect.PLOT);
        if (firstCounts == null) {
            throw new IllegalStateException(rejected ? "pass2 after a rejected pass-2 sample"
                    : "pass2 before startHistograms()");
        }
        if (binned + length > count) {
            throw new IllegalStateException("pass 2 saw " + (binned + length) + " values, pass 1 only " + count
                    + ": both passes must see the same samples");
        }
        if (pending + length > Integer.MAX_VALUE) {
            fold();
        }
        // The range check rides on the binning loop (the kept samples stream from memory once): a value outside the
        // pass-1 range leaves the histograms unreadable.
        int[] keys = firstBinner.add(x, from, to, firstAbs, firstPending);
        int loKey = Binner.key((float) min);
        int hiKey = Binner.key((float) max);
        if (length > 0 && (keys[0] < loKey || keys[1] > hiKey)) {
            firstCounts = null;
            absCounts = null;
            signedCounts = null;
            rejected = true;
            float bad = 0;
            for (int k = from; k < to; k++) {
                if (Binner.key(x[k]) < loKey || Binner.key(x[k]) > hiKey) {
                    bad = x[k];
                    break;
                }
            }
            throw new IllegalArgumentException("pass 2 saw " + bad + ", outside the pass-1 range [" + min + ", "
                    + max + "]: both passes must see the same samples");
        }
        if (signedBinner != null) {
            signedBinner.add(x, from, to, false, signedPending);
        }
        pending += length;
        binned += length;
        if (binned == count) {
            fold();
        }
    }

    /** Adds the four int histograms of each kind into the long totals and clears them. */
    private void fold() {
        fold(firstPending, firstCounts);
        if (signedPending != null) {
            fold(signedPending, signedCounts);
        }
        pending = 0;
    }

    private void fold(int[] pendingCounts, long[] counts) {
        for (int i = 0; i < pendingCounts.length; i++) {
            counts[i % bins] += pendingCounts[i];
        }
        java.util.Arrays.fill(pendingCounts, 0);
    }

    /** Values seen in pass 1. */
    public long count() {
        return count;
    }

    /** Smallest value seen; {@code +Infinity} before any value. */
    public double min() {
        require(Collect.RANGE);
        return min;
    }

    /** Largest value seen; {@code -Infinity} before any value. */
    public double max() {
        require(Collect.RANGE);
        return max;
    }

    /** Largest |x| seen (0 before any value): exactly what the old minmax rule reads. */
    public double maxAbs() {
        require(Collect.RANGE);
        return maxAbs;
    }

    public int bins() {
        return bins;
    }

    /** True once pass 2 has binned as many values as pass 1 saw. */
    public boolean complete() {
        return firstCounts != null && binned == count;
    }

    /** Histogram of |x| over {@code [0, maxAbs]}; the range methods read this one. */
    public Histogram absHistogram() {
        requireComplete(Collect.HISTOGRAMS);
        return new Histogram(0, maxAbs, absCounts);
    }

    /** Histogram of x over {@code [min, max]} (for plots); {@code [0, 0]} when no value was seen. */
    public Histogram signedHistogram() {
        requireComplete(Collect.PLOT);
        if (signedCounts == null) {
            throw new IllegalStateException("collected without the signed histogram");
        }
        return count == 0 ? new Histogram(0, 0, signedCounts) : new Histogram(min, max, signedCounts);
    }

    /** Throws unless this tensor collects at least {@code what}. */
    private void require(Collect what) {
        if (collect.compareTo(what) < 0) {
            throw new IllegalStateException("this tensor's statistics were collected as " + collect + ", not " + what
                    + ": the backend's statistics() must ask for what it reads");
        }
    }

    private void requireComplete(Collect what) {
        require(what);
        if (!complete()) {
            throw new IllegalStateException(firstCounts == null ? "histograms read before startHistograms()"
                    : "histograms read after pass 2 binned " + binned + " of the " + count + " values of pass 1");
        }
    }
}
