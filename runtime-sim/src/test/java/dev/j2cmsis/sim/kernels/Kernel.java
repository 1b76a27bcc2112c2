package dev.j2cmsis.sim.kernels;

/**
 * Function ids of the C test driver (kernel_driver.c). The ids of this q7 set start at 32 after the original 0..11,
 * leaving 12..31 to other kernel families.
 */
enum Kernel {
    CONV_BASIC(0), CONV_FAST(1), CONV_RGB(2), FC(3), FC_OPT(4), MAXPOOL(5), MAXPOOL_DSP(6), AVEPOOL(7),
    AVEPOOL_DSP(8), RELU(9), ACTIVATIONS(10), SOFTMAX(11),
    CONV_BASIC_NONSQUARE(32), CONV_FAST_NONSQUARE(33), CONV_1X1_FAST_NONSQUARE(34), DEPTHWISE(35),
    DEPTHWISE_NONSQUARE(36),
    /** Kernels CMSIS lacks (j2cmsis_* only, {@link J2cmsisCustomQ7}): no real-CMSIS comparison. */
    J_MAXPOOL_NONSQUARE(48), J_AVEPOOL_NONSQUARE(49), J_ADD(50), J_CONCAT_CH(51), J_RESCALE(52),
    J_AVEPOOL_NONSQUARE_SHIFT(53),
    /** {@code j2cmsis_convolve_HWC_q7_wide}: B holds the q7 weights, then at byte p[14] their widened q15 layout. */
    J_CONV_WIDE(54);

    final int id;

    Kernel(int id) {
        this.id = id;
    }

    boolean isDspVariant() {
        return this == MAXPOOL_DSP || this == AVEPOOL_DSP;
    }

    /** Whether an arm_* function of CMSIS-NN 5.9.0 exists for this id (false for the j2cmsis-only kernels). */
    boolean inCmsis() {
        return id < 48;
    }
}
