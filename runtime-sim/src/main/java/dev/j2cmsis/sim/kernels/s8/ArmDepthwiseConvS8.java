package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_ARG_ERROR;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_SUCCESS;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.requantizeOutput;

/**
 * The s8 depthwise convolutions of CMSIS-NN v7.0.0, {@code Source/ConvolutionFunctions/}:
 * {@code arm_depthwise_conv_wrapper_s8.c}, {@code arm_depthwise_conv_s8.c}, {@code arm_depthwise_conv_s8_opt.c},
 * {@code arm_depthwise_conv_3x3_s8.c} and {@code arm_depthwise_conv_get_buffer_sizes_s8.c}.
 *
 * <p>Layouts: activations NHWC, filter {@code [1][KH][KW][C_OUT]} with {@code C_OUT = in.c * ch_mult}; output
 * channel {@code oc = ic*ch_mult + m} reads input channel {@code ic}. For every output (n, oy, ox, oc):
 * {@code acc = bias[oc] + sum (in[n, iy, ix, ic] + input_offset) * w[ky, kx, oc]} over the taps inside the input
 * ({@code iy = oy*stride.h - pad.h + ky*dil.h}, likewise x), wrapping int32;
 * {@code out = clamp(arm_nn_requantize(acc, mult[oc], shift[oc]) + output_offset, act.min, act.max)}. Taps outside
 * the input are skipped. Only {@code arm_depthwise_conv_s8} handles batches and dilation; the others assume
 * {@code n == 1} and no dilation. {@code ctx} stands for {@code ctx->buf} ({@code null} = NULL); only the MVE
 * one-input-channel path uses its contents. Requantization: as in {@link ArmConvolveS8}.
 */
public final class ArmDepthwiseConvS8 {

    /** The kernel {@code arm_depthwise_conv_wrapper_s8} dispatches to. */
    public enum Kernel {
        DEPTHWISE_CONV_S8, DEPTHWISE_CONV_S8_OPT, DEPTHWISE_CONV_3X3_S8,
        /** MVE only: one input channel, run as a conv through {@code arm_convolve_wrapper_s8}. */
        CONVOLVE_WRAPPER_S8
    }

    /** {@code CONVERT_DW_CONV_WITH_ONE_INPUT_CH_AND_OUTPUT_CH_ABOVE_THRESHOLD} with GCC (8 with Arm Compiler 6). */
    public static final int ONE_INPUT_CH_THRESHOLD = 1;

    /** {@code CH_IN_BLOCK_MVE}. */
    public static final int CH_IN_BLOCK_MVE = 124;

    private ArmDepthwiseConvS8() {
    }

    /**
     * The kernel {@code arm_depthwise_conv_wrapper_s8} of v7.0.0 picks on {@code target}: MVE with {@code in.c == 1}
     * and {@code out.c > 1} runs a conv; then {@code ch_mult == 1}, {@code n == 1} and no dilation gives the 3x3
     * kernel for a 3x3 filter with {@code pad.h <= 1} and {@code pad.w <= 1} (not on MVE) and {@code _s8_opt}
     * otherwise; everything else runs {@code arm_depthwise_conv_s8}.
     */
    public static Kernel arm_depthwise_conv_wrapper_s8_kernel(S8Target target, DwConvParams p, CmsisDims in,
            CmsisDims filter, CmsisDims out) {
        if (target == S8Target.MVE && in.c() == 1 && out.c() > ONE_INPUT_CH_THRESHOLD) {
            return Kernel.CONVOLVE_WRAPPER_S8;
        }
        if (p.chMult() == 1 && in.n() == 1 && p.dilation().w() == 1 && p.dilation().h() == 1) {
            if (target != S8Target.MVE && filter.w() == 3 && filter.h() == 3 && p.padding().h() <= 1
                    && p.padding().w() <= 1) {
                return Kernel.DEPTHWISE_CONV_3X3_S8;
            }
            return Kernel.DEPTHWISE_CONV_S8_OPT;
        }
        return Kernel.DEPTHWISE_CONV_S8;
    }

