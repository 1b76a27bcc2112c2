package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_SUCCESS;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.arm_nn_requantize;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.requantizeOutput;

/**
 * The s8 elementwise kernels of CMSIS-NN v7.0.0, {@code Source/BasicMathFunctions/arm_elementwise_add_s8.c} and
 * {@code arm_elementwise_mul_s8.c}. Offsets of the inputs are minus their zero points, the output offset is the
 * output zero point.
 */
public final class ArmElementwiseS8 {

    private ArmElementwiseS8() {
    }

    /**
     * {@code arm_elementwise_add_s8}: {@code a = requantize((x1 + off1) << left_shift, m1, s1)}, likewise b,
     * {@code out = clamp(requantize(a + b, out_mult, out_shift) + out_offset)}. On {@link S8Target#DSP} the first
     * {@code 4*floor(size/4)} elements take the SIMD loop, which shifts the 16-bit lane {@code (x + off) & 0xFFFF}
     * (zero-extended) instead of the sign-extended value: equal only for {@code left_shift >= 16} (TFLite uses 20);
     * the tail elements take the plain-C formula.
     */
    public static int arm_elementwise_add_s8(S8Target target, S8Rounding rounding, byte[] in1, int in1Off,
            byte[] in2, int in2Off, int input1Offset, int input1Mult, int input1Shift, int input2Offset,
            int input2Mult, int input2Shift, int leftShift, byte[] out, int outOff, int outOffset, int outMult,
            int outShift, int actMin, int actMax, int blockSize) {
        int simd = target == S8Target.DSP ? blockSize & ~3 : 0;
        for (int i = 0; i < blockSize; i++) {
            int a = in1[in1Off + i] + input1Offset;
            int b = in2[in2Off + i] + input2Offset;
            if (i < simd) {
                a &= 0xFFFF;
                b &= 0xFFFF;
            }
            a = arm_nn_requantize(a << leftShift, input1Mult, input1Shift, rounding);
            b = arm_nn_requantize(b << leftShift, input2Mult, input2Shift, rounding);
            out[outOff + i] = requantizeOutput(a + b, outMult, outShift, rounding, outOffset, actMin, actMax);
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * {@code arm_elementwise_mul_s8}: {@code out = clamp(requantize((x1 + off1) * (x2 + off2), out_mult, out_shift)
     * + out_offset)}, the same on every target.
     */
    public static int arm_elementwise_mul_s8(S8Target target, S8Rounding rounding, byte[] in1, int in1Off,
            byte[] in2, int in2Off, int input1Offset, int input2Offset, byte[] out, int outOff, int outOffset,
            int outMult, int outShift, int actMin, int actMax, int blockSize) {
        for (int i = 0; i < blockSize; i++) {
            int prod = (in1[in1Off + i] + input1Offset) * (in2[in2Off + i] + input2Offset);
            out[outOff + i] = requantizeOutput(prod, outMult, outShift, rounding, outOffset, actMin, actMax);
        }
        return ARM_CMSIS_NN_SUCCESS;
    }
}
