package dev.j2cmsis.processor.quant.stats;

/**
 * The bins of a fixed-bin histogram over {@code [lo, hi]}, by the definition {@code floor((x - lo) / (hi - lo) *
 * bins)} in double ({@code hi} itself and anything above in the last bin, anything below in bin 0, every value in bin
 * 0 when {@code lo == hi}), found without a division per value.
 *
 * <p>The definition is monotone in x, so bin j starts at one float: {@link #firstKey} keeps, per bin, the smallest
 * {@link #key} whose value lies in it or above, found once by bisection on the definition. A value's bin is then an
 * estimate that is never above the definition's ({@code (x - lo)} times {@code bins / (hi - lo)} lowered by 1e-9
 * relative, far more than the few units in the last place the two roundings differ by), raised while the value's key
 * reaches the next bin's first key: equal to the definition for every float, at two or three times the speed of the
 * estimate checked against bin edges with a division as fallback.
 */
final class Binner {
    private final double lo;
    private final double hi;
    private final int bins;
    /** bins / (hi - lo), lowered by 1e-9 relative: the estimate never exceeds the defining bin. */
    private final double estimateScale;
    /** bins / (hi - lo) lowered by 1e-6 relative, in float; 0 when that is not a finite float (tiny ranges). */
    private final float floatScale;
    /** [j]: the smallest key of a value in bin j or above, j in 1..bins-1; [0] = MIN_VALUE, [bins] = MAX_VALUE. */
    private final int[] firstKey;

    Binner(double lo, double hi, int bins) {
        this.lo = lo;
        this.hi = hi;
        this.bins = bins;
        this.estimateScale = hi == lo ? 0 : bins / (hi - lo) * (1 - 1e-9);
        float f = (float) (hi == lo ? 0 : bins / (hi - lo) * (1 - 1e-6));
        this.floatScale = Float.isFinite(f) && bins < 100_000 ? f : 0;
        firstKey = new int[bins + 1];
        firstKey[0] = Integer.MIN_VALUE;
        firstKey[bins] = Integer.MAX_VALUE;
        int loKey = key((float) lo);
        int hiKey = key((float) hi);
        for (int j = 1; j < bins; j++) {
            // The smallest key in [loKey, hiKey + 1) whose value's bin is j or above (hiKey + 1: none is).
            int a = Math.max(loKey, firstKey[j - 1]);
            int b = hiKey + 1;
            while (a < b) {
                int m = (int) (((long) a + b) >>> 1);
                if (bin(value(m)) >= j) {
                    b = m;
                } else {
                    a = m + 1;
                }
            }
            firstKey[j] = a;
        }
    }

    /**
     * An int ordered as the float is: by value, -0 just below +0, NaNs beyond the infinities (positive ones above,
     * negative ones below). Its own inverse on the bits ({@link #value}).
     */
    static int key(float v) {
        int b = Float.floatToRawIntBits(v);
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    static float value(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
    }

    /** The defining bin of x: {@code floor((x - lo) / (hi - lo) * bins)}, clamped to the bins. */
    int bin(double x) {
        if (hi == lo) {
            return 0;
        }
        int i = (int) ((x - lo) / (hi - lo) * bins);
        return Math.min(bins - 1, Math.max(0, i));
    }

    /**
     * Adds the bin of each value of {@code x[from..to)} (of |x| when {@code abs}) to {@code counts}, which holds four
     * histograms of {@code bins} ints one after the other: value k goes to copy {@code k & 3}, so that runs of equal
     * values (the zeros after a ReLU) do not wait on one counter. Values outside [lo, hi] land in the outer bins; the
     * caller rejects them.
     *
     * @return {min, max} of the values' {@link #key}s
     */
    int[] add(float[] x, int from, int to, boolean abs, int[] counts) {
        if (abs && lo == 0 && floatScale > 0) {
            return addAbsFloat(x, from, to, counts);
        }
        int mn = Integer.MAX_VALUE;
        int mx = Integer.MIN_VALUE;
        int[] first = firstKey;
        int last = bins - 1;
        double scale = estimateScale;
        double low = lo;
        for (int k = from; k < to; k++) {
            int b = Float.floatToRawIntBits(x[k]);
            int key = b ^ ((b >> 31) & 0x7fffffff);
            mn = Math.min(mn, key);
            mx = Math.max(mx, key);
            int binKey = abs ? b & 0x7fffffff : key;
            float v = abs ? Float.intBitsToFloat(binKey) : x[k];
            int i = Math.min(last, Math.max(0, (int) ((v - low) * scale)));
            while (i < last && binKey >= first[i + 1]) {
                i++;
            }
            counts[(k & 3) * bins + i]++;
        }
        return new int[] {mn, mx};
    }

    /**
     * The |x| histogram of a range starting at 0, with the estimate in float: |x| times the scale lowered by 1e-6
     * relative (float's two roundings are within 2e-7), so it still never exceeds the defining bin; a fifth faster
     * than in double. (Not for signed ranges, where x - lo may overflow a float.)
     */
    private int[] addAbsFloat(float[] x, int from, int to, int[] counts) {
        int mn = Integer.MAX_VALUE;
        int mx = Integer.MIN_VALUE;
        int[] first = firstKey;
        int last = bins - 1;
        float scale = floatScale;
        for (int k = from; k < to; k++) {
            int b = Float.floatToRawIntBits(x[k]);
            int key = b ^ ((b >> 31) & 0x7fffffff);
            mn = Math.min(mn, key);
            mx = Math.max(mx, key);
            int magnitude = b & 0x7fffffff;
            int i = Math.min(last, (int) (Float.intBitsToFloat(magnitude) * scale));
            while (i < last && magnitude >= first[i + 1]) {
                i++;
            }
            counts[(k & 3) * bins + i]++;
        }
        return new int[] {mn, mx};
    }
}
