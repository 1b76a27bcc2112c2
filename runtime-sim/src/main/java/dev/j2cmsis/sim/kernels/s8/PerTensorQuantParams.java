package dev.j2cmsis.sim.kernels.s8;

/** {@code cmsis_nn_per_tensor_quant_params} of CMSIS-NN v7.0.0. */
public record PerTensorQuantParams(int multiplier, int shift) implements java.io.Serializable {
}
