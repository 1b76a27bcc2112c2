package dev.j2cmsis.sim.kernels;

/**
 * Square HWC q7 pooling of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), {@code CMSIS/NN/Source/PoolingFunctions/arm_pool_q7_HWC.c}.
 *
 * <p>The window of output (y, x) covers input rows {@code y*stride - padding .. y*stride - padding + k - 1} and
 * the same columns, clipped to the image; padded positions are ignored, not counted. The two C paths differ:
 * <ul>
 * <li>Plain C (Cortex-M0/M3, host), methods without suffix: direct window reduction, input untouched.</li>
 * <li>{@code ARM_MATH_DSP} (Cortex-M4/M7/M33), methods ending in {@code _dsp}: separable and in place. Pass 1
 * reduces every input row along x and writes the result for output column x into input pixel (row, x),
 * destroying the input; a window with a negative start begins at column x (not 0); pass 2 reduces the first
 * {@code dim_out} pixels of the pass-1 rows along y into the output.</li>
 * </ul>
 * Max pooling agrees on both paths iff {@code padding < stride} and no window is empty. Average pooling agrees
 * in general only for {@code k == 1}: the DSP path truncates twice (per row, then per column).
 *
 * <p>The DSP methods additionally need {@code dim_out <= dim_in} and {@code (dim_out - 1)*stride - padding <
 * dim_in} (every window starts inside the image): otherwise the C code reads outside the input buffer
 * (undefined behaviour) and the Java method reads whatever follows in the array or throws
 * {@link ArrayIndexOutOfBoundsException}. The output must never alias the input.
 */
public final class ArmPoolQ7 {

    private ArmPoolQ7() {
    }

    /**
     * {@code arm_maxpool_q7_HWC}, plain-C path: {@code out = max} over the in-image window elements; a window
     * entirely outside the image yields the C start value -129, stored as the q7 value +127. Also the DSP result
     * when {@code padding < stride} and no window is empty. The input is not modified.
     */
    public static void arm_maxpool_q7_HWC(byte[] im, int imOff, int dimIn, int ch, int dimKernel, int padding,
            int stride, int dimOut, byte[] out, int outOff) {
        dimIn = NnSupport.u16(dimIn);
        ch = NnSupport.u16(ch);
        final int k = NnSupport.u16(dimKernel);
        padding = NnSupport.u16(padding);
        stride = NnSupport.u16(stride);
        dimOut = NnSupport.u16(dimOut);
        if (k == 2 && stride == 2 && padding == 0 && 2 * dimOut <= dimIn) {
            maxpool2x2(im, imOff, dimIn, ch, dimOut, out, outOff);
            return;
        }
        // channel-innermost: the running maxima of one output pixel in an int array, no data-dependent branch
        final int[] max = new int[ch];
        for (int y = 0; y < dimOut; y++) {
            final int y0 = y * stride - padding;
            final int ys = Math.max(0, y0);
            final int ye = Math.min(dimIn, y0 + k);
            for (int x = 0; x < dimOut; x++) {
                final int x0 = x * stride - padding;
                final int xs = Math.max(0, x0);
                final int xe = Math.min(dimIn, x0 + k);
                java.util.Arrays.fill(max, -129);
                for (int iy = ys; iy < ye; iy++) {
                    for (int ix = xs; ix < xe; ix++) {
                        final int p = imOff + (iy * dimIn + ix) * ch;
                        for (int c = 0; c < ch; c++) {
                            max[c] = Math.max(max[c], im[p + c]);
                        }
                    }
                }
                final int o = outOff + (y * dimOut + x) * ch;
                for (int c = 0; c < ch; c++) {
                    out[o + c] = (byte) max[c];
                }
            }
        }
    }

    /** The common 2x2 window, stride 2, no padding, every window inside the image: the maximum of four. */
    private static void maxpool2x2(byte[] im, int imOff, int dimIn, int ch, int dimOut, byte[] out, int outOff) {
        final int row = dimIn * ch;
        for (int y = 0; y < dimOut; y++) {
            int p = imOff + 2 * y * row;
            int o = outOff + y * dimOut * ch;
            for (int x = 0; x < dimOut; x++, p += 2 * ch, o += ch) {
                for (int c = 0; c < ch; c++) {
                    final int top = Math.max(im[p + c], im[p + ch + c]);
                    final int bottom = Math.max(im[p + row + c], im[p + row + ch + c]);
                    out[o + c] = (byte) Math.max(top, bottom);
                }
            }
        }
    }

