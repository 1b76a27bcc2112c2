package dev.j2cmsis.sim.kernels;

/**
 * Square HWC q7 convolutions of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0),
 * {@code CMSIS/NN/Source/ConvolutionFunctions/arm_convolve_HWC_q7_{basic,fast,RGB}.c}.
 *
 * <p>Layouts: activations HWC (channel fastest), weights {@code [ch_out][ky][kx][ch_in]}, output index
 * {@code (y * dim_out + x) * ch_out + co}. For every output (y, x, co):
 * {@code acc = (bias[co] << bias_shift) + NN_ROUND(out_shift)}, plus {@code in * w} over every kernel tap
 * whose input row {@code y*stride + m - padding} and column {@code x*stride + n - padding} lie inside the
 * image (zero padding on all sides), all in wrapping 32-bit arithmetic; {@code out = sat8(acc >> out_shift)}.
 * {@code dim_out} is taken as given and never checked against the input size. The input must not alias the
 * output. {@code bufferA}/{@code bufferB} of the C API are not needed by this reference computation.
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

    /** Per-thread scratch: the weights widened to int and one im2col patch. */
    private static final ThreadLocal<int[][]> SCRATCH = ThreadLocal.withInitial(() -> new int[2][0]);

    /**
     * The plain-C reference loop, reorganised for the JIT: the weights are widened to int once per call, the
     * in-image part of each receptive field is gathered into a zero-filled int patch (padding taps contribute 0,
     * exactly like the skipped taps of the C loop), and every output channel is one long int dot product, which
     * C2 vectorises. Wrapping int addition is associative, so the order does not change the result.
     */
    private static void reference(byte[] im, int imOff, int dimIn, int chIn, byte[] wt, int wtOff, int chOut,
            int dimKernel, int padding, int stride, byte[] bias, int biasOff, int biasShift, int outShift,
            byte[] out, int outOff, int dimOut) {
        dimIn = NnSupport.u16(dimIn);
        chIn = NnSupport.u16(chIn);
        chOut = NnSupport.u16(chOut);
        final int k = NnSupport.u16(dimKernel);
        padding = NnSupport.u16(padding);
        stride = NnSupport.u16(stride);
        biasShift = NnSupport.u16(biasShift);
        outShift = NnSupport.u16(outShift);
        dimOut = NnSupport.u16(dimOut);
        if (dimOut == 0 || chOut == 0) {
            return;
        }
        final int round = NnSupport.nnRound(outShift);
        final int patch = chIn * k * k;
        final int[][] scratch = SCRATCH.get();
        if (scratch[0].length < chOut * patch) {
            scratch[0] = new int[chOut * patch];
        }
        if (scratch[1].length < patch) {
            scratch[1] = new int[patch];
        }
        final int[] w = scratch[0];
        final int[] col = scratch[1];
        for (int i = 0; i < chOut * patch; i++) {
            w[i] = wt[wtOff + i];
        }
        for (int j = 0; j < dimOut; j++) {
            final int y0 = stride * j - padding;
            final int mStart = Math.max(0, -y0);
            final int mEnd = Math.min(k, dimIn - y0);
            for (int x = 0; x < dimOut; x++) {
                final int x0 = stride * x - padding;
                final int nStart = Math.max(0, -x0);
                final int nEnd = Math.min(k, dimIn - x0);
                final int run = (nEnd - nStart) * chIn;
                if (mStart != 0 || mEnd != k || nStart != 0 || nEnd != k) {
                    java.util.Arrays.fill(col, 0, patch, 0);
                }
                if (run > 0) {
                    for (int m = mStart; m < mEnd; m++) {
                        final int ip = imOff + ((y0 + m) * dimIn + x0 + nStart) * chIn;
                        final int cp = (m * k + nStart) * chIn;
                        for (int t = 0; t < run; t++) {
                            col[cp + t] = im[ip + t];
                        }
                    }
                }
                final int o = outOff + (j * dimOut + x) * chOut;
                for (int co = 0; co < chOut; co++) {
                    int acc = (bias[biasOff + co] << biasShift) + round;
                    final int wp = co * patch;
                    for (int t = 0; t < patch; t++) {
                        acc += col[t] * w[wp + t];
                    }
                    out[o + co] = NnSupport.sat8(acc >> outShift);
                }
            }
        }
    }
}
