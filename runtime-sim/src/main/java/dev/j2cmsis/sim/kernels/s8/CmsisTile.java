package dev.j2cmsis.sim.kernels.s8;

/** {@code cmsis_nn_tile} of CMSIS-NN v7.0.0: width first, as in the C struct. */
public record CmsisTile(int w, int h) implements java.io.Serializable {
}
