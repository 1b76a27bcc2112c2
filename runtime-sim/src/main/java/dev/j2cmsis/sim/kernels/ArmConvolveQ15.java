package dev.j2cmsis.sim.kernels;

/**
 * HWC q15 convolutions of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0),
 * {@code CMSIS/NN/Source/ConvolutionFunctions/arm_convolve_HWC_q15_{basic,fast,fast_nonsquare}.c}.
 *
 * <p>Same layouts and accumulator recipe as the q7 convolutions ({@link ArmConvolveQ7}), with q15 input, weights,
 * bias and output: for every output (y, x, co), {@code acc = (bias[co] << bias_shift) + NN_ROUND(out_shift)} plus
 * {@code in * w} over every in-image kernel tap (zero padding on all sides), in wrapping 32-bit arithmetic, and
 * {@code out = sat16(acc >> out_shift)}. With full-range q15 data the accumulator wraps often; both C paths wrap the
 * same way (SMLAD keeps the low 32 bits and only sets the Q flag). Unlike the q7 {@code _fast} kernels, the q15 DSP
 * im2col is bounds-checked on every tap, so padding and {@code dim_out} need no precondition. The input must not
 * alias the output. {@code bufferA}/{@code bufferB} of the C API are not needed here; a C caller passes
 * {@code ch_in*k*k} (basic) or {@code 2*ch_in*kx*ky} (fast) q15 of bufferA.
 */
public final class ArmConvolveQ15 {

    /** {@code ARM_MATH_SUCCESS}. */
    public static final int ARM_MATH_SUCCESS = 0;
    /** {@code ARM_MATH_SIZE_MISMATCH}. */
    public static final int ARM_MATH_SIZE_MISMATCH = -3;

    private ArmConvolveQ15() {
    }

    /**
     * {@code arm_convolve_HWC_q15_basic}. No argument checks; plain-C and DSP paths are identical.
     *
     * @return always {@link #ARM_MATH_SUCCESS}
     */
    public static int arm_convolve_HWC_q15_basic(short[] im, int imOff, int dimIn, int chIn, short[] wt, int wtOff,
            int chOut, int dimKernel, int padding, int stride, short[] bias, int biasOff, int biasShift,
            int outShift, short[] out, int outOff, int dimOut) {
        reference(im, imOff, dimIn, dimIn, chIn, wt, wtOff, chOut, dimKernel, dimKernel, padding, padding, stride,
                stride, bias, biasOff, biasShift, outShift, out, outOff, dimOut, dimOut);
        return ARM_MATH_SUCCESS;
    }

