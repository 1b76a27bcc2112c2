package dev.j2cmsis.sim.kernels.s8;

/** The function ids of kernel_driver_s8.c (see the format comment at its top). */
enum S8Function {
    CONVOLVE_WRAPPER(1), CONVOLVE(2), CONVOLVE_1X1_FAST(3), CONVOLVE_1X1(4), CONVOLVE_1_X_N(5),
    DEPTHWISE_WRAPPER(10), DEPTHWISE(11), DEPTHWISE_OPT(12), DEPTHWISE_3X3(13),
    FULLY_CONNECTED(20), FULLY_CONNECTED_PER_CHANNEL(21),
    AVGPOOL(30), MAX_POOL(31),
    SOFTMAX(40),
    ADD(50), MUL(51),
    RELU6(60), CONCATENATION_X(61), LUT(62),
    REQUANTIZE(70), BUFFER_SIZES(71), BUFFER_SIZE_VARIANTS(72);

    final int id;

    S8Function(int id) {
        this.id = id;
    }

    /** True for the ids whose parameters follow the conv-like layout p0..p23. */
    boolean convLike() {
        return id <= 31 || id == 71 || id == 72;
    }
}
