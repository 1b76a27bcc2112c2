package dev.j2cmsis.sim.kernels.s8;

/** {@code cmsis_nn_pool_params} of CMSIS-NN v7.0.0. */
public record PoolParams(CmsisTile stride, CmsisTile padding, CmsisActivation activation)
        implements java.io.Serializable {
}
