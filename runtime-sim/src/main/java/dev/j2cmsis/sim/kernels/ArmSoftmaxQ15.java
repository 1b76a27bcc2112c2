package dev.j2cmsis.sim.kernels;

/**
 * q15 softmax of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), {@code CMSIS/NN/Source/SoftmaxFunctions/arm_softmax_q15.c}
 * (scalar code, no DSP branch: both paths identical; unchanged since 5.4.0).
 */
public final class ArmSoftmaxQ15 {

    private ArmSoftmaxQ15() {
    }

    /**
     * {@code arm_softmax_q15}, base-2 softmax: {@code m = max x_i}, {@code b = m - 16};
     * {@code S = sum over x_i > b of 2^(x_i - b)} (so {@code S >= 2^16}); {@code B = (int32) (2^32 / S)} (truncating
     * 64-bit division); {@code y_i = x_i > b ? sat16(B >> (1 + m - x_i)) : 0}. The maximum maps to 32767 when it is
     * alone in the top 16 steps. Element i of the input is read before element i of the output is written and never
     * again, so {@code out} may be the same region as {@code in}. {@code dim_vec} above 32767 is undefined in C
     * (int16_t loop counter).
     */
    public static void arm_softmax_q15(short[] in, int inOff, int dimVec, short[] out, int outOff) {
        dimVec = NnSupport.u16(dimVec);
        if (dimVec == 0) {
            return; // C divides 2^32 by a zero sum here (SIGFPE on x86) and then writes nothing
        }
        int base = -0x100000;
        for (int i = 0; i < dimVec; i++) {
            if (in[inOff + i] > base) {
                base = in[inOff + i];
            }
        }
        base -= 16;
        int sum = 0;
        for (int i = 0; i < dimVec; i++) {
            final int x = in[inOff + i];
            if (x > base) {
                sum += 1 << usat5(x - base);
            }
        }
        final int outputBase = (int) (0x1_0000_0000L / sum);
        for (int i = 0; i < dimVec; i++) {
            final int x = in[inOff + i];
            out[outOff + i] = x > base ? NnSupport.sat16(outputBase >> usat5(17 + base - x)) : 0;
        }
    }

    /** {@code __USAT(v, 5)}: clamp to [0, 31]. Never active for 16-bit inputs, kept for fidelity. */
    private static int usat5(int v) {
        return v < 0 ? 0 : (v > 31 ? 31 : v);
    }
}
