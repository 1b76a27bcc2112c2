package dev.j2cmsis.sim.kernels.q15;

/** Function ids of the q15 C test driver (q15_kernel_driver.c) and the element width of its blocks. */
enum Q15Kernel {
    CONV_BASIC(0), CONV_FAST(1), CONV_FAST_DSP(2), CONV_FAST_NONSQUARE(3), FC_Q15(4), FC_Q15_OPT(5),
    FC_MAT_Q7_VEC_Q15(6), FC_MAT_Q7_VEC_Q15_OPT(7), RELU(8), ACTIVATIONS(9), SOFTMAX(10), Q7_TO_Q15_NO_SHIFT(11),
    /** j2cmsis's own: no CMSIS counterpart. */
    Q15_TO_Q7(12),
    /** j2cmsis's own: no CMSIS counterpart. */
    Q7_TO_Q15_SHIFT(13),
    /** j2cmsis's own: no CMSIS counterpart (CMSIS pools q7 only). */
    MAXPOOL_NONSQUARE(14),
    /** j2cmsis's own: no CMSIS counterpart (CMSIS pools q7 only). */
    AVEPOOL_NONSQUARE(15);

    final int id;

    Q15Kernel(int id) {
        this.id = id;
    }

    /** Not in CMSIS-NN: compared with the portable twin only. */
    boolean custom() {
        return this == Q15_TO_Q7 || this == Q7_TO_Q15_SHIFT || pool();
    }

    boolean pool() {
        return this == MAXPOOL_NONSQUARE || this == AVEPOOL_NONSQUARE;
    }

    /** Whether block A (the input), B (the matrix) and C (the bias) hold q7 rather than q15 elements. */
    boolean aIsQ7() {
        return this == Q7_TO_Q15_NO_SHIFT || this == Q7_TO_Q15_SHIFT;
    }

    boolean bcAreQ7() {
        return this == FC_MAT_Q7_VEC_Q15 || this == FC_MAT_Q7_VEC_Q15_OPT;
    }

    boolean outIsQ7() {
        return this == Q15_TO_Q7;
    }
}