    /**
     * {@code arm_convolve_HWC_q15_fast}, plain-C path (Cortex-M0/M3, host): returns
     * {@link #ARM_MATH_SIZE_MISMATCH} without writing anything when {@code ch_in % 2 != 0} or
     * {@code ch_out % 2 != 0}, otherwise the reference result, for any {@code dim_out}. On a DSP core use
     * {@link #arm_convolve_HWC_q15_fast_dsp}: the two differ exactly for odd {@code dim_out}.
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_convolve_HWC_q15_fast(short[] im, int imOff, int dimIn, int chIn, short[] wt, int wtOff,
            int chOut, int dimKernel, int padding, int stride, short[] bias, int biasOff, int biasShift,
            int outShift, short[] out, int outOff, int dimOut) {
        if (NnSupport.u16(chIn) % 2 != 0 || NnSupport.u16(chOut) % 2 != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        reference(im, imOff, dimIn, dimIn, chIn, wt, wtOff, chOut, dimKernel, dimKernel, padding, padding, stride,
                stride, bias, biasOff, biasShift, outShift, out, outOff, dimOut, dimOut);
        return ARM_MATH_SUCCESS;
    }

    /**
     * {@code arm_convolve_HWC_q15_fast}, {@code ARM_MATH_DSP} path (Cortex-M4/M7/M33): CMSIS 5.9.0 added a check
     * there that the plain-C path lacks, so an odd {@code dim_out} also returns {@link #ARM_MATH_SIZE_MISMATCH}
     * (nothing written) besides odd channel counts. Otherwise the same result as
     * {@link #arm_convolve_HWC_q15_fast}. (Before 5.9.0 the DSP path computed garbage for odd {@code dim_out}.)
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_convolve_HWC_q15_fast_dsp(short[] im, int imOff, int dimIn, int chIn, short[] wt,
            int wtOff, int chOut, int dimKernel, int padding, int stride, short[] bias, int biasOff, int biasShift,
            int outShift, short[] out, int outOff, int dimOut) {
        if ((NnSupport.u16(dimOut) & 1) != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        return arm_convolve_HWC_q15_fast(im, imOff, dimIn, chIn, wt, wtOff, chOut, dimKernel, padding, stride, bias,
                biasOff, biasShift, outShift, out, outOff, dimOut);
    }

    /**
     * {@code arm_convolve_HWC_q15_fast_nonsquare} (x = width before y = height in every pair): returns
     * {@link #ARM_MATH_SIZE_MISMATCH} without writing anything when {@code ch_in % 2 != 0} or
     * {@code ch_out % 2 != 0} (both paths), otherwise the reference (plain-C path) result.
     *
     * <p>Precondition for this to also be the Cortex-M4/M7 (DSP path) result: {@code dim_im_out_x} even. The DSP
     * path computes output pixels in pairs (it flushes its im2col buffer after every odd x), so an odd width pairs
     * the last pixel of a row with the first of the next, drops pixels and overruns bufferA by one column: its
     * output then depends on memory beyond the buffer and is not modelled (semantics dossier section 3, section 9
     * item 6). Unlike {@code arm_convolve_HWC_q15_fast}, 5.9.0 does not reject that case.
     *
     * @return {@link #ARM_MATH_SUCCESS} or {@link #ARM_MATH_SIZE_MISMATCH}
     */
    public static int arm_convolve_HWC_q15_fast_nonsquare(short[] im, int imOff, int dimInX, int dimInY, int chIn,
            short[] wt, int wtOff, int chOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY,
            int strideX, int strideY, short[] bias, int biasOff, int biasShift, int outShift, short[] out,
            int outOff, int dimOutX, int dimOutY) {
        if (NnSupport.u16(chIn) % 2 != 0 || NnSupport.u16(chOut) % 2 != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        reference(im, imOff, dimInX, dimInY, chIn, wt, wtOff, chOut, dimKernelX, dimKernelY, paddingX, paddingY,
                strideX, strideY, bias, biasOff, biasShift, outShift, out, outOff, dimOutX, dimOutY);
        return ARM_MATH_SUCCESS;
    }

    /**
     * The plain-C reference loop. Stride-1 layers go through {@link PlaneConv} (whole-plane accumulation); the
     * others are reorganised as in {@link ArmConvolveQ7}: the in-image part of each receptive
     * field is gathered into a zero-filled int patch (padding taps contribute 0, like the taps the C loop skips)
     * and every output channel is one int dot product. Wrapping int addition is associative, so the order does not
     * change the result.
     */
    private static void reference(short[] im, int imOff, int dimInX, int dimInY, int chIn, short[] wt, int wtOff,
            int chOut, int kx, int ky, int padX, int padY, int strideX, int strideY, short[] bias, int biasOff,
            int biasShift, int outShift, short[] out, int outOff, int dimOutX, int dimOutY) {
        dimInX = NnSupport.u16(dimInX);
        dimInY = NnSupport.u16(dimInY);
        chIn = NnSupport.u16(chIn);
        chOut = NnSupport.u16(chOut);
        kx = NnSupport.u16(kx);
        ky = NnSupport.u16(ky);
        padX = NnSupport.u16(padX);
        padY = NnSupport.u16(padY);
        strideX = NnSupport.u16(strideX);
        strideY = NnSupport.u16(strideY);
        biasShift = NnSupport.u16(biasShift);
        outShift = NnSupport.u16(outShift);
        dimOutX = NnSupport.u16(dimOutX);
        dimOutY = NnSupport.u16(dimOutY);
        if (dimOutX == 0 || dimOutY == 0 || chOut == 0) {
            return;
        }
        if (PlaneConv.applies(chIn, kx, ky, strideX, strideY, dimOutX, dimOutY)) {
            PlaneConv.conv(im, imOff, dimInX, dimInY, chIn, wt, wtOff, chOut, kx, ky, padX, padY, bias, biasOff,
                    biasShift, outShift, out, outOff, dimOutX, dimOutY);
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
        for (int j = 0; j < dimOutY; j++) {
            final int y0 = strideY * j - padY;
            final int mStart = Math.max(0, -y0);
            final int mEnd = Math.min(ky, dimInY - y0);
            for (int x = 0; x < dimOutX; x++) {
                final int x0 = strideX * x - padX;
                final int nStart = Math.max(0, -x0);
                final int nEnd = Math.min(kx, dimInX - x0);
                final int run = (nEnd - nStart) * chIn;
                if (mStart != 0 || mEnd != ky || nStart != 0 || nEnd != kx) {
                    java.util.Arrays.fill(col, 0, patch, 0);
                }
                if (run > 0) {
                    for (int m = mStart; m < mEnd; m++) {
                        final int ip = imOff + ((y0 + m) * dimInX + x0 + nStart) * chIn;
                        final int cp = (m * kx + nStart) * chIn;
                        for (int t = 0; t < run; t++) {
                            col[cp + t] = im[ip + t];
                        }
                    }
                }
                final int o = outOff + (j * dimOutX + x) * chOut;
                for (int co = 0; co < chOut; co++) {
                    int acc = (bias[biasOff + co] << biasShift) + round;
                    final int[] row = w[co];
                    for (int t = 0; t < patch; t++) {
                        acc += col[t] * row[t];
                    }
                    out[o + co] = NnSupport.sat16(acc >> outShift);
                }
            }
        }
    }
}
