package dev.j2cmsis.sim.kernels;

/**
 * HWC q7 convolutions of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), {@code CMSIS/NN/Source/ConvolutionFunctions/}:
 * {@code arm_convolve_HWC_q7_{basic,fast,RGB}.c}, {@code arm_convolve_HWC_q7_{basic,fast}_nonsquare.c},
 * {@code arm_convolve_1x1_HWC_q7_fast_nonsquare.c} and the depthwise
 * {@code arm_depthwise_separable_conv_HWC_q7{,_nonsquare}.c}.
 *
 * <p>Layouts: activations HWC (channel fastest), weights {@code [ch_out][ky][kx][ch_in]} (depthwise:
 * {@code [ky][kx][ch]}), output index {@code (y * dim_out_x + x) * ch_out + co}. For every output (y, x, co):
 * {@code acc = (bias[co] << bias_shift) + NN_ROUND(out_shift)}, plus {@code in * w} over every kernel tap
 * whose input row {@code y*stride_y + m - padding_y} and column {@code x*stride_x + n - padding_x} lie inside
 * the image (zero padding on all sides), all in wrapping 32-bit arithmetic; {@code out = sat8(acc >> out_shift)}.
 * The output sizes are taken as given and never checked against the input size. The nonsquare methods take x
 * (width) before y, as the C prototypes do. The input must not alias the output. {@code bufferA}/{@code bufferB}
 * of the C API are not needed by this reference computation.
 */
public final class ArmConvolveQ7 {

    /** {@code ARM_MATH_SUCCESS}. */
    public static final int ARM_MATH_SUCCESS = 0;
    /** {@code ARM_MATH_SIZE_MISMATCH}. */
    public static final int ARM_MATH_SIZE_MISMATCH = -3;

    private ArmConvolveQ7() {
    }

    /**
     * {@code arm_convolve_HWC_q7_basic}. No argument checks; plain-C and DSP paths are identical.
     *
     * @return always {@link #ARM_MATH_SUCCESS}
     */
    public static int arm_convolve_HWC_q7_basic(byte[] im, int imOff, int dimIn, int chIn, byte[] wt, int wtOff,
            int chOut, int dimKernel, int padding, int stride, byte[] bias, int biasOff, int biasShift,
            int outShift, byte[] out, int outOff, int dimOut) {
        reference(im, imOff, dimIn, chIn, wt, wtOff, chOut, dimKernel, padding, stride, bias, biasOff, biasShift,
                outShift, out, outOff, dimOut);
        return ARM_MATH_SUCCESS;
    }

    /**
     * {@code arm_convolve_HWC_q7_fast}: returns {@link #ARM_MATH_SIZE_MISMATCH} without writing anything when
     * {@code ch_in % 4 != 0} or {@code ch_out % 2 != 0} (both paths), otherwise computes the reference
     * (plain-C path) result.
     *
     * <p>Precondition for this to also be the Cortex-M4/M7 (DSP path) result: {@code padding <= dim_out} and
     * {@code dim_out <= (dim_in + 2*padding - dim_kernel) / stride + 1}. Outside it the DSP path copies input
     * rows without bounds checks (and, for padding &gt; dim_out, writes past the output); callers that target
     * DSP cores must stay inside it (semantics dossier section 3 (F)).
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_convolve_HWC_q7_fast(byte[] im, int imOff, int dimIn, int chIn, byte[] wt, int wtOff,
            int chOut, int dimKernel, int padding, int stride, byte[] bias, int biasOff, int biasShift,
            int outShift, byte[] out, int outOff, int dimOut) {
        if (NnSupport.u16(chIn) % 4 != 0 || NnSupport.u16(chOut) % 2 != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        reference(im, imOff, dimIn, chIn, wt, wtOff, chOut, dimKernel, padding, stride, bias, biasOff, biasShift,
                outShift, out, outOff, dimOut);
        return ARM_MATH_SUCCESS;
    }

    /**
     * {@code arm_convolve_HWC_q7_RGB}: returns {@link #ARM_MATH_SIZE_MISMATCH} without writing anything when
     * {@code ch_in != 3} (both paths), otherwise the reference result. The DSP path gives the same values but
     * reads one byte past each input pixel, i.e. one byte past the input array at the last pixel: a C caller
     * must make that byte readable.
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_convolve_HWC_q7_RGB(byte[] im, int imOff, int dimIn, int chIn, byte[] wt, int wtOff,
            int chOut, int dimKernel, int padding, int stride, byte[] bias, int biasOff, int biasShift,
            int outShift, byte[] out, int outOff, int dimOut) {
        if (NnSupport.u16(chIn) != 3) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        reference(im, imOff, dimIn, chIn, wt, wtOff, chOut, dimKernel, padding, stride, bias, biasOff, biasShift,
                outShift, out, outOff, dimOut);
        return ARM_MATH_SUCCESS;
    }

    /**
     * {@code arm_convolve_HWC_q7_basic_nonsquare}. No argument checks; plain-C and DSP paths are identical.
     *
     * @return always {@link #ARM_MATH_SUCCESS}
     */
    public static int arm_convolve_HWC_q7_basic_nonsquare(byte[] im, int imOff, int dimInX, int dimInY, int chIn,
            byte[] wt, int wtOff, int chOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY,
            int strideX, int strideY, byte[] bias, int biasOff, int biasShift, int outShift, byte[] out, int outOff,
            int dimOutX, int dimOutY) {
        reference(im, imOff, dimInX, dimInY, chIn, wt, wtOff, chOut, dimKernelX, dimKernelY, paddingX, paddingY,
                strideX, strideY, bias, biasOff, biasShift, outShift, out, outOff, dimOutX, dimOutY);
        return ARM_MATH_SUCCESS;
    }

