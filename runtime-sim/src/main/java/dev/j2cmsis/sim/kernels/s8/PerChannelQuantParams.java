package dev.j2cmsis.sim.kernels.s8;

/**
 * {@code cmsis_nn_per_channel_quant_params} of CMSIS-NN v7.0.0: one multiplier and one shift (TFLite exponent,
 * positive = left) per output channel. The arrays are not copied.
 */
public record PerChannelQuantParams(int[] multiplier, int[] shift)
        implements java.io.Serializable {
}
