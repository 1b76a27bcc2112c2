package dev.j2cmsis.processor.plan;

/** The legacy q7 convolution kernels, with the CMSIS function each one calls. */
public enum ConvVariant {
    BASIC("convolve_HWC_q7_basic", true),
    FAST("convolve_HWC_q7_fast", true),
    RGB("convolve_HWC_q7_RGB", true),
    BASIC_NONSQUARE("convolve_HWC_q7_basic_nonsquare", false),
    FAST_NONSQUARE("convolve_HWC_q7_fast_nonsquare", false),
    ONE_BY_ONE("convolve_1x1_HWC_q7_fast_nonsquare", false),
    DEPTHWISE("depthwise_separable_conv_HWC_q7", true),
    DEPTHWISE_NONSQUARE("depthwise_separable_conv_HWC_q7_nonsquare", false),
    Q15_BASIC("convolve_HWC_q15_basic", true),
    Q15_FAST("convolve_HWC_q15_fast", true),
    Q15_FAST_NONSQUARE("convolve_HWC_q15_fast_nonsquare", false);

    private final String function;
    private final boolean square;

    ConvVariant(String function, boolean square) {
        this.function = function;
        this.square = square;
    }

    /** The function name without the {@code arm_} / {@code j2cmsis_} prefix. */
    public String function() {
        return function;
    }

    public boolean q15() {
        return this == Q15_BASIC || this == Q15_FAST || this == Q15_FAST_NONSQUARE;
    }

    /** Takes the square argument list (one dim, kernel, padding, stride); else x before y per axis. */
    public boolean square() {
        return square;
    }
}
