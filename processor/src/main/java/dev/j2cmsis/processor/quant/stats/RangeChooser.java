package dev.j2cmsis.processor.quant.stats;

import dev.j2cmsis.processor.quant.QFormat;

/**
 * Clipping thresholds and q7 formats from a calibration |x| histogram ({@link ActivationStats#absHistogram()},
 * range {@code [0, maxAbs]}, bin width {@code w = maxAbs / B}).
 *
 * <p>{@link #threshold} gives a clipping threshold T per method, {@link #fracFor} the format that holds T
 * (QFormat's rule). {@link #chooseFrac} gives the format directly; it equals {@code fracFor(threshold(h, m))}
 * for minmax and percentile, but not for kld, which is scored at the realizable thresholds only: with
 * power-of-two formats the clip can only be {@code 127 * 2^-frac}, so a TensorRT threshold between two of
 * those is rounded up to the coarser format by {@code fracFor} and its KL score says nothing about the format
 * actually used.
 *
 * <p>Everything here is plain double arithmetic in a fixed order with {@link StrictMath}, so a histogram gives
 * the same threshold and format, bit for bit, on every run and JVM.
 */
public final class RangeChooser {
    /** |x| levels of a q7 format: codes 0..127 (the extra negative code -128 is ignored, as in TensorRT). */
    public static final int Q7_LEVELS = 128;
    /**
     * A finer kld candidate needs at least this many histogram bins per level under its clip: with fewer, a
     * level spans about one bin, the histogram cannot show how values spread inside it, and the divergence
     * drops toward 0 for lack of resolution rather than for accuracy.
     */
    public static final int MIN_BINS_PER_LEVEL = 2;
    /** Mass given to empty bins before the KL divergence (MXNet's and TVM's {@code _smooth_distribution}). */
    public static final double SMOOTHING_EPS = 1e-4;
    /** {@link #kldThreshold} tries every bin edge for up to this many bins, every k-th edge beyond. */
    public static final int MAX_KLD_CANDIDATES = 2048;

    private RangeChooser() {
    }

    /**
     * The clipping threshold of a method: minmax, the largest |x| ({@code hi}); percentile, {@link #percentile};
     * kld, {@link #kldThreshold} with {@link #Q7_LEVELS} levels. 0 for an all-zero tensor.
     */
    public static double threshold(Histogram abs, RangeMethod method) {
        checkAbs(abs);
        if (method instanceof RangeMethod.MinMax) {
            return abs.hi();
        } else if (method instanceof RangeMethod.Percentile p) {
            return percentile(abs, p.p());
        } else if (method instanceof RangeMethod.Kld) {
            return kldThreshold(abs, Q7_LEVELS);
        }
        throw new AssertionError(method);
    }

    /**
     * The q7 format (fractional bits) for a tensor:
     * <ul>
     *   <li>minmax: {@code fracFor(maxAbs)}, exactly the processor's old rule;</li>
     *   <li>percentile(p): {@code fracFor(percentile(abs, p))};</li>
     *   <li>kld(n): with f0 = {@code fracFor(maxAbs)}, the frac f in f0..f0+n with the smallest
     *       {@link #formatDivergence}, the smaller f on a tie; candidates finer than f0 are tried in order and
     *       the search stops at the first with fewer than {@link #MIN_BINS_PER_LEVEL} bins per level under its
     *       clip. Coarser than f0 is never tried: it only adds rounding error and clips nothing more.</li>
     * </ul>
     * All-zero tensor: 7, as QFormat.
     */
    public static int chooseFrac(Histogram abs, RangeMethod method) {
        checkAbs(abs);
        if (method instanceof RangeMethod.Kld k) {
            int f0 = fracFor(abs.hi());
            if (abs.hi() == 0) {
                return f0;
            }
            int best = f0;
            double bestDivergence = formatDivergence(abs, f0);
            for (int f = f0 + 1; f <= f0 + k.extraBits(); f++) {
                if (binsUnderClip(abs, f) < MIN_BINS_PER_LEVEL * Q7_LEVELS) {
                    break;
                }
                double d = formatDivergence(abs, f);
                if (d < bestDivergence) {
                    best = f;
                    bestDivergence = d;
                }
            }
            return best;
        }
        return fracFor(threshold(abs, method));
    }

    /** QFormat's rule: frac = 7 - ceil(log2(t)), 7 for t = 0. */
    public static int fracFor(double threshold) {
        return QFormat.fracFor(threshold);
    }

    /** The largest |x| a q7 format holds: {@code 127 * 2^-frac}. */
    public static double clip(int frac) {
        return Math.scalb(127.0, -frac);
    }

    /**
     * The |x| below which {@code p} percent of the values lie: with target {@code t = p / 100 * total}, the
     * first non-empty bin i whose cumulative count reaches t, interpolated linearly inside it (values taken as
     * uniform in the bin): {@code edge(i) + w * (t - before) / count(i)}, capped at maxAbs. p = 100 gives
     * maxAbs exactly; an empty or all-zero histogram gives 0.
     */
    public static double percentile(Histogram abs, double p) {
        checkAbs(abs);
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        long total = abs.total();
        if (total == 0 || abs.hi() == 0) {
            return 0;
        }
        if (p == 100) {
            return abs.hi();
        }
        double target = p / 100 * total;
        double w = abs.binWidth();
        long before = 0;
        for (int i = 0; i < abs.bins(); i++) {
            long c = abs.count(i);
            if (c > 0 && before + c >= target) {
                return Math.min(abs.hi(), abs.lo() + (i + (target - before) / c) * w);
            }
            before += c;
        }
        return abs.hi();
    }