    /**
     * {@code arm_depthwise_conv_wrapper_s8}. For the MVE conv path {@code ctx} must hold
     * {@link #arm_depthwise_conv_wrapper_s8_get_buffer_size} bytes: the transposed filter is written behind the
     * conv's own scratch, as in C.
     */
    public static int arm_depthwise_conv_wrapper_s8(S8Target target, S8Rounding rounding, byte[] ctx,
            DwConvParams p, PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims,
            byte[] w, int wOff, int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        switch (arm_depthwise_conv_wrapper_s8_kernel(target, p, inDims, fDims, outDims)) {
            case CONVOLVE_WRAPPER_S8: {
                ConvParams cp = p.toConvParams();
                CmsisDims convFilter = new CmsisDims(fDims.c(), fDims.h(), fDims.w(), fDims.n());
                if (ctx == null) {
                    throw new IllegalArgumentException("the MVE one-input-channel depthwise path needs ctx");
                }
                int wBuf = ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(S8Target.MVE, cp, inDims,
                        convFilter, outDims);
                // arm_transpose_s8 with perm {3, 1, 2, 0}: [1][KH][KW][C_OUT] -> [C_OUT][KH][KW][1].
                int taps = fDims.h() * fDims.w();
                int cOut = fDims.c();
                for (int o = 0; o < cOut; o++) {
                    for (int t = 0; t < taps; t++) {
                        ctx[wBuf + o * taps + t] = w[wOff + t * cOut + o];
                    }
                }
                return ArmConvolveS8.arm_convolve_wrapper_s8(S8Target.MVE, rounding, ctx, cp, q, inDims, in, inOff,
                        convFilter, ctx, wBuf, bias, outDims, out, outOff);
            }
            case DEPTHWISE_CONV_3X3_S8:
                return arm_depthwise_conv_3x3_s8(rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias,
                        outDims, out, outOff);
            case DEPTHWISE_CONV_S8_OPT:
                return arm_depthwise_conv_s8_opt(target, rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias,
                        outDims, out, outOff);
            default:
                return arm_depthwise_conv_s8(rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias, outDims,
                        out, outOff);
        }
    }

