package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_ARG_ERROR;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_SUCCESS;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.requantizeOutput;

/**
 * The s8 fully connected layers of CMSIS-NN v7.0.0, {@code Source/FullyConnectedFunctions/}:
 * {@code arm_fully_connected_s8.c}, {@code arm_fully_connected_per_channel_s8.c}, {@code arm_vector_sum_s8.c},
 * {@code arm_fully_connected_get_buffer_sizes_s8.c} (inner loops {@code arm_nn_vec_mat_mult_t_s8.c} and
 * {@code _per_ch_s8.c}).
 *
 * <p>Weights {@code [out.c][K]} row-major, {@code K = filter.n}; {@code in.n} batches of K inputs. Plain C and DSP:
 * {@code acc = bias[o] + sum_k (in[b,k] + input_offset) * (w[o,k] + filter_offset)}. MVE ignores the {@code bias}
 * argument and starts from the kernel sums in {@code ctx} instead, {@code acc = kernel_sum[o] + sum_k in[b,k] *
 * (w[o,k] + filter_offset)}, where the caller has filled them with {@link #arm_vector_sum_s8} (CMSIS-NN's unit tests
 * and TFLM do so at prepare time); with those sums the bytes are the plain-C bytes. Then
 * {@code out = clamp(arm_nn_requantize(acc, mult, shift) + output_offset, act.min, act.max)}.
 * {@code kernelSums} stands for {@code ctx->buf} read as int32 ({@code null} = NULL).
 */
public final class ArmFullyConnectedS8 {

    private ArmFullyConnectedS8() {
    }

    /** {@code arm_fully_connected_s8} (one multiplier and shift). ARG_ERROR on MVE when {@code kernelSums} is null. */
    public static int arm_fully_connected_s8(S8Target target, S8Rounding rounding, int[] kernelSums, FcParams p,
            PerTensorQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        return fc(target, rounding, kernelSums, p, q.multiplier(), q.shift(), null, null, inDims, in, inOff, fDims, w,
                wOff, bias, outDims, out, outOff);
    }

    /**
     * {@code arm_fully_connected_per_channel_s8} ({@code mult[o]}, {@code shift[o]}). ARG_ERROR as above. On MVE with
     * {@code filter_offset != 0} v7.0.0 uses the wrong multipliers and shifts for most rows
     * ({@link #mveRhsOffsetQuantIndex}); this is reproduced.
     */
    public static int arm_fully_connected_per_channel_s8(S8Target target, S8Rounding rounding, int[] kernelSums,
            FcParams p, PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w,
            int wOff, int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        return fc(target, rounding, kernelSums, p, 0, 0, q.multiplier(), q.shift(), inDims, in, inOff, fDims, w, wOff,
                bias, outDims, out, outOff);
    }

    private static int fc(S8Target target, S8Rounding rounding, int[] kernelSums, FcParams p, int mult, int shift,
            int[] mults, int[] shifts, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        boolean mve = target == S8Target.MVE;
        if (mve && kernelSums == null) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int k = fDims.n();
        int rows = outDims.c();
        int inputOffset = p.inputOffset();
        int filterOffset = p.filterOffset();
        int outputOffset = p.outputOffset();
        int actMin = p.activation().min();
        int actMax = p.activation().max();
        // MVE adds input_offset * sum(w + filter_offset) through the kernel sums instead of per element.
        int lhsOffset = mve ? 0 : inputOffset;
        int[] col = new int[k];
        for (int b = 0; b < inDims.n(); b++) {
            int ip = inOff + b * k;
            int op = outOff + b * rows;
            for (int j = 0; j < k; j++) {
                col[j] = in[ip + j] + lhsOffset;
            }
            for (int o = 0; o < rows; o++) {
                int wp = wOff + o * k;
                int acc = mve ? kernelSums[o] : bias == null ? 0 : bias[o];
                if (filterOffset == 0) {
                    for (int j = 0; j < k; j++) {
                        acc += col[j] * w[wp + j];
                    }
                } else {
                    for (int j = 0; j < k; j++) {
                        acc += col[j] * (w[wp + j] + filterOffset);
                    }
                }
                int qi = mults == null ? 0 : mve && filterOffset != 0 ? mveRhsOffsetQuantIndex(o, rows) : o;
                out[op + o] = requantizeOutput(acc, mults == null ? mult : mults[qi], mults == null ? shift : shifts[qi],
                        rounding, outputOffset, actMin, actMax);
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * The multiplier/shift index v7.0.0's MVE {@code arm_nn_vec_mat_mult_t_per_ch_s8} uses for output row {@code o}
     * when {@code filter_offset != 0}: its 4-row loop requantizes all four rows with one multiplier and advances the
     * multiplier pointer once per four rows, so row o of the first {@code 4*floor(rows/4)} gets index {@code o/4};
     * the remaining rows continue from index {@code floor(rows/4)}. (With {@code filter_offset == 0}, TFLite's case,
     * every row gets its own.)
     */
    static int mveRhsOffsetQuantIndex(int o, int rows) {
        int blocks = rows / 4;
        return o < 4 * blocks ? o / 4 : blocks + (o - 4 * blocks);
    }

    /**
     * {@code arm_vector_sum_s8}: {@code sum[r] = bias[r] (0 when null) + lhs_offset * (sum_c w[r,c] + cols *
     * rhs_offset)}, nothing added when {@code lhs_offset == 0}; the same on every target.
     */
    public static int arm_vector_sum_s8(int[] sumBuf, int cols, int rows, byte[] w, int wOff, int lhsOffset,
            int rhsOffset, int[] bias) {
        for (int r = 0; r < rows; r++) {
            sumBuf[r] = bias == null ? 0 : bias[r];
        }
        if (lhsOffset != 0) {
            for (int r = 0; r < rows; r++) {
                int sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += w[wOff + r * cols + c];
                }
                if (rhsOffset != 0) {
                    sum += cols * rhsOffset;
                }
                sumBuf[r] += sum * lhsOffset;
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /** {@code arm_fully_connected_s8_get_buffer_size} as compiled for {@code target}: {@code filter.c * 4} on MVE. */
    public static int arm_fully_connected_s8_get_buffer_size(S8Target target, CmsisDims fDims) {
        return target == S8Target.MVE ? arm_fully_connected_s8_get_buffer_size_mve(fDims) : 0;
    }

    /** {@code arm_fully_connected_s8_get_buffer_size_dsp}: 0. */
    public static int arm_fully_connected_s8_get_buffer_size_dsp(CmsisDims fDims) {
        return 0;
    }

    /** {@code arm_fully_connected_s8_get_buffer_size_mve}: {@code filter.c * sizeof(int32)}. */
    public static int arm_fully_connected_s8_get_buffer_size_mve(CmsisDims fDims) {
        return fDims.c() * 4;
    }
}
