package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.arm_nn_divide_by_power_of_two;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.arm_nn_doubling_high_mult;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.arm_nn_exp_on_negative_values;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.arm_nn_one_over_one_plus_x_for_x_in_0_1;

/**
 * {@code arm_softmax_s8} of CMSIS-NN v7.0.0 ({@code Source/SoftmaxFunctions/arm_softmax_s8.c}; plain C and DSP run
 * {@code arm_nn_softmax_common_s8.c}, MVE a vectorised copy with the same bytes). Per row of {@code rowSize}:
 * {@code diff = x - max(row)}; {@code sum = sum over diff >= diff_min of DIV_POW2(EXP_ON_NEG(MUL_SAT(diff *
 * 2^shift, mult)), 12)}; {@code scale = ONE_OVER1((sum << clz(sum)) - 2^31)}; output
 * {@code clamp(DIV_POW2(MUL_SAT(scale, EXP_ON_NEG(...)), 35 - clz(sum)) - 128)}, or -128 below {@code diff_min}.
 * Output quantization is TFLite's fixed scale 1/256, zero point -128. Parameters from
 * {@link NnSupportS8#preprocessSoftmaxScaling} and {@link NnSupportS8#calculateInputRadius}.
 */
public final class ArmSoftmaxS8 {

    private static final int ACCUM_BITS = 12;

    private ArmSoftmaxS8() {
    }

    /** {@code arm_softmax_s8(input, num_rows, row_size, mult, shift, diff_min, output)}. */
    public static void arm_softmax_s8(byte[] in, int inOff, int numRows, int rowSize, int mult, int shift,
            int diffMin, byte[] out, int outOff) {
        int mask = 1 << shift;
        for (int row = 0; row < numRows; row++) {
            int ip = inOff + row * rowSize;
            int op = outOff + row * rowSize;
            int max = in[ip];
            for (int c = 1; c < rowSize; c++) {
                max = Math.max(max, in[ip + c]);
            }
            int sum = 0;
            for (int c = 0; c < rowSize; c++) {
                int diff = in[ip + c] - max;
                if (diff >= diffMin) {
                    sum += arm_nn_divide_by_power_of_two(
                            arm_nn_exp_on_negative_values(arm_nn_doubling_high_mult(diff * mask, mult)), ACCUM_BITS);
                }
            }
            int headroom = Integer.numberOfLeadingZeros(sum);
            int shiftedScale = arm_nn_one_over_one_plus_x_for_x_in_0_1((sum > 0 ? sum << headroom : 0) - (1 << 31));
            int bitsOverUnit = ACCUM_BITS - headroom + 23;
            for (int c = 0; c < rowSize; c++) {
                int diff = in[ip + c] - max;
                if (diff >= diffMin) {
                    int res = arm_nn_divide_by_power_of_two(arm_nn_doubling_high_mult(shiftedScale,
                            arm_nn_exp_on_negative_values(arm_nn_doubling_high_mult(diff * mask, mult))),
                            bitsOverUnit) - 128;
                    out[op + c] = (byte) Math.max(Math.min(res, 127), -128);
                } else {
                    out[op + c] = -128;
                }
            }
        }
    }
}
