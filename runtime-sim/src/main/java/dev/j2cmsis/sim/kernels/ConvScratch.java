package dev.j2cmsis.sim.kernels;

/**
 * Per-thread scratch of the convolution reference loops ({@link ArmConvolveQ7}, {@link ArmConvolveQ15}): the
 * weights widened to int, one array per output channel, and one im2col patch. One array per channel because C2
 * (JDK 17) vectorises the dot product {@code acc += col[t] * row[t]} better than {@code col[t] * w[wp + t]} with a
 * variable offset into one array of all the weights (LenetBenchTest: 0.88-0.93x of gcc -O2 before, 1.02-1.06x
 * after). {@link PlaneConv} keeps its zero-padded input planes, per-tap runs and accumulators here too.
 */
final class ConvScratch {
    private static final ThreadLocal<ConvScratch> SCRATCH = ThreadLocal.withInitial(ConvScratch::new);

    /** At least {@code chOut} rows of at least {@code patch} ints. */
    int[][] rows = new int[0][0];
    /** At least {@code patch} ints. */
    int[] col = new int[0];
    /** {@link PlaneConv}: the zero-padded input planes. */
    int[] planes = new int[0];
    /** {@link PlaneConv}: one output channel's accumulators. */
    int[] acc = new int[0];
    /** {@link PlaneConv}: per tap, its run of {@link #planes} and its widened weight. */
    int[][] cols = new int[0][0];
    int[] tapW = new int[0];

    private ConvScratch() {
    }

    /** This thread's scratch, grown to hold {@code chOut} filters of {@code patch} taps. */
    static ConvScratch get(int chOut, int patch) {
        ConvScratch s = SCRATCH.get();
        if (s.rows.length < chOut || s.rows.length == 0 || s.rows[0].length < patch) {
            int len = s.rows.length == 0 ? patch : Math.max(patch, s.rows[0].length);
            s.rows = new int[Math.max(chOut, s.rows.length)][len];
        }
        if (s.col.length < patch) {
            s.col = new int[patch];
        }
        return s;
    }

    /** This thread's scratch, grown for {@link PlaneConv}: planes, accumulators and taps of these sizes. */
    static ConvScratch planes(int planeInts, int span, int taps) {
        ConvScratch s = SCRATCH.get();
        if (s.planes.length < planeInts) {
            s.planes = new int[planeInts];
        }
        if (s.acc.length < span) {
            s.acc = new int[span];
        }
        if (s.cols.length < taps) {
            s.cols = java.util.Arrays.copyOf(s.cols, taps);
        }
        for (int t = 0; t < taps; t++) {
            if (s.cols[t] == null || s.cols[t].length < span) {
                s.cols[t] = new int[span];
            }
        }
        if (s.tapW.length < taps) {
            s.tapW = new int[taps];
        }
        return s;
    }
}