    /**
     * {@code arm_convolve_HWC_q7_fast_nonsquare}: returns {@link #ARM_MATH_SIZE_MISMATCH} without writing
     * anything when {@code ch_in % 4 != 0} or {@code ch_out % 2 != 0} (both paths), otherwise computes the
     * reference (plain-C path) result.
     *
     * <p>Precondition for this to also be the Cortex-M4/M7 (DSP path) result, on each axis separately:
     * {@code padding <= dim_out} and {@code dim_out <= (dim_in + 2*padding - dim_kernel) / stride + 1}
     * (see {@link #fastDspMatchesReference}). The DSP path splits output rows into top {@code [0, padding_y)},
     * middle and bottom, and the middle rows into left {@code [0, padding_x)}, middle and right columns; the
     * middle of a middle row is copied without bounds checks (semantics dossier section 3 (F)).
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_convolve_HWC_q7_fast_nonsquare(byte[] im, int imOff, int dimInX, int dimInY, int chIn,
            byte[] wt, int wtOff, int chOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY,
            int strideX, int strideY, byte[] bias, int biasOff, int biasShift, int outShift, byte[] out, int outOff,
            int dimOutX, int dimOutY) {
        if (NnSupport.u16(chIn) % 4 != 0 || NnSupport.u16(chOut) % 2 != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        reference(im, imOff, dimInX, dimInY, chIn, wt, wtOff, chOut, dimKernelX, dimKernelY, paddingX, paddingY,
                strideX, strideY, bias, biasOff, biasShift, outShift, out, outOff, dimOutX, dimOutY);
        return ARM_MATH_SUCCESS;
    }

    /**
     * {@code arm_convolve_1x1_HWC_q7_fast_nonsquare}: returns {@link #ARM_MATH_SIZE_MISMATCH} without writing
     * anything unless {@code ch_in % 4 == 0}, {@code ch_out % 2 == 0}, both kernel sizes are 1, both paddings 0
     * and both strides 1 (both paths); otherwise the reference (plain-C path) result.
     *
     * <p>Precondition for this to also be the DSP-path result: {@code dim_out_x <= dim_in_x} and
     * {@code dim_out_y <= dim_in_y}. The DSP path reads input pixel {@code y * dim_in_x + x} without bounds
     * checks and ignores {@code dim_in_y}, where the reference gives the bias-only value outside the image
     * (semantics dossier section 3 (G)).
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_convolve_1x1_HWC_q7_fast_nonsquare(byte[] im, int imOff, int dimInX, int dimInY,
            int chIn, byte[] wt, int wtOff, int chOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY,
            int strideX, int strideY, byte[] bias, int biasOff, int biasShift, int outShift, byte[] out, int outOff,
            int dimOutX, int dimOutY) {
        if (NnSupport.u16(chIn) % 4 != 0 || NnSupport.u16(chOut) % 2 != 0 || NnSupport.u16(dimKernelX) != 1
                || NnSupport.u16(dimKernelY) != 1 || NnSupport.u16(paddingX) != 0 || NnSupport.u16(paddingY) != 0
                || NnSupport.u16(strideX) != 1 || NnSupport.u16(strideY) != 1) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        reference(im, imOff, dimInX, dimInY, chIn, wt, wtOff, chOut, 1, 1, 0, 0, 1, 1, bias, biasOff, biasShift,
                outShift, out, outOff, dimOutX, dimOutY);
        return ARM_MATH_SUCCESS;
    }

    /**
     * Whether the {@code ARM_MATH_DSP} path of {@code arm_convolve_HWC_q7_fast} / {@code _fast_nonsquare}
     * equals the reference on one axis (semantics dossier section 3 (F)): {@code padding <= dim_out} and
     * {@code dim_out} at most the number of windows that fit, {@code (dim_in + 2*padding - k) / stride + 1}.
     * Both axes must satisfy it.
     */
    public static boolean fastDspMatchesReference(int dimIn, int dimKernel, int padding, int stride, int dimOut) {
        int span = dimIn + 2 * padding - dimKernel;
        int valid = span >= 0 ? span / stride + 1 : 0;
        return padding <= dimOut && dimOut <= valid;
    }

