package dev.j2cmsis.sim.kernels;

/**
 * q7 activations of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), {@code CMSIS/NN/Source/ActivationFunctions/arm_relu_q7.c}
 * and {@code arm_nn_activations_q7.c}. Both work in place; the plain-C and DSP paths are identical.
 */
public final class ArmActivationsQ7 {

    /** {@code ARM_SIGMOID} of {@code arm_nn_activation_type}. */
    public static final int ARM_SIGMOID = 0;
    /** {@code ARM_TANH} of {@code arm_nn_activation_type}. */
    public static final int ARM_TANH = 1;

    /**
     * The 256-entry q7 sigmoid table: entry i stands for x = (int8) i / 16 (Q3.4) and holds
     * {@code clamp(floor(sigmoid(x) * 128 + 0.5), -128, 127)}. Derived from that formula, equal to
     * {@code sigmoidTable_q7} of {@code arm_nntables.c} (checked by the tests).
     */
    static final byte[] SIGMOID_TABLE_Q7 = {
            64, 66, 68, 70, 72, 74, 76, 78, 80, 82, 83, 85, 87, 89, 90, 92,
            94, 95, 97, 98, 99, 101, 102, 103, 105, 106, 107, 108, 109, 110, 111, 112,
            113, 114, 114, 115, 116, 116, 117, 118, 118, 119, 119, 120, 120, 121, 121, 122,
            122, 122, 123, 123, 123, 124, 124, 124, 124, 124, 125, 125, 125, 125, 125, 126,
            126, 126, 126, 126, 126, 126, 126, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
            2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 6,
            6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12, 12, 13, 14, 14,
            15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 29, 30, 31, 33,
            34, 36, 38, 39, 41, 43, 45, 46, 48, 50, 52, 54, 56, 58, 60, 62,    };

    /** The q7 tanh table, same index convention: {@code clamp(floor(tanh(x) * 128 + 0.5), -128, 127)}. */
    static final byte[] TANH_TABLE_Q7 = {
            0, 8, 16, 24, 31, 39, 46, 53, 59, 65, 71, 76, 81, 86, 90, 94,
            97, 101, 104, 106, 109, 111, 113, 114, 116, 117, 118, 120, 120, 121, 122, 123,
            123, 124, 124, 125, 125, 126, 126, 126, 126, 126, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
            -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
            -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
            -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
            -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
            -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -127,
            -127, -127, -127, -127, -127, -127, -127, -126, -126, -126, -126, -126, -125, -125, -124, -124,
            -123, -123, -122, -121, -120, -120, -118, -117, -116, -114, -113, -111, -109, -106, -104, -101,
            -97, -94, -90, -86, -81, -76, -71, -65, -59, -53, -46, -39, -31, -24, -16, -8,    };

    private ArmActivationsQ7() {
    }

    /**
     * {@code arm_relu_q7}: in place, every negative element becomes 0. {@code size} is a C {@code uint16_t}
     * (reduced mod 65536): larger tensors must be split into several calls.
     */
    public static void arm_relu_q7(byte[] data, int off, int size) {
        final int end = off + NnSupport.u16(size);
        for (int i = off; i < end; i++) {
            // branch-free (v & ~(v >> 31) is v or 0) so C2 vectorises it; the branch mispredicted on every sign change
            final int v = data[i];
            data[i] = (byte) (v & ~(v >> 31));
        }
    }

    /**
     * {@code arm_nn_activations_direct_q7}: in place, {@code x = T[(uint8)(x >> (3 - int_width))]} with T the
     * sigmoid table for type {@link #ARM_SIGMOID} (0) and the tanh table for any other type (the C
     * {@code default:} branch). The input is Q(int_width).(7 - int_width); int_width must be 0..3 (a larger
     * value makes the C shift count wrap, undefined behaviour).
     */
    public static void arm_nn_activations_direct_q7(byte[] data, int off, int size, int intWidth, int type) {
        final byte[] table = type == ARM_SIGMOID ? SIGMOID_TABLE_Q7 : TANH_TABLE_Q7;
        final int shift = NnSupport.u16(3 - NnSupport.u16(intWidth));
        final int end = off + NnSupport.u16(size);
        for (int i = off; i < end; i++) {
            data[i] = table[(data[i] >> shift) & 0xFF];
        }
    }

    /**
     * A copy of one table, for tests and tools.
     *
     * @param type {@link #ARM_SIGMOID} or {@link #ARM_TANH}
     * @return a fresh 256-byte array
     */
    public static byte[] tableQ7(int type) {
        return (type == ARM_SIGMOID ? SIGMOID_TABLE_Q7 : TANH_TABLE_Q7).clone();
    }
}
