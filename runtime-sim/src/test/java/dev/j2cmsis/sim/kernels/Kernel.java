package dev.j2cmsis.sim.kernels;

/** Function ids of the C test driver (kernel_driver.c). */
enum Kernel {
    CONV_BASIC(0), CONV_FAST(1), CONV_RGB(2), FC(3), FC_OPT(4), MAXPOOL(5), MAXPOOL_DSP(6), AVEPOOL(7),
    AVEPOOL_DSP(8), RELU(9), ACTIVATIONS(10), SOFTMAX(11);

    final int id;

    Kernel(int id) {
        this.id = id;
    }

    boolean isDspVariant() {
        return this == MAXPOOL_DSP || this == AVEPOOL_DSP;
    }
}
