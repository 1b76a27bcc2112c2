package dev.j2cmsis.sim.kernels;

/**
 * Integer helpers shared by the CMSIS-NN legacy q7 kernels of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), from
 * {@code arm_nnsupportfunctions.h} and {@code cmsis_compiler.h}.
 */
public final class NnSupport {

    private NnSupport() {
    }

    /**
     * {@code NN_ROUND(shift)} of CMSIS_5 5.9.0 without {@code ARM_NN_TRUNCATE}: {@code (1 << shift) >> 1}
     * evaluated in signed 32-bit. 0 for shift 0, 2^(shift-1) for 1..30 and -2^30 for 31 (1 << 31 is
     * INT_MIN and the right shift is arithmetic). 5.6.0-5.8.0 used an unsigned variant; this is 5.9.0.
     *
     * @param shift the output right shift, 0..31
     * @return the rounding constant added to every accumulator
     */
    public static int nnRound(int shift) {
        return (1 << shift) >> 1;
    }

    /**
     * {@code __SSAT(value, 8)}: saturate to [-128, 127].
     *
     * @param value any int
     * @return the saturated value as a byte
     */
    public static byte sat8(int value) {
        return (byte) (value > 127 ? 127 : (value < -128 ? -128 : value));
    }

    /**
     * {@code __SSAT(value, 16)}: saturate to [-32768, 32767].
     *
     * @param value any int
     * @return the saturated value as a short
     */
    public static short sat16(int value) {
        return (short) (value > 32767 ? 32767 : (value < -32768 ? -32768 : value));
    }

    /** Reduces an int to the value a C {@code uint16_t} parameter receives. */
    static int u16(int value) {
        return value & 0xFFFF;
    }
}
