package dev.j2cmsis.sim.kernels;

/**
 * q7 softmax of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), {@code CMSIS/NN/Source/SoftmaxFunctions/arm_softmax_q7.c}
 * (scalar code, no DSP branch: both paths identical).
 */
public final class ArmSoftmaxQ7 {

    private ArmSoftmaxQ7() {
    }

    /**
     * {@code arm_softmax_q7}, base-2 softmax with the 5.7.0+ semantics: {@code m = max(-128, max x_i)},
     * {@code b = m - 8}, {@code S = sum 2^clamp(x_i - b, 0, 7)} (every element counts), {@code B = 2^20 / S}
     * (truncating), {@code y_i = sat8(B >> clamp(13 + b - x_i, 0, 31))}. A single element gives 127. The whole
     * input is read before any output is written, so {@code out} may be the same region as {@code in}.
     * {@code dim_vec} above 32767 is undefined in C (int16_t loop counter).
     */
    public static void arm_softmax_q7(byte[] in, int inOff, int dimVec, byte[] out, int outOff) {
        dimVec = NnSupport.u16(dimVec);
        if (dimVec == 0) {
            return; // C divides by a zero sum here (SIGFPE on x86, 0 on Cortex-M) and then writes nothing
        }
        int base = -128;
        for (int i = 0; i < dimVec; i++) {
            if (in[inOff + i] > base) {
                base = in[inOff + i];
            }
        }
        base -= 8;
        int sum = 0;
        for (int i = 0; i < dimVec; i++) {
            int sh = in[inOff + i] - base;
            sum += 1 << (sh < 0 ? 0 : (sh > 7 ? 7 : sh));
        }
        final int outputBase = (1 << 20) / sum;
        for (int i = 0; i < dimVec; i++) {
            int sh = 13 + base - in[inOff + i];
            out[outOff + i] = NnSupport.sat8(outputBase >> (sh < 0 ? 0 : (sh > 31 ? 31 : sh)));
        }
    }
}