    /**
     * {@code arm_maxpool_q7_HWC}, {@code ARM_MATH_DSP} path, reproduced step by step including the destruction
     * of {@code im}: pass 1 copies the first window pixel over the target pixel and then maxes the rest of the
     * window into it, so a target inside its own window loses its value and later windows see pooled pixels;
     * pass 2 starts a window with a negative start at row 0. See the class comment for the preconditions.
     */
    public static void arm_maxpool_q7_HWC_dsp(byte[] im, int imOff, int dimIn, int ch, int dimKernel, int padding,
            int stride, int dimOut, byte[] out, int outOff) {
        dimIn = NnSupport.u16(dimIn);
        ch = NnSupport.u16(ch);
        final int k = NnSupport.u16(dimKernel);
        padding = NnSupport.u16(padding);
        stride = NnSupport.u16(stride);
        dimOut = NnSupport.u16(dimOut);
        for (int iy = 0; iy < dimIn; iy++) {
            final int row = iy * dimIn;
            for (int ix = 0; ix < dimOut; ix++) {
                final int target = imOff + (row + ix) * ch;
                final int x0 = ix * stride - padding;
                int ws = x0 < 0 ? target : imOff + (row + x0) * ch;
                final int we = x0 + k >= dimIn ? imOff + (row + dimIn) * ch : imOff + (row + x0 + k) * ch;
                System.arraycopy(im, ws, im, target, ch);
                for (ws += ch; ws < we; ws += ch) {
                    maxInto(im, target, im, ws, ch);
                }
            }
        }
        final int rowLen = dimIn * ch;
        final int outRow = dimOut * ch;
        final int cmpLen = NnSupport.u16(outRow);
        for (int y = 0; y < dimOut; y++) {
            final int target = outOff + y * outRow;
            final int y0 = y * stride - padding;
            int rs = y0 < 0 ? imOff : imOff + y0 * rowLen;
            final int re = y0 + k >= dimIn ? imOff + dimIn * rowLen : imOff + (y0 + k) * rowLen;
            System.arraycopy(im, rs, out, target, outRow);
            for (rs += rowLen; rs < re; rs += rowLen) {
                maxInto(out, target, im, rs, cmpLen);
            }
        }
    }

    /**
     * {@code arm_avepool_q7_HWC}, plain-C path: {@code out = sum / count} truncated toward zero, count = number of
     * in-image window elements. An empty window divides by zero in C (SIGFPE on x86, 0 from Cortex-M SDIV);
     * this method stores 0 there, as Cortex-M does. The input is not modified.
     */
    public static void arm_avepool_q7_HWC(byte[] im, int imOff, int dimIn, int ch, int dimKernel, int padding,
            int stride, int dimOut, byte[] out, int outOff) {
        dimIn = NnSupport.u16(dimIn);
        ch = NnSupport.u16(ch);
        final int k = NnSupport.u16(dimKernel);
        padding = NnSupport.u16(padding);
        stride = NnSupport.u16(stride);
        dimOut = NnSupport.u16(dimOut);
        for (int y = 0; y < dimOut; y++) {
            final int y0 = y * stride - padding;
            final int ys = Math.max(0, y0);
            final int ye = Math.min(dimIn, y0 + k);
            for (int x = 0; x < dimOut; x++) {
                final int x0 = x * stride - padding;
                final int xs = Math.max(0, x0);
                final int xe = Math.min(dimIn, x0 + k);
                final int count = Math.max(0, ye - ys) * Math.max(0, xe - xs);
                final int o = outOff + (y * dimOut + x) * ch;
                for (int c = 0; c < ch; c++) {
                    int sum = 0;
                    for (int iy = ys; iy < ye; iy++) {
                        int p = imOff + (iy * dimIn + xs) * ch + c;
                        for (int ix = xs; ix < xe; ix++, p += ch) {
                            sum += im[p];
                        }
                    }
                    out[o + c] = (byte) (count == 0 ? 0 : sum / count);
                }
            }
        }
    }

