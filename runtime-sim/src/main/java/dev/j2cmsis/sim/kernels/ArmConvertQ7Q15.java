package dev.j2cmsis.sim.kernels;

/**
 * q7/q15 conversions for networks that mix q7 and q15 layers. {@code arm_q7_to_q15_no_shift} reproduces CMSIS_5
 * 5.9.0 ({@code CMSIS/NN/Source/NNSupportFunctions/arm_q7_to_q15_no_shift.c}, declared in
 * {@code arm_nnsupportfunctions.h}; DSP and plain paths identical). The two {@code j2cmsis_*} methods are j2cmsis's
 * own, not in CMSIS: their C twins live only in {@code j2cmsis_portable_q15.c}. Source and destination must not
 * overlap (none of the three supports in-place use in C).
 */
public final class ArmConvertQ7Q15 {

    private ArmConvertQ7Q15() {
    }

    /**
     * {@code arm_q7_to_q15_no_shift}: {@code dst[n] = (q15) src[n]} (the value, not the Q format, is kept: a Q0.7
     * value becomes Q8.7). {@code blockSize} is the C {@code uint32_t}; here it must be 0..2^31-1.
     */
    public static void arm_q7_to_q15_no_shift(byte[] src, int srcOff, short[] dst, int dstOff, int blockSize) {
        for (int i = 0; i < blockSize; i++) {
            dst[dstOff + i] = src[srcOff + i];
        }
    }

    /**
     * {@code j2cmsis_q15_to_q7} (j2cmsis, not CMSIS): requantises q15 to q7 the way every legacy kernel rounds its
     * output, {@code dst[n] = sat8((src[n] + NN_ROUND(s)) >> s)} in 32-bit with an arithmetic shift, NN_ROUND of 5.9.0
     * (add half, floor: ties toward +infinity). From Qm.n to Q(m').(7 - m') use {@code s = n - (7 - m')}.
     * {@code rightShift} is a C {@code uint16_t} and must be 0..31; 31 inherits NN_ROUND(31) = -2^30 and gives -1
     * for every input, exactly like a kernel with out_shift 31.
     */
    public static void j2cmsis_q15_to_q7(short[] src, int srcOff, byte[] dst, int dstOff, int blockSize,
            int rightShift) {
        final int s = NnSupport.u16(rightShift);
        final int round = NnSupport.nnRound(s);
        for (int i = 0; i < blockSize; i++) {
            dst[dstOff + i] = NnSupport.sat8((src[srcOff + i] + round) >> s);
        }
    }

    /**
     * {@code j2cmsis_q7_to_q15_shift} (j2cmsis, not CMSIS): {@code dst[n] = sat16(src[n] * 2^s)}, exact for every
     * {@code uint16_t} shift. From Q0.7 to Q0.15 use s = 8, which maps -128 to -32768 and 127 to 32512 without
     * saturating; s &gt;= 15 sends every non-zero input to a bound. Computed as {@code src << min(s, 15)}, so no
     * shift is undefined.
     */
    public static void j2cmsis_q7_to_q15_shift(byte[] src, int srcOff, short[] dst, int dstOff, int blockSize,
            int leftShift) {
        final int s = Math.min(NnSupport.u16(leftShift), 15);
        for (int i = 0; i < blockSize; i++) {
            dst[dstOff + i] = NnSupport.sat16(src[srcOff + i] << s);
        }
    }
}
