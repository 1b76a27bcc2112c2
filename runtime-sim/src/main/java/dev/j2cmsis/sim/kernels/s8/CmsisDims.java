package dev.j2cmsis.sim.kernels.s8;

/** {@code cmsis_nn_dims} of CMSIS-NN v7.0.0 {@code Include/arm_nn_types.h}; field order n, h, w, c as in C. */
public record CmsisDims(int n, int h, int w, int c) implements java.io.Serializable {

    /** {@code n*h*w*c}. */
    public int size() {
        return n * h * w * c;
    }
}
