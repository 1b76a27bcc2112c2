package dev.j2cmsis.processor.plan;

/** The legacy q7 convolution kernels, with the CMSIS function each one calls. */
public enum ConvVariant {
    BASIC("convolve_HWC_q7_basic"), FAST("convolve_HWC_q7_fast"), RGB("convolve_HWC_q7_RGB");

    private final String function;

    ConvVariant(String function) {
        this.function = function;
    }

    /** The function name without the {@code arm_} / {@code j2cmsis_} prefix. */
    public String function() {
        return function;
    }
}
