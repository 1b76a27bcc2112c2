package dev.j2cmsis.sim.kernels.s8;

/** {@code cmsis_nn_fc_params} of CMSIS-NN v7.0.0; {@code filterOffset} is documented to be 0 (symmetric weights). */
public record FcParams(int inputOffset, int filterOffset, int outputOffset, CmsisActivation activation)
        implements java.io.Serializable {
}