    /**
     * {@code arm_depthwise_separable_conv_HWC_q7} (despite the name only the depthwise part, depth multiplier
     * 1): returns {@link #ARM_MATH_SIZE_MISMATCH} without writing anything when {@code ch_in != ch_out} (both
     * paths). Weights {@code [ky][kx][ch]}; {@code out[y][x][c] = sat8((init(bias[c]) + sum of in[iy][ix][c] *
     * w[m][n][c] over in-image taps) >> out_shift)}. Plain-C and DSP paths are identical.
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_depthwise_separable_conv_HWC_q7(byte[] im, int imOff, int dimIn, int chIn, byte[] wt,
            int wtOff, int chOut, int dimKernel, int padding, int stride, byte[] bias, int biasOff, int biasShift,
            int outShift, byte[] out, int outOff, int dimOut) {
        return arm_depthwise_separable_conv_HWC_q7_nonsquare(im, imOff, dimIn, dimIn, chIn, wt, wtOff, chOut,
                dimKernel, dimKernel, padding, padding, stride, stride, bias, biasOff, biasShift, outShift, out,
                outOff, dimOut, dimOut);
    }

    /**
     * {@code arm_depthwise_separable_conv_HWC_q7_nonsquare}: as {@link #arm_depthwise_separable_conv_HWC_q7}
     * with separate x and y sizes, paddings and strides (x first). Plain-C and DSP paths are identical.
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_depthwise_separable_conv_HWC_q7_nonsquare(byte[] im, int imOff, int dimInX, int dimInY,
            int chIn, byte[] wt, int wtOff, int chOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY,
            int strideX, int strideY, byte[] bias, int biasOff, int biasShift, int outShift, byte[] out, int outOff,
            int dimOutX, int dimOutY) {
        final int ch = NnSupport.u16(chIn);
        if (ch != NnSupport.u16(chOut)) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        final int inX = NnSupport.u16(dimInX);
        final int inY = NnSupport.u16(dimInY);
        final int kx = NnSupport.u16(dimKernelX);
        final int ky = NnSupport.u16(dimKernelY);
        final int px = NnSupport.u16(paddingX);
        final int py = NnSupport.u16(paddingY);
        final int sx = NnSupport.u16(strideX);
        final int sy = NnSupport.u16(strideY);
        final int bs = NnSupport.u16(biasShift);
        final int os = NnSupport.u16(outShift);
        final int outX = NnSupport.u16(dimOutX);
        final int outY = NnSupport.u16(dimOutY);
        if (PlaneConv.applies(ch, kx, ky, sx, sy, outX, outY)) {
            PlaneConv.depthwise(im, imOff, inX, inY, ch, wt, wtOff, kx, ky, px, py, bias, biasOff, bs, os, out, outOff,
                    outX, outY);
            return ARM_MATH_SUCCESS;
        }
        final int round = NnSupport.nnRound(os);
        for (int y = 0; y < outY; y++) {
            final int y0 = y * sy - py;
            final int mStart = Math.max(0, -y0);
            final int mEnd = Math.min(ky, inY - y0);
            for (int x = 0; x < outX; x++) {
                final int x0 = x * sx - px;
                final int nStart = Math.max(0, -x0);
                final int nEnd = Math.min(kx, inX - x0);
                final int o = outOff + (y * outX + x) * ch;
                for (int c = 0; c < ch; c++) {
                    int acc = (bias[biasOff + c] << bs) + round;
                    for (int m = mStart; m < mEnd; m++) {
                        int ip = imOff + ((y0 + m) * inX + x0 + nStart) * ch + c;
                        int wp = wtOff + (m * kx + nStart) * ch + c;
                        for (int n = nStart; n < nEnd; n++, ip += ch, wp += ch) {
                            acc += im[ip] * wt[wp];
                        }
                    }
                    out[o + c] = NnSupport.sat8(acc >> os);
                }
            }
        }
        return ARM_MATH_SUCCESS;
    }

    /** The square convolutions are the nonsquare reference with equal axes. */
    private static void reference(byte[] im, int imOff, int dimIn, int chIn, byte[] wt, int wtOff, int chOut,
            int dimKernel, int padding, int stride, byte[] bias, int biasOff, int biasShift, int outShift,
            byte[] out, int outOff, int dimOut) {
        reference(im, imOff, dimIn, dimIn, chIn, wt, wtOff, chOut, dimKernel, dimKernel, padding, padding, stride,
                stride, bias, biasOff, biasShift, outShift, out, outOff, dimOut, dimOut);
    }

