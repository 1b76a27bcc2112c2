package dev.j2cmsis.sim.kernels.s8;

/** {@code cmsis_nn_dw_conv_params} of CMSIS-NN v7.0.0; offsets as in {@link ConvParams}. */
public record DwConvParams(int inputOffset, int outputOffset, int chMult, CmsisTile stride, CmsisTile padding,
        CmsisTile dilation, CmsisActivation activation) implements java.io.Serializable {

    /** The {@code cmsis_nn_conv_params} CMSIS-NN builds from these when it runs a depthwise conv as a conv. */
    public ConvParams toConvParams() {
        return new ConvParams(inputOffset, outputOffset, stride, padding, dilation, activation);
    }
}