    /**
     * {@code arm_depthwise_conv_s8}: the generic kernel (batches, {@code ch_mult}, dilation), the same bytes on every
     * target (its {@code ch_mult % 4 == 0} variant included). Writes {@code in.c * ch_mult} channels per output
     * pixel; {@code ctx} unused.
     */
    public static int arm_depthwise_conv_s8(S8Rounding rounding, byte[] ctx, DwConvParams p,
            PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        reference(rounding, p, p.chMult(), p.dilation().w(), p.dilation().h(), inDims.n(), q, inDims, in, inOff,
                fDims, w, wOff, bias, outDims, out, outOff);
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * {@code arm_depthwise_conv_s8_opt} ({@code ch_mult == 1}). ARG_ERROR when {@code in.c != out.c}, or when
     * {@code ctx} is null and {@link #arm_depthwise_conv_s8_opt_get_buffer_size} is not 0 (DSP, MVE). Plain C runs
     * {@link #arm_depthwise_conv_s8}; DSP and MVE assume one batch and no dilation.
     */
    public static int arm_depthwise_conv_s8_opt(S8Target target, S8Rounding rounding, byte[] ctx, DwConvParams p,
            PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        if (inDims.c() != outDims.c()) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        if (ctx == null && arm_depthwise_conv_s8_opt_get_buffer_size(target, inDims, fDims) > 0) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        if (target == S8Target.PLAIN_C) {
            return arm_depthwise_conv_s8(rounding, ctx, p, q, inDims, in, inOff, fDims, w, wOff, bias, outDims, out,
                    outOff);
        }
        reference(rounding, p, 1, 1, 1, 1, q, inDims, in, inOff, fDims, w, wOff, bias, outDims, out, outOff);
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * {@code arm_depthwise_conv_3x3_s8} (the same bytes on plain C and DSP; the wrapper never calls it on MVE).
     * ARG_ERROR when {@code in.c != out.c}, {@code pad.w > 1} or the filter is not 3x3; {@code pad.h} is not
     * checked. One batch, {@code ch_mult} 1, no dilation. v7.0.0 quirk reproduced: the middle filter column is always
     * accumulated, also when it falls right of the input (an output column whose window starts at the last input
     * column); it then reads the next pixel of the input array. The caller must keep such windows inside the array
     * (TFLite SAME and VALID geometries never produce them).
     */
    public static int arm_depthwise_conv_3x3_s8(S8Rounding rounding, byte[] ctx, DwConvParams p,
            PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        int inputX = inDims.w();
        int inputY = inDims.h();
        int ch = inDims.c();
        if (ch != outDims.c()) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int padX = p.padding().w();
        if (padX > 1 || fDims.w() != 3 || fDims.h() != 3) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int padY = p.padding().h();
        int sx = p.stride().w();
        int sy = p.stride().h();
        int inputOffset = p.inputOffset();
        int outputOffset = p.outputOffset();
        int actMin = p.activation().min();
        int actMax = p.activation().max();
        int[] mult = q.multiplier();
        int[] shift = q.shift();
        // With every middle column inside the input (any usual layer), the kernel's column choice is the reference's.
        if ((outDims.w() - 1) * sx - padX + 1 < inputX
                && PlaneConvS8.applies(p.stride(), p.dilation(), ch, 3, 3, outDims.w(), outDims.h())) {
            PlaneConvS8.depthwise(rounding, p, q, in, inOff, inputX, inputY, ch, w, wOff, 3, 3, bias, out, outOff,
                    outDims.w(), outDims.h());
            return ARM_CMSIS_NN_SUCCESS;
        }
        int outIdx = outOff;
        int[] acc = new int[ch];
        for (int outH = 0, inH = -padY; outH < outDims.h(); outH++, inH += sy) {
            int kerHStart = Math.max(0, -inH);
            int kerHEnd = Math.min(3, inputY - inH);
            for (int outW = 0, inW = -padX; outW < outDims.w(); outW++, inW += sx) {
                int kerWStart = Math.max(0, -inW);
                boolean third = inputX - inW >= 3;
                for (int c = 0; c < ch; c++) {
                    acc[c] = bias == null ? 0 : bias[c];
                }
                for (int kh = kerHStart; kh < kerHEnd; kh++) {
                    int ip = inOff + ((inH + kh) * inputX + inW) * ch;
                    int kp = wOff + kh * 3 * ch;
                    if (kerWStart == 0) {
                        tap(acc, in, ip, w, kp, ch, inputOffset);
                    }
                    tap(acc, in, ip + ch, w, kp + ch, ch, inputOffset);
                    if (third) {
                        tap(acc, in, ip + 2 * ch, w, kp + 2 * ch, ch, inputOffset);
                    }
                }
                for (int c = 0; c < ch; c++) {
                    out[outIdx++] = requantizeOutput(acc[c], mult[c], shift[c], rounding, outputOffset, actMin, actMax);
                }
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /** One filter tap over all channels: {@code acc[c] += (in[ip + c] + offset) * w[wp + c]}. */
    private static void tap(int[] acc, byte[] in, int ip, byte[] w, int wp, int n, int inputOffset) {
        for (int c = 0; c < n; c++) {
            acc[c] += (in[ip + c] + inputOffset) * w[wp + c];
        }
    }

    private static void reference(S8Rounding rounding, DwConvParams p, int chMult, int dx, int dy, int batches,
            PerChannelQuantParams q, CmsisDims inDims, byte[] in, int inOff, CmsisDims fDims, byte[] w, int wOff,
            int[] bias, CmsisDims outDims, byte[] out, int outOff) {
        int inputX = inDims.w();
        int inputY = inDims.h();
        int inCh = inDims.c();
        int kw = fDims.w();
        int kh = fDims.h();
        int sx = p.stride().w();
        int sy = p.stride().h();
        int px = p.padding().w();
        int py = p.padding().h();
        int inputOffset = p.inputOffset();
        int outputOffset = p.outputOffset();
        int actMin = p.activation().min();
        int actMax = p.activation().max();
        int[] mult = q.multiplier();
        int[] shift = q.shift();
        int filterCh = inCh * chMult;
        int o = outOff;
        int[] acc = new int[filterCh];
        boolean planes = chMult == 1 && PlaneConvS8.applies(p.stride(), new CmsisTile(dx, dy), inCh, kw, kh,
                outDims.w(), outDims.h());
        for (int b = 0; b < batches; b++) {
            int inBase = inOff + b * inputX * inputY * inCh;
            if (planes) {
                PlaneConvS8.depthwise(rounding, p, q, in, inBase, inputX, inputY, inCh, w, wOff, kw, kh, bias, out, o,
                        outDims.w(), outDims.h());
                o += outDims.w() * outDims.h() * filterCh;
                continue;
            }
            for (int oy = 0; oy < outDims.h(); oy++) {
                int baseY = oy * sy - py;
                for (int ox = 0; ox < outDims.w(); ox++) {
                    int baseX = ox * sx - px;
                    for (int oc = 0; oc < filterCh; oc++) {
                        acc[oc] = bias == null ? 0 : bias[oc];
                    }
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = baseY + ky * dy;
                        if (iy < 0 || iy >= inputY) {
                            continue;
                        }
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = baseX + kx * dx;
                            if (ix < 0 || ix >= inputX) {
                                continue;
                            }
                            int ip = inBase + (iy * inputX + ix) * inCh;
                            int wp = wOff + (ky * kw + kx) * filterCh;
                            if (chMult == 1) {
                                tap(acc, in, ip, w, wp, inCh, inputOffset);
                            } else {
                                for (int ic = 0; ic < inCh; ic++) {
                                    int x = in[ip + ic] + inputOffset;
                                    for (int m = 0; m < chMult; m++) {
                                        acc[ic * chMult + m] += x * w[wp + ic * chMult + m];
                                    }
                                }
                            }
                        }
                    }
                    for (int oc = 0; oc < filterCh; oc++) {
                        out[o++] = requantizeOutput(acc[oc], mult[oc], shift[oc], rounding, outputOffset, actMin,
                                actMax);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Scratch sizes (arm_depthwise_conv_get_buffer_sizes_s8.c, GCC values)

    /**
     * {@code arm_depthwise_conv_s8_opt_get_buffer_size} as compiled for {@code target}: MVE
     * {@code 4*CH_IN_BLOCK_MVE*KW*KH}, DSP {@code in.c*KW*KH*sizeof(int16)}, plain C 0.
     */
    public static int arm_depthwise_conv_s8_opt_get_buffer_size(S8Target target, CmsisDims inDims, CmsisDims fDims) {
        return switch (target) {
            case MVE -> arm_depthwise_conv_s8_opt_get_buffer_size_mve(inDims, fDims);
            case DSP -> arm_depthwise_conv_s8_opt_get_buffer_size_dsp(inDims, fDims);
            case PLAIN_C -> 0;
        };
    }

    /** {@code arm_depthwise_conv_s8_opt_get_buffer_size_mve}. */
    public static int arm_depthwise_conv_s8_opt_get_buffer_size_mve(CmsisDims inDims, CmsisDims fDims) {
        return 4 * CH_IN_BLOCK_MVE * fDims.w() * fDims.h();
    }

    /** {@code arm_depthwise_conv_s8_opt_get_buffer_size_dsp}. */
    public static int arm_depthwise_conv_s8_opt_get_buffer_size_dsp(CmsisDims inDims, CmsisDims fDims) {
        return inDims.c() * fDims.w() * fDims.h() * 2;
    }

    /**
     * {@code arm_depthwise_conv_wrapper_s8_get_buffer_size} as compiled for {@code target}. The size dispatch tests
     * {@code in.c == out.c} where the compute dispatch tests {@code ch_mult == 1} (equivalent for consistent dims).
     */
    public static int arm_depthwise_conv_wrapper_s8_get_buffer_size(S8Target target, DwConvParams p,
            CmsisDims inDims, CmsisDims fDims, CmsisDims outDims) {
        if (target == S8Target.MVE && inDims.c() == 1 && outDims.c() > ONE_INPUT_CH_THRESHOLD) {
            return oneInChSizeMve(p, inDims, fDims, outDims);
        }
        if (optSized(p, inDims, outDims)) {
            if (target != S8Target.MVE && is3x3(p, fDims)) {
                return 0;
            }
            return arm_depthwise_conv_s8_opt_get_buffer_size(target, inDims, fDims);
        }
        return 0;
    }

    /** {@code arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp}. */
    public static int arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(DwConvParams p, CmsisDims inDims,
            CmsisDims fDims, CmsisDims outDims) {
        if (optSized(p, inDims, outDims)) {
            return is3x3(p, fDims) ? 0 : arm_depthwise_conv_s8_opt_get_buffer_size_dsp(inDims, fDims);
        }
        return 0;
    }

    /** {@code arm_depthwise_conv_wrapper_s8_get_buffer_size_mve}: the larger of the opt and the conv-path sizes. */
    public static int arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(DwConvParams p, CmsisDims inDims,
            CmsisDims fDims, CmsisDims outDims) {
        int size = 0;
        if (optSized(p, inDims, outDims)) {
            size = arm_depthwise_conv_s8_opt_get_buffer_size_mve(inDims, fDims);
        }
        if (inDims.c() == 1 && outDims.c() > ONE_INPUT_CH_THRESHOLD) {
            int toConv = oneInChSizeMve(p, inDims, fDims, outDims);
            if (toConv > size) {
                return toConv;
            }
        }
        return size;
    }

    private static int oneInChSizeMve(DwConvParams p, CmsisDims inDims, CmsisDims fDims, CmsisDims outDims) {
        CmsisDims convFilter = new CmsisDims(fDims.c(), fDims.h(), fDims.w(), fDims.n());
        return ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size_mve(p.toConvParams(), inDims, convFilter,
                outDims) + fDims.c() * fDims.h() * fDims.w() * fDims.n();
    }

    private static boolean optSized(DwConvParams p, CmsisDims inDims, CmsisDims outDims) {
        return inDims.c() == outDims.c() && inDims.n() == 1 && p.dilation().w() == 1 && p.dilation().h() == 1;
    }

    private static boolean is3x3(DwConvParams p, CmsisDims fDims) {
        return fDims.w() == 3 && fDims.h() == 3 && p.padding().h() <= 1 && p.padding().w() <= 1;
    }
}
