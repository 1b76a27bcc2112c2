package dev.j2cmsis.sim.kernels.s8;

/**
 * {@code cmsis_nn_conv_params} of CMSIS-NN v7.0.0. {@code inputOffset} is minus the input zero point (added to
 * every input value), {@code outputOffset} the output zero point (added after requantization).
 */
public record ConvParams(int inputOffset, int outputOffset, CmsisTile stride, CmsisTile padding, CmsisTile dilation,
        CmsisActivation activation) implements java.io.Serializable {
}
