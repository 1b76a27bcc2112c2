package dev.j2cmsis.sim.kernels.s8;

/** {@code cmsis_nn_activation} of CMSIS-NN v7.0.0: the output clamp in the quantized output domain. */
public record CmsisActivation(int min, int max) implements java.io.Serializable {

    /** No clamp beyond the int8 range. */
    public static final CmsisActivation NONE = new CmsisActivation(-128, 127);
}