    /**
     * The plain-C reference loop. Stride-1 layers go through {@link PlaneConv} (whole-plane accumulation, several
     * times faster); the others are reorganised for the JIT: the weights are widened to int once per call, the
     * in-image part of each receptive field is gathered into a zero-filled int patch (padding taps contribute 0,
     * exactly like the skipped taps of the C loop), and every output channel is one long int dot product, which
     * C2 vectorises. Wrapping int addition is associative, so the order does not change the result.
     */
    private static void reference(byte[] im, int imOff, int dimInX, int dimInY, int chIn, byte[] wt, int wtOff,
            int chOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY, int strideX, int strideY,
            byte[] bias, int biasOff, int biasShift, int outShift, byte[] out, int outOff, int dimOutX,
            int dimOutY) {
        final int inX = NnSupport.u16(dimInX);
        final int inY = NnSupport.u16(dimInY);
        chIn = NnSupport.u16(chIn);
        chOut = NnSupport.u16(chOut);
        final int kx = NnSupport.u16(dimKernelX);
        final int ky = NnSupport.u16(dimKernelY);
        final int px = NnSupport.u16(paddingX);
        final int py = NnSupport.u16(paddingY);
        final int sx = NnSupport.u16(strideX);
        final int sy = NnSupport.u16(strideY);
        biasShift = NnSupport.u16(biasShift);
        outShift = NnSupport.u16(outShift);
        final int outX = NnSupport.u16(dimOutX);
        final int outY = NnSupport.u16(dimOutY);
        if (outX == 0 || outY == 0 || chOut == 0) {
            return;
        }
        if (PlaneConv.applies(chIn, kx, ky, sx, sy, outX, outY)) {
            PlaneConv.conv(im, imOff, inX, inY, chIn, wt, wtOff, chOut, kx, ky, px, py, bias, biasOff, biasShift,
                    outShift, out, outOff, outX, outY);
            return;
        }
        final int round = NnSupport.nnRound(outShift);
        final int patch = chIn * kx * ky;
        final ConvScratch scratch = ConvScratch.get(chOut, patch);
        final int[][] w = scratch.rows;
        final int[] col = scratch.col;
        for (int co = 0; co < chOut; co++) {
            final int[] row = w[co];
            final int from = wtOff + co * patch;
            for (int t = 0; t < patch; t++) {
                row[t] = wt[from + t];
            }
        }
        for (int j = 0; j < outY; j++) {
            final int y0 = sy * j - py;
            final int mStart = Math.max(0, -y0);
            final int mEnd = Math.min(ky, inY - y0);
            for (int x = 0; x < outX; x++) {
                final int x0 = sx * x - px;
                final int nStart = Math.max(0, -x0);
                final int nEnd = Math.min(kx, inX - x0);
                final int run = (nEnd - nStart) * chIn;
                if (mStart != 0 || mEnd != ky || nStart != 0 || nEnd != kx) {
                    java.util.Arrays.fill(col, 0, patch, 0);
                }
                if (run > 0) {
                    for (int m = mStart; m < mEnd; m++) {
                        final int ip = imOff + ((y0 + m) * inX + x0 + nStart) * chIn;
                        final int cp = (m * kx + nStart) * chIn;
                        for (int t = 0; t < run; t++) {
                            col[cp + t] = im[ip + t];
                        }
                    }
                }
                final int o = outOff + (j * outX + x) * chOut;
                for (int co = 0; co < chOut; co++) {
                    int acc = (bias[biasOff + co] << biasShift) + round;
                    final int[] row = w[co];
                    for (int t = 0; t < patch; t++) {
                        acc += col[t] * row[t];
                    }
                    out[o + co] = NnSupport.sat8(acc >> outShift);
                }
            }
        }
    }
}
