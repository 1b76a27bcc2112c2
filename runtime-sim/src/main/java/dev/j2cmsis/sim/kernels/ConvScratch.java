package dev.j2cmsis.sim.kernels;

/**
 * Per-thread scratch of the convolution reference loops ({@link ArmConvolveQ7}, {@link ArmConvolveQ15}): the
 * weights widened to int, one array per output channel, and one im2col patch. One array per channel because C2
 * (JDK 17) vectorises the dot product {@code acc += col[t] * row[t]} better than {@code col[t] * w[wp + t]} with a
 * variable offset into one array of all the weights (LenetBenchTest: 0.88-0.93x of gcc -O2 before, 1.02-1.06x
 * after).
 */
final class ConvScratch {
    private static final ThreadLocal<ConvScratch> SCRATCH = ThreadLocal.withInitial(ConvScratch::new);

    /** At least {@code chOut} rows of at least {@code patch} ints. */
    int[][] rows = new int[0][0];
    /** At least {@code patch} ints. */
    int[] col = new int[0];

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
}
