package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_ARG_ERROR;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_FAILURE;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_SUCCESS;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.requantizeOutput;

/**
 * The s8 convolutions of CMSIS-NN v7.0.0, {@code Source/ConvolutionFunctions/}: {@code arm_convolve_wrapper_s8.c},
 * {@code arm_convolve_s8.c}, {@code arm_convolve_1x1_s8_fast.c}, {@code arm_convolve_1x1_s8.c},
 * {@code arm_convolve_1_x_n_s8.c} and {@code arm_convolve_get_buffer_sizes_s8.c}.
 *
 * <p>Layouts: activations NHWC, filter OHWI {@code [C_OUT][KH][KW][CK]} with {@code CK = filter.c}, grouped when
 * {@code CK < in.c} ({@code groups = in.c / CK}; group g reads input channels {@code [g*CK, (g+1)*CK)} and writes
 * output channels {@code [g*C_OUT/groups, (g+1)*C_OUT/groups)}). For every output (n, oy, ox, o):
 * {@code acc = bias[o] + sum (in[n, iy, ix, g*CK+i] + input_offset) * w[o, ky, kx, i]} over the taps with
 * {@code iy = oy*stride.h - pad.h + ky*dil.h}, {@code ix = ox*stride.w - pad.w + kx*dil.w} inside the input, in
 * wrapping int32; {@code out = clamp(arm_nn_requantize(acc, mult[o], shift[o]) + output_offset, act.min, act.max)}.
 * Taps outside the input contribute {@code ((int8)-input_offset + input_offset) * w}, which is 0 for the documented
 * {@code input_offset} range [-127, 128] (the generic kernel pads its im2col buffer with the input zero point).
 * The DSP and MVE paths sum in another order, which does not change the wrapping int32 sum; only the MVE
 * {@code arm_convolve_1_x_n_s8} computes different bytes (see {@link #arm_convolve_1_x_n_s8}).
 *
 * <p>Preconditions the C does not check either: dims, pads and strides in [0, 65535] ({@code arm_convolve_s8}
 * truncates them to uint16), output dims consistent with the input (the 1x1 kernels read the input without bounds
 * checks), {@code bias == null} only without groups (v7.0.0 advances a NULL bias pointer per group and then reads
 * through it). {@code ctx} stands for {@code ctx->buf}: {@code null} is C's NULL; its contents matter only to the
 * MVE 1xN kernel, which uses it as its im2col buffer. Requantization follows the scalar
 * {@code arm_nn_requantize} on every target; the MVE vector requantization differs from it only where the v7.0.0
 * single-rounding intermediate overflows int32 ({@code |acc * mult| >= 2^(61 - shift)}).
 */
public final class ArmConvolveS8 {

    /** The kernel {@code arm_convolve_wrapper_s8} dispatches to. */
    public enum Kernel {
        CONVOLVE_S8, CONVOLVE_1X1_S8_FAST, CONVOLVE_1X1_S8, CONVOLVE_1_X_N_S8
    }

    private ArmConvolveS8() {
    }

    /**
     * The kernel {@code arm_convolve_wrapper_s8} of v7.0.0 picks. The conditions are the same on every target:
     * 1x1 filter, no padding, no dilation and {@code in.c == filter.c} gives {@code _1x1_s8_fast} for stride (1,1)
     * and {@code _1x1_s8} otherwise; else {@code in.h == 1}, {@code dil.w == 1}, {@code filter.h == 1},
     * {@code stride.w * in.c % 4 == 0} and {@code in.c == filter.c} gives {@code _1_x_n_s8}; else
     * {@code arm_convolve_s8}.
     */
    public static Kernel arm_convolve_wrapper_s8_kernel(S8Target target, ConvParams p, CmsisDims in,
            CmsisDims filter) {
        if (p.padding().w() == 0 && p.padding().h() == 0 && filter.w() == 1 && filter.h() == 1
                && p.dilation().w() == 1 && p.dilation().h() == 1 && in.c() == filter.c()) {
            return p.stride().w() == 1 && p.stride().h() == 1 ? Kernel.CONVOLVE_1X1_S8_FAST : Kernel.CONVOLVE_1X1_S8;
        }
        if (in.h() == 1 && p.dilation().w() == 1 && filter.h() == 1 && (p.stride().w() * in.c()) % 4 == 0
                && in.c() == filter.c()) {
            return Kernel.CONVOLVE_1_X_N_S8;
        }
        return Kernel.CONVOLVE_S8;
    }

