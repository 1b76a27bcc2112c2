package dev.j2cmsis.sim.kernels.s8;

/** {@code arm_relu6_s8} of CMSIS-NN v7.0.0 ({@code Source/ActivationFunctions/arm_relu6_s8.c}). */
public final class ArmActivationS8 {

    private ArmActivationS8() {
    }

    /**
     * {@code arm_relu6_s8(data, size)}: clamps the raw int8 values to [0, 6] in place (no quantization: TFLite's
     * fused RELU6 is the producing kernel's activation clamp instead). {@code size} is a uint16 in C and is truncated
     * like it.
     */
    public static void arm_relu6_s8(byte[] data, int off, int size) {
        int n = size & 0xFFFF;
        for (int i = 0; i < n; i++) {
            data[off + i] = (byte) Math.min(Math.max(data[off + i], 0), 6);
        }
    }
}