    /**
     * {@code arm_avepool_q7_HWC}, {@code ARM_MATH_DSP} path, reproduced step by step including the destruction
     * of {@code im}. Pass 1: per input row and output column, the window columns are summed in a q15 buffer
     * (saturating {@code QADD16} for the first {@code 4*floor(len/4)} elements, wrapping int16 for the last
     * {@code len % 4}) and {@code (q7)(sum / ncols)} is written into input pixel (row, x). Pass 2: the same over
     * the pass-1 rows with {@code len = (u16)(dim_out * ch)}, giving {@code (q7)(sum / nrows)}. The C
     * {@code bufferA} (2*dim_out*ch bytes) is allocated here. See the class comment for the preconditions.
     */
    public static void arm_avepool_q7_HWC_dsp(byte[] im, int imOff, int dimIn, int ch, int dimKernel, int padding,
            int stride, int dimOut, byte[] out, int outOff) {
        dimIn = NnSupport.u16(dimIn);
        ch = NnSupport.u16(ch);
        final int k = NnSupport.u16(dimKernel);
        padding = NnSupport.u16(padding);
        stride = NnSupport.u16(stride);
        dimOut = NnSupport.u16(dimOut);
        final int outRow = dimOut * ch;
        final short[] buf = new short[Math.max(ch, outRow)];
        for (int iy = 0; iy < dimIn; iy++) {
            final int row = iy * dimIn;
            for (int ix = 0; ix < dimOut; ix++) {
                final int target = imOff + (row + ix) * ch;
                final int x0 = ix * stride - padding;
                int ws = x0 < 0 ? target : imOff + (row + x0) * ch;
                final int we = x0 + k >= dimIn ? imOff + (row + dimIn) * ch : imOff + (row + x0 + k) * ch;
                for (int i = 0; i < ch; i++) {
                    buf[i] = im[ws + i];
                }
                short count = 1;
                for (ws += ch; ws < we; ws += ch) {
                    accumulate(buf, im, ws, ch);
                    count++;
                }
                scaleBack(buf, im, target, ch, count & 0xFFFF);
            }
        }
        final int rowLen = dimIn * ch;
        final int len = NnSupport.u16(outRow);
        for (int y = 0; y < dimOut; y++) {
            final int target = outOff + y * outRow;
            final int y0 = y * stride - padding;
            int rs = y0 < 0 ? imOff : imOff + y0 * rowLen;
            final int re = y0 + k >= dimIn ? imOff + dimIn * rowLen : imOff + (y0 + k) * rowLen;
            for (int i = 0; i < outRow; i++) {
                buf[i] = im[rs + i];
            }
            short count = 1;
            for (rs += rowLen; rs < re; rs += rowLen) {
                accumulate(buf, im, rs, len);
                count++;
            }
            scaleBack(buf, out, target, len, count & 0xFFFF);
        }
    }

    /** compare_and_replace_if_larger_q7: byte-wise max of {@code src} into {@code dst}. */
    private static void maxInto(byte[] dst, int d, byte[] src, int s, int len) {
        for (int i = 0; i < len; i++) {
            if (src[s + i] > dst[d + i]) {
                dst[d + i] = src[s + i];
            }
        }
    }

    /** accumulate_q7_to_q15: saturating for whole groups of four (QADD16), wrapping for the rest. */
    private static void accumulate(short[] buf, byte[] src, int s, int len) {
        final int sat = len & ~3;
        for (int i = 0; i < sat; i++) {
            buf[i] = NnSupport.sat16(buf[i] + src[s + i]);
        }
        for (int i = sat; i < len; i++) {
            buf[i] = (short) (buf[i] + src[s + i]);
        }
    }

    /** buffer_scale_back_q15_to_q7: truncating division, then conversion to q7 (wrapping). */
    private static void scaleBack(short[] buf, byte[] dst, int d, int len, int scale) {
        for (int i = 0; i < len; i++) {
            dst[d + i] = (byte) (buf[i] / scale);
        }
    }
}