    /** {@code arm_convolve_wrapper_s8}: runs the kernel {@link #arm_convolve_wrapper_s8_kernel} picks. */
    public static int arm_convolve_wrapper_s8(S8Target target, S8Rounding rounding, byte[] ctx, ConvParams p,
            PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        return switch (arm_convolve_wrapper_s8_kernel(target, p, inDims, fDims)) {
            case CONVOLVE_1X1_S8_FAST -> arm_convolve_1x1_s8_fast(rounding, ctx, p, q, inDims, in, inOff, fDims, w,
                    wOff, bias, outDims, out, outOff);
            case CONVOLVE_1X1_S8 -> arm_convolve_1x1_s8(rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias,
                    outDims, out, outOff);
            case CONVOLVE_1_X_N_S8 -> arm_convolve_1_x_n_s8(target, rounding, ctx, p, q, inDims, in, inOff, fDims, w,
                    wOff, bias, outDims, out, outOff);
            case CONVOLVE_S8 -> arm_convolve_s8(rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias,
                    outDims, out, outOff);
        };
    }

    /**
     * {@code arm_convolve_s8} with {@code upscale_dims = NULL}, the same bytes on every target: the generic kernel
     * with groups, dilation and batches. {@link NnSupportS8#ARM_CMSIS_NN_ARG_ERROR} when {@code ctx} is null or
     * {@code in.c} / {@code out.c} is not a multiple of {@code groups = in.c / filter.c}.
     */
    public static int arm_convolve_s8(S8Rounding rounding, byte[] ctx, ConvParams p, PerChannelQuantParams q,
            CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff, int[] bias,
            CmsisDims outDims, byte[] out, int outOff) {
        if (ctx == null) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int inCh = inDims.c();
        int kc = fDims.c();
        int groups = inCh / kc;
        int outCh = outDims.c();
        if (inCh % groups != 0 || outCh % groups != 0) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int cpg = outCh / groups;
        int inW = inDims.w();
        int inH = inDims.h();
        int kw = fDims.w();
        int kh = fDims.h();
        int outW = outDims.w();
        int outH = outDims.h();
        int sx = p.stride().w();
        int sy = p.stride().h();
        int px = p.padding().w();
        int py = p.padding().h();
        int dx = p.dilation().w();
        int dy = p.dilation().h();
        int inputOffset = p.inputOffset();
        int outputOffset = p.outputOffset();
        int actMin = p.activation().min();
        int actMax = p.activation().max();
        int rhsCols = kw * kh * kc;
        // The value an out-of-image tap contributes per weight: im2col pads with (int8)-input_offset.
        int padTerm = (byte) -inputOffset + inputOffset;
        int[] mult = q.multiplier();
        int[] shift = q.shift();
        // Stride 1 without dilation: whole-plane accumulation (PlaneConvS8). Otherwise one im2col column of
        // (x + input_offset) per output pixel, as the C kernel builds, then a dot product per output channel: the
        // same wrapping sums, in an order the JIT vectorises.
        int[] col = new int[rhsCols];
        boolean planes = PlaneConvS8.applies(p, kc, kw, kh, outW, outH);
        for (int b = 0; b < inDims.n(); b++) {
            int inBase = inOff + b * inW * inH * inCh;
            int outBase = outOff + b * outW * outH * outCh;
            for (int g = 0; g < groups; g++) {
                if (planes) {
                    PlaneConvS8.conv(rounding, p, q, in, inBase, inW, inH, inCh, g * kc, kc, w, wOff, kw, kh, bias,
                            g * cpg, (g + 1) * cpg, out, outBase, outW, outH, outCh);
                    continue;
                }
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int j = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sy - py + ky * dy;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sx - px + kx * dx;
                                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) {
                                    java.util.Arrays.fill(col, j, j + kc, padTerm);
                                } else {
                                    int ip = inBase + (iy * inW + ix) * inCh + g * kc;
                                    for (int i = 0; i < kc; i++) {
                                        col[j + i] = in[ip + i] + inputOffset;
                                    }
                                }
                                j += kc;
                            }
                        }
                        int dst = outBase + (oy * outW + ox) * outCh;
                        for (int o = g * cpg; o < (g + 1) * cpg; o++) {
                            int acc = bias == null ? 0 : bias[o];
                            int wRow = wOff + o * rhsCols;
                            for (int k = 0; k < rhsCols; k++) {
                                acc += col[k] * w[wRow + k];
                            }
                            out[dst + o] = requantizeOutput(acc, mult[o], shift[o], rounding, outputOffset, actMin,
                                    actMax);
                        }
                    }
                }
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * {@code arm_convolve_1x1_s8_fast} (GCC build: no scratch on any target, {@code ctx} unused): every one of the
     * {@code in.n*in.h*in.w} input pixels times the {@code [out.c][in.c]} filter. ARG_ERROR unless padding is 0
     * and stride is (1, 1).
     */
    public static int arm_convolve_1x1_s8_fast(S8Rounding rounding, byte[] ctx, ConvParams p,
            PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        if (p.padding().w() != 0 || p.padding().h() != 0 || p.stride().w() != 1 || p.stride().h() != 1) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int rhsCols = inDims.c();
        int rhsRows = outDims.c();
        int lhsRows = inDims.w() * inDims.h() * inDims.n();
        // every input pixel is an output pixel: the stride-1 plane loop of a 1x1 filter over in.w x in.h
        CmsisTile one = new CmsisTile(1, 1);
        if (PlaneConvS8.applies(one, one, rhsCols, 1, 1, inDims.w(), inDims.h())) {
            int pixels = inDims.w() * inDims.h();
            for (int b = 0; b < inDims.n(); b++) {
                PlaneConvS8.conv(rounding, p, q, in, inOff + b * pixels * rhsCols, inDims.w(), inDims.h(), rhsCols, 0,
                        rhsCols, w, wOff, 1, 1, bias, 0, rhsRows, out, outOff + b * pixels * rhsRows, inDims.w(),
                        inDims.h(), rhsRows);
            }
            return ARM_CMSIS_NN_SUCCESS;
        }
        matMultNtT(rounding, in, inOff, rhsCols, lhsRows, w, wOff, bias, q, rhsRows, rhsCols, p, out, outOff, rhsRows);
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * {@code arm_convolve_1x1_s8}: 1x1 filter with any stride, {@code ctx} unused. ARG_ERROR unless padding is 0.
     * Output row {@code oy} reads input row {@code oy*stride.h}, column {@code ox} input column {@code ox*stride.w}.
     */
    public static int arm_convolve_1x1_s8(S8Rounding rounding, byte[] ctx, ConvParams p, PerChannelQuantParams q,
            CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff, int[] bias,
            CmsisDims outDims, byte[] out, int outOff) {
        if (p.padding().w() != 0 || p.padding().h() != 0) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int lhsRows = outDims.w();
        int rhsRows = outDims.c();
        int rhsCols = inDims.c();
        int inputInc = inDims.w() * p.stride().h() * rhsCols;
        int outputInc = outDims.w() * rhsRows;
        int o = outOff;
        for (int b = 0; b < inDims.n(); b++) {
            int ip = inOff + b * rhsCols * inDims.w() * inDims.h();
            for (int oy = 0; oy < outDims.h(); oy++) {
                matMultNtT(rounding, in, ip, rhsCols * p.stride().w(), lhsRows, w, wOff, bias, q, rhsRows, rhsCols,
                        p, out, o, rhsRows);
                ip += inputInc;
                o += outputInc;
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * {@code arm_convolve_1_x_n_s8}. ARG_ERROR when {@code in.h != 1}, {@code dil.w != 1}, {@code ctx} is null,
     * {@code stride.w == 0} or {@code stride.w * in.c % 4 != 0}. On {@link S8Target#PLAIN_C} and
     * {@link S8Target#DSP} it then is {@link #arm_convolve_s8}.
     *
     * <p>On {@link S8Target#MVE} it reproduces v7.0.0's split into left-padded, unpadded and right-padded output
     * columns, computed from {@code total_pad = (out.w - 1)*stride.w + filter.w - in.w}, {@code asym_pad =
     * total_pad % 2} (C remainder). A VALID conv that leaves input columns unused has {@code total_pad < 0}: odd,
     * the check {@code 2*pad + asym_pad == total_pad} passes with {@code asym_pad = -1} and the last output column
     * is computed from its first {@code filter.w - 1} taps and one padding tap (wrong bytes, as the real MVE
     * build); even, the function returns {@link NnSupportS8#ARM_CMSIS_NN_FAILURE}. When the three parts do not add
     * up to {@code out.w} it falls back to {@link #arm_convolve_s8}. SAME convs whose right part needs more than one
     * padding column per right-padded output (large stride, pad >= 2) also give wrong bytes, and some read past the
     * input row; {@link #arm_convolve_1_x_n_s8_mve_exact} tells the geometries where the MVE result is TFLite's.
     * {@code ctx} must hold {@link #arm_convolve_1_x_n_s8_get_buffer_size} bytes for MVE.
     *
     * @throws IllegalArgumentException on MVE when the C would read past the end of the input tensor (undefined)
     */
    public static int arm_convolve_1_x_n_s8(S8Target target, S8Rounding rounding, byte[] ctx, ConvParams p,
            PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        if (inDims.h() != 1 || p.dilation().w() != 1 || ctx == null || p.stride().w() == 0
                || (p.stride().w() * inDims.c()) % 4 != 0) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        if (target != S8Target.MVE) {
            return arm_convolve_s8(rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias, outDims, out,
                    outOff);
        }
        int inputX = inDims.w();
        int kernelX = fDims.w();
        int outputX = outDims.w();
        int inputCh = inDims.c();
        int padX = p.padding().w();
        int strideX = p.stride().w();
        int totalPad = (outputX - 1) * strideX + kernelX - inputX;
        int asymPad = totalPad % 2;
        if (padX * 2 + asymPad != totalPad) {
            return ARM_CMSIS_NN_FAILURE;
        }
        int rightPadNum = padX + asymPad != 0 ? Math.max(1, (padX + asymPad + strideX - 1) / strideX) : 0;
        int leftPadNum = padX != 0 ? Math.max(1, (padX + strideX - 1) / strideX) : 0;
        int noPadNum = Math.max(outputX - (rightPadNum + leftPadNum), 0);
        int padSizeLeft = padX * inputCh;
        int padSizeRight = asymPad != 0 ? rightPadNum * inputCh : padSizeLeft;
        int rhsCols = kernelX * inputCh;
        int rhsRows = outDims.c();
        int lhsOffset = inputCh * strideX;
        if (rightPadNum + noPadNum + leftPadNum != outputX) {
            return arm_convolve_s8(rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias, outDims, out,
                    outOff);
        }
        int numElemLeft = kernelX * inputCh;
        int numElemRight = numElemLeft - inputCh;
        byte padValue = (byte) -p.inputOffset();
        int inEnd = inOff + inDims.n() * inputX * inputCh;
        int ip = inOff;
        int op = outOff;
        for (int b = 0; b < inDims.n(); b++) {
            int lhsRows = leftPadNum;
            java.util.Arrays.fill(ctx, 0, padSizeLeft, padValue);
            // the left rows use the copied bytes up to (rows - 1) * stride + filter.w columns minus the padding
            copyInput(in, ip, inEnd, ctx, padSizeLeft, numElemLeft,
                    lhsRows == 0 ? 0 : Math.max(0, (lhsRows - 1) * lhsOffset + rhsCols - padSizeLeft));
            matMultNtT(rounding, ctx, 0, lhsOffset, lhsRows, w, wOff, bias, q, rhsRows, rhsCols, p, out, op, rhsRows);
            op += lhsRows * rhsRows;

            int outIdx = lhsRows;
            int inputStart = strideX * lhsRows - padX;
            if (inputStart < 0) {
                return ARM_CMSIS_NN_FAILURE;
            }
            inputStart *= inputCh;
            lhsRows = noPadNum;
            if (lhsRows > 0 && ip + inputStart + (lhsRows - 1) * lhsOffset + rhsCols > inEnd) {
                throw readsPastInput();
            }
            matMultNtT(rounding, in, ip + inputStart, lhsOffset, lhsRows, w, wOff, bias, q, rhsRows, rhsCols, p, out,
                    op, rhsRows);
            op += lhsRows * rhsRows;
            outIdx += lhsRows;

            lhsRows = outputX - outIdx;
            if (lhsRows < 0) {
                return ARM_CMSIS_NN_FAILURE;
            }
            inputStart = (strideX * (leftPadNum + noPadNum) - padX) * inputCh;
            copyInput(in, ip + inputStart, inEnd, ctx, 0, numElemRight,
                    lhsRows == 0 ? 0 : (lhsRows - 1) * lhsOffset + rhsCols);
            java.util.Arrays.fill(ctx, numElemRight, numElemRight + padSizeRight, padValue);
            matMultNtT(rounding, ctx, 0, lhsOffset, lhsRows, w, wOff, bias, q, rhsRows, rhsCols, p, out, op, rhsRows);
            op += lhsRows * rhsRows;
            ip += inputX * inputCh;
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * The kernel's memcpy of {@code len} input bytes into its im2col buffer, of which the part's rows then read the
     * first {@code used}. v7.0.0 copies whole filter widths, also for a part with no rows and past the last image
     * (conv_1_x_n_1 of CMSIS-NN's own TFLite vectors: kernel 3 over 2 columns); bytes past the input that no row uses
     * are harmless and are not copied here. Only a used byte past the input makes the result undefined.
     */
    private static void copyInput(byte[] in, int from, int inEnd, byte[] ctx, int to, int len, int used) {
        if (used > 0 && from + Math.min(len, used) > inEnd) {
            throw readsPastInput();
        }
        int available = Math.min(len, inEnd - from);
        if (available > 0) {
            System.arraycopy(in, from, ctx, to, available);
        }
    }

    private static IllegalArgumentException readsPastInput() {
        return new IllegalArgumentException("CMSIS-NN v7.0.0 MVE arm_convolve_1_x_n_s8 reads past the end of the "
                + "input for this geometry; its result is undefined (see arm_convolve_1_x_n_s8_mve_exact)");
    }

    /**
     * Whether the MVE {@code arm_convolve_1_x_n_s8} of v7.0.0 computes the TFLite convolution for this geometry
     * (for a code generator that must avoid the configurations where it does not). It simulates the kernel's
     * left-padded, unpadded and right-padded parts column by column and checks that every tap reads the input
     * column (or padding) TFLite reads. False where the kernel returns an error, gives wrong bytes (the VALID
     * convs with a negative odd total pad; SAME convs whose right part needs more padding columns than it writes)
     * or reads past the input row; true where it falls back to {@link #arm_convolve_s8}. Geometries the wrapper
     * does not route to the 1xN kernel give true only if they satisfy the kernel's own preconditions.
     */
    public static boolean arm_convolve_1_x_n_s8_mve_exact(ConvParams p, CmsisDims inDims, CmsisDims fDims,
            CmsisDims outDims) {
        int inputX = inDims.w();
        int kernelX = fDims.w();
        int outputX = outDims.w();
        int padX = p.padding().w();
        int strideX = p.stride().w();
        if (inDims.h() != 1 || p.dilation().w() != 1 || strideX <= 0 || (strideX * inDims.c()) % 4 != 0
                || fDims.h() != 1 || outDims.h() != 1 || p.padding().h() != 0) {
            return false;
        }
        int totalPad = (outputX - 1) * strideX + kernelX - inputX;
        int asymPad = totalPad % 2;
        if (padX * 2 + asymPad != totalPad) {
            return false;
        }
        int rightPadNum = padX + asymPad != 0 ? Math.max(1, (padX + asymPad + strideX - 1) / strideX) : 0;
        int leftPadNum = padX != 0 ? Math.max(1, (padX + strideX - 1) / strideX) : 0;
        int noPadNum = Math.max(outputX - (rightPadNum + leftPadNum), 0);
        if (rightPadNum + noPadNum + leftPadNum != outputX) {
            return true;
        }
        int padColsRight = asymPad != 0 ? rightPadNum : padX;
        // Column tags: the input column, PAD for padding, OUTSIDE for a column past the input row.
        final int pad = -1;
        final int outside = -2;
        int[] buf = new int[padX + kernelX + rightPadNum * strideX + kernelX + 1];
        java.util.Arrays.fill(buf, Integer.MIN_VALUE);
        for (int j = 0; j < padX; j++) {
            buf[j] = pad;
        }
        for (int j = 0; j < kernelX; j++) {
            buf[padX + j] = j < inputX ? j : outside;
        }
        for (int r = 0; r < leftPadNum; r++) {
            for (int k = 0; k < kernelX; k++) {
                if (buf[r * strideX + k] != expectedTag(r, k, strideX, padX, inputX)) {
                    return false;
                }
            }
        }
        int inputStart = strideX * leftPadNum - padX;
        if (inputStart < 0) {
            return false;
        }
        for (int r = 0; r < noPadNum; r++) {
            for (int k = 0; k < kernelX; k++) {
                int col = inputStart + r * strideX + k;
                if ((col < inputX ? col : outside) != expectedTag(leftPadNum + r, k, strideX, padX, inputX)) {
                    return false;
                }
            }
        }
        int c0 = strideX * (leftPadNum + noPadNum) - padX;
        for (int q = 0; q < kernelX - 1; q++) {
            buf[q] = c0 + q < inputX ? c0 + q : outside;
        }
        for (int q = kernelX - 1; q < kernelX - 1 + padColsRight; q++) {
            buf[q] = pad;
        }
        for (int r = 0; r < outputX - leftPadNum - noPadNum; r++) {
            for (int k = 0; k < kernelX; k++) {
                if (buf[r * strideX + k] != expectedTag(leftPadNum + noPadNum + r, k, strideX, padX, inputX)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int expectedTag(int outCol, int k, int stride, int pad, int inputX) {
        int col = outCol * stride - pad + k;
        return col >= 0 && col < inputX ? col : -1;
    }

    /**
     * {@code arm_nn_mat_mult_nt_t_s8} as the conv kernels use it: {@code lhsRows} rows of {@code rhsCols} int8
     * values, {@code lhsStride} apart, times the {@code [rhsRows][rhsCols]} filter; row r, channel o goes to
     * {@code out[outOff + r*outStride + o]}.
     */
    static void matMultNtT(S8Rounding rounding, byte[] lhs, int lhsOff, int lhsStride, int lhsRows, byte[] w, int wOff,
            int[] bias, PerChannelQuantParams q, int rhsRows, int rhsCols, ConvParams p, byte[] out, int outOff,
            int outStride) {
        int inputOffset = p.inputOffset();
        int outputOffset = p.outputOffset();
        int actMin = p.activation().min();
        int actMax = p.activation().max();
        int[] mult = q.multiplier();
        int[] shift = q.shift();
        int[] col = new int[rhsCols];
        for (int r = 0; r < lhsRows; r++) {
            int lp = lhsOff + r * lhsStride;
            int dst = outOff + r * outStride;
            for (int k = 0; k < rhsCols; k++) {
                col[k] = lhs[lp + k] + inputOffset;
            }
            for (int o = 0; o < rhsRows; o++) {
                int acc = bias == null ? 0 : bias[o];
                int wp = wOff + o * rhsCols;
                for (int k = 0; k < rhsCols; k++) {
                    acc += col[k] * w[wp + k];
                }
                out[dst + o] = requantizeOutput(acc, mult[o], shift[o], rounding, outputOffset, actMin, actMax);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Scratch sizes (arm_convolve_get_buffer_sizes_s8.c, GCC values)

    /**
     * {@code arm_convolve_s8_get_buffer_size} as compiled for {@code target}: MVE {@code 4*ceil(KH*KW*in.c/16)*16}
     * bytes ({@code arm_convolve_s8_get_buffer_size_mve}), else {@code 2*align4(KH*KW*in.c)*sizeof(int16)}.
     */
    public static int arm_convolve_s8_get_buffer_size(S8Target target, CmsisDims inDims, CmsisDims fDims) {
        if (target == S8Target.MVE) {
            return convolveS8BufferSizeMve(inDims, fDims);
        }
        int rhsCols = fDims.w() * fDims.h() * inDims.c();
        int remainder = rhsCols % 4;
        int aligned = remainder != 0 ? rhsCols + 4 - remainder : rhsCols;
        return 2 * aligned * 2;
    }

    private static int convolveS8BufferSizeMve(CmsisDims inDims, CmsisDims fDims) {
        int colLength = inDims.c() * fDims.w() * fDims.h();
        colLength = (colLength + 15) / 16;
        return 4 * colLength * 16;
    }

    /**
     * {@code arm_convolve_1_x_n_s8_get_buffer_size} as compiled for {@code target}: the
     * {@link #arm_convolve_s8_get_buffer_size} except on MVE, where it is
     * {@code arm_convolve_1_x_n_s8_get_buffer_size_mve}: {@code max(KW*C + pad.w*C, (KW-1)*C + pad_size_right)},
     * or the generic MVE size when the padding split does not add up.
     */
    public static int arm_convolve_1_x_n_s8_get_buffer_size(S8Target target, ConvParams p, CmsisDims inDims,
            CmsisDims fDims, CmsisDims outDims) {
        if (target != S8Target.MVE) {
            return arm_convolve_s8_get_buffer_size(target, inDims, fDims);
        }
        int inputX = inDims.w();
        int padX = p.padding().w();
        int kernelX = fDims.w();
        int outputX = outDims.w();
        int strideX = p.stride().w();
        int totalPad = (outputX - 1) * strideX + kernelX - inputX;
        int asymPad = totalPad % 2;
        int rightPadNum = padX + asymPad != 0 ? Math.max(1, (padX + asymPad + strideX - 1) / strideX) : 0;
        int leftPadNum = padX != 0 ? Math.max(1, (padX + strideX - 1) / strideX) : 0;
        int noPadNum = Math.max(outputX - (rightPadNum + leftPadNum), 0);
        if (rightPadNum + noPadNum + leftPadNum != outputX) {
            return convolveS8BufferSizeMve(inDims, fDims);
        }
        int padSizeLeft = padX * inDims.c();
        int padSizeRight = asymPad != 0 ? rightPadNum * inDims.c() : padSizeLeft;
        int numElemLeft = kernelX * inDims.c();
        int numElemRight = numElemLeft - inDims.c();
        return Math.max(numElemLeft + padSizeLeft, numElemRight + padSizeRight);
    }

    /**
     * {@code arm_convolve_1x1_s8_fast_get_buffer_size}: 0 on every target with GCC (the DSP build needs
     * {@code 2*in.c*sizeof(int16)} only with Arm Compiler 6).
     */
    public static int arm_convolve_1x1_s8_fast_get_buffer_size(S8Target target, CmsisDims inDims) {
        return 0;
    }

    /**
     * {@code arm_convolve_wrapper_s8_get_buffer_size} as compiled for {@code target} (MVE: the {@code _mve} variant,
     * DSP: the {@code _dsp} variant, plain C: its own branch, equal to {@code _dsp} with GCC). Like v7.0.0 (fixed
     * after the release by CMSIS-NN #200) the size dispatch ignores {@code in.c == filter.c}: a grouped 1x1 or 1xN
     * conv is sized as if ungrouped though the wrapper runs {@link #arm_convolve_s8}.
     */
    public static int arm_convolve_wrapper_s8_get_buffer_size(S8Target target, ConvParams p, CmsisDims inDims,
            CmsisDims fDims, CmsisDims outDims) {
        if (target == S8Target.MVE) {
            return arm_convolve_wrapper_s8_get_buffer_size_mve(p, inDims, fDims, outDims);
        }
        return wrapperSize(target, p, inDims, fDims, outDims);
    }

    /**
     * {@code arm_convolve_wrapper_s8_get_buffer_size_dsp} as a non-MVE build (a DSP core, or a host-side generator)
     * evaluates it with GCC.
     */
    public static int arm_convolve_wrapper_s8_get_buffer_size_dsp(ConvParams p, CmsisDims inDims, CmsisDims fDims,
            CmsisDims outDims) {
        return wrapperSize(S8Target.DSP, p, inDims, fDims, outDims);
    }

    /**
     * {@code arm_convolve_wrapper_s8_get_buffer_size_dsp} as a build for {@code compilingTarget} evaluates it: the
     * function calls the target-dependent {@code arm_convolve_s8_get_buffer_size} and
     * {@code arm_convolve_1_x_n_s8_get_buffer_size}, so an MVE build returns MVE sizes from it.
     */
    public static int arm_convolve_wrapper_s8_get_buffer_size_dsp(S8Target compilingTarget, ConvParams p,
            CmsisDims inDims, CmsisDims fDims, CmsisDims outDims) {
        return wrapperSize(compilingTarget, p, inDims, fDims, outDims);
    }

    /** {@code arm_convolve_wrapper_s8_get_buffer_size_mve} (the same on every compiling target with GCC). */
    public static int arm_convolve_wrapper_s8_get_buffer_size_mve(ConvParams p, CmsisDims inDims, CmsisDims fDims,
            CmsisDims outDims) {
        if (isOneByOneSized(p, fDims)) {
            return 0;
        }
        if (isOneByNSized(p, inDims, fDims)) {
            return arm_convolve_1_x_n_s8_get_buffer_size(S8Target.MVE, p, inDims, fDims, outDims);
        }
        return convolveS8BufferSizeMve(inDims, fDims);
    }

    private static int wrapperSize(S8Target target, ConvParams p, CmsisDims inDims, CmsisDims fDims,
            CmsisDims outDims) {
        if (isOneByOneSized(p, fDims)) {
            return 0;
        }
        if (isOneByNSized(p, inDims, fDims)) {
            return arm_convolve_1_x_n_s8_get_buffer_size(target, p, inDims, fDims, outDims);
        }
        return arm_convolve_s8_get_buffer_size(target, inDims, fDims);
    }

    private static boolean isOneByOneSized(ConvParams p, CmsisDims fDims) {
        return p.padding().w() == 0 && p.padding().h() == 0 && fDims.w() == 1 && fDims.h() == 1
                && p.dilation().w() == 1 && p.dilation().h() == 1;
    }

    private static boolean isOneByNSized(ConvParams p, CmsisDims inDims, CmsisDims fDims) {
        return inDims.h() == 1 && p.dilation().w() == 1 && fDims.h() == 1 && (p.stride().w() * inDims.c()) % 4 == 0;
    }
}