    /**
     * TensorRT's entropy calibration (as in MXNet's and TVM's {@code _get_optimal_threshold} and NNoM): for
     * each candidate i bins (i = levels, levels + k, levels + 2k, ... and B, with k = ceil(B / 2048)), the
     * threshold is the bin edge {@code i * w} and the score the {@linkplain #divergence KL divergence} of
     * quantizing into {@code levels} groups of {@code floor(i / levels)} bins (the last group takes the rest).
     * Returns the edge with the smallest score, the smallest edge on a tie; maxAbs when there are no more bins
     * than levels; 0 for an all-zero tensor.
     */
    public static double kldThreshold(Histogram abs, int levels) {
        checkAbs(abs);
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be at least 1, was " + levels);
        }
        int bins = abs.bins();
        if (abs.hi() == 0 || bins <= levels) {
            return abs.hi();
        }
        long[] h = abs.counts();
        int stride = (bins + MAX_KLD_CANDIDATES - 1) / MAX_KLD_CANDIDATES;
        int bestBins = bins;
        double best = Double.POSITIVE_INFINITY;
        for (int i = levels; ; i = Math.min(bins, i + stride)) {
            int merged = i / levels;
            int[] groupOf = new int[i];
            for (int j = 0; j < i; j++) {
                groupOf[j] = Math.min(levels - 1, j / merged);
            }
            double d = divergence(h, i, groupOf, levels);
            if (d < best) {
                best = d;
                bestBins = i;
            }
            if (i == bins) {
                break;
            }
        }
        return abs.edge(bestBins);
    }

    /**
     * The KL divergence of quantizing the histogram with q7 format {@code frac}: step {@code s = 2^-frac},
     * clip {@code C = 127 * s}. The reference keeps the first {@link #binsUnderClip} n bins (those starting
     * below C); each bin j goes to the q7 code its centre rounds to, {@code min(127, floor((j + 0.5) * w / s
     * + 0.5))}, so the 128 groups are the rounding intervals of the format, not TensorRT's equal slices; then
     * {@link #divergence}. Not defined for an all-zero tensor.
     */
    public static double formatDivergence(Histogram abs, int frac) {
        checkAbs(abs);
        if (abs.hi() == 0) {
            throw new IllegalArgumentException("no divergence for an all-zero tensor");
        }
        int n = binsUnderClip(abs, frac);
        double w = abs.binWidth();
        double s = Math.scalb(1.0, -frac);
        int[] groupOf = new int[n];
        for (int j = 0; j < n; j++) {
            groupOf[j] = (int) Math.min(Q7_LEVELS - 1, Math.floor((j + 0.5) * w / s + 0.5));
        }
        return divergence(abs.counts(), n, groupOf, Q7_LEVELS);
    }

    /** Bins that start below the clip of {@code frac}: {@code min(B, ceil(C / w))}, at least 1. */
    public static int binsUnderClip(Histogram abs, int frac) {
        double c = clip(frac);
        if (c >= abs.hi()) {
            return abs.bins();
        }
        return (int) Math.max(1, Math.min(abs.bins(), Math.ceil(c / abs.binWidth())));
    }

    /**
     * KL(P || Q) for clipping the histogram {@code h} after {@code n} bins, as TensorRT and MXNet define it:
     * <ul>
     *   <li>P: {@code h[0..n)}, with the clipped tail {@code sum h[n..]} added to {@code P[n-1]};</li>
     *   <li>Q: {@code h[0..n)} without the tail, summed per group ({@code groupOf}, nondecreasing) and spread
     *       evenly back over the bins of the group where P is not zero; 0 where P is 0. Leaving the tail out
     *       of Q is what makes clipping cost: P piles it in the last bin, Q does not;</li>
     *   <li>smoothing: every zero bin of P and of Q gets {@link #SMOOTHING_EPS} (MXNet also takes the same
     *       total off the nonzero bins; normalizing does that here, and no bin can go negative);</li>
     *   <li>both normalized to sum 1; result {@code sum_j P_j ln(P_j / Q_j)} in nats.</li>
     * </ul>
     */
    static double divergence(long[] h, int n, int[] groupOf, int groups) {
        double[] p = new double[n];
        double[] mass = new double[groups];
        int[] nonzero = new int[groups];
        long tail = 0;
        for (int j = n; j < h.length; j++) {
            tail += h[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] = h[j];
            mass[groupOf[j]] += h[j];
        }
        p[n - 1] += tail;
        for (int j = 0; j < n; j++) {
            if (p[j] != 0) {
                nonzero[groupOf[j]]++;
            }
        }
        // Sums of the smoothed P and Q; Q is 0 wherever P is, and also where P holds only clipped tail.
        double sumP = 0;
        double sumQ = 0;
        int zerosP = 0;
        double[] q = new double[n];
        for (int j = 0; j < n; j++) {
            if (p[j] == 0) {
                zerosP++;
                continue;
            }
            double v = mass[groupOf[j]] / nonzero[groupOf[j]];
            q[j] = v == 0 ? SMOOTHING_EPS : v;
            sumP += p[j];
            sumQ += q[j];
        }
        sumP += zerosP * SMOOTHING_EPS;
        sumQ += zerosP * SMOOTHING_EPS;
        double kl = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] != 0) {
                double pj = p[j] / sumP;
                kl += pj * StrictMath.log(pj / (q[j] / sumQ));
            }
        }
        // Every bin empty in P is eps in both: the same term each, eps/sumP * ln(sumQ/sumP); one log for all.
        if (zerosP > 0) {
            kl += zerosP * (SMOOTHING_EPS / sumP) * StrictMath.log(sumQ / sumP);
        }
        return kl;
    }

    private static void checkAbs(Histogram abs) {
        if (abs.lo() != 0) {
            throw new IllegalArgumentException("expected an |x| histogram over [0, maxAbs], got lo = " + abs.lo());
        }
    }
}
