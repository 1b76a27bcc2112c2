package dev.j2cmsis.sim.kernels;

import java.util.Arrays;

/**
 * Stride-1 convolutions (q7 and q15 regular, q7 depthwise) of {@link ArmConvolveQ7} and {@link ArmConvolveQ15},
 * computed one output channel at a time over whole planes, the loop order that lets C2 vectorise every inner loop
 * over a long contiguous run:
 * <ul>
 * <li>the input is widened once per call into zero-padded int planes, one per input channel, of
 * {@code wp = out_x + k_x - 1} columns by {@code hp = out_y + k_y - 1} rows (exactly the rows and columns the
 * windows touch; out-of-image taps read the zeros, which contribute what the taps the C loop skips contribute);</li>
 * <li>output (y, x) of a channel accumulates at {@code y * wp + x} of an int plane, so tap (m, n) of input channel
 * ci adds {@code w * plane_ci[q + m * wp + n]} for every q of {@code [0, (out_y - 1) * wp + out_x)} in one loop
 * (the {@code k_x - 1} columns past each output row are computed and dropped);</li>
 * <li>that shifted run of each tap is first copied into its own int array ({@code System.arraycopy}), because C2
 * of JDK 17 does not vectorise {@code acc[q] += w * plane[off + q]} with a loop-invariant {@code off} (about
 * 0.7 ns per multiply-add against 0.05 ns for {@code acc[q] += w0 * c0[q] + ... + w3 * c3[q]} on the bench
 * machine); a regular convolution copies each tap once and reuses it for every output channel.</li>
 * </ul>
 * The accumulator starts at {@code (bias << bias_shift) + NN_ROUND(out_shift)} and is shifted and saturated once
 * at the end, as in the C; wrapping int addition is associative and commutative, so the changed summation order
 * gives the same int32 sums and the same bytes.
 */
public final class PlaneConv {
    /** Largest padded input and largest set of tap copies, in ints, taken by the plane loop (4 MiB each). */
    private static final int MAX_PLANE_INTS = 1 << 20;
    /** Shorter runs than this do not amortise the loop set-up; the im2col loop takes them. */
    private static final int MIN_SPAN = 32;

    private PlaneConv() {
    }

    /**
     * Whether {@link #conv} / {@link #depthwise} handle this layer: both strides 1, both kernel sizes at least 1,
     * a run long enough to vectorise, at most twice the outputs computed and a bounded scratch.
     */
    static boolean applies(int chIn, int kx, int ky, int sx, int sy, int outX, int outY) {
        if (sx != 1 || sy != 1 || kx < 1 || ky < 1 || outX < 1 || outY < 1) {
            return false;
        }
        long wp = outX + kx - 1L;
        long span = (outY - 1L) * wp + outX;
        return span >= MIN_SPAN && span <= 2L * outX * outY && (long) chIn * wp * (outY + ky - 1L) <= MAX_PLANE_INTS
                && (long) chIn * kx * ky * span <= MAX_PLANE_INTS;
    }

    /**
     * The reference q7 convolution (weights {@code [ch_out][ky][kx][ch_in]}) for a layer {@link #applies} accepts;
     * all sizes already reduced to u16.
     */
    static void conv(byte[] im, int imOff, int inX, int inY, int chIn, byte[] wt, int wtOff, int chOut, int kx,
            int ky, int px, int py, byte[] bias, int biasOff, int biasShift, int outShift, byte[] out, int outOff,
            int outX, int outY) {
        final ConvScratch s = columns(chIn, kx, ky, outX, outY);
        fillPlanes(im, imOff, inX, inY, chIn, px, py, outX + kx - 1, outY + ky - 1, s.planes);
        copyColumns(s, chIn, kx, ky, outX, outY);
        final int span = (outY - 1) * (outX + kx - 1) + outX;
        final int patch = chIn * kx * ky;
        final int[] acc = s.acc;
        final int[] w = s.tapW;
        final int round = NnSupport.nnRound(outShift);
        for (int co = 0; co < chOut; co++) {
            final int from = wtOff + co * patch;
            for (int i = 0; i < patch; i++) {
                w[i] = wt[from + i];
            }
            Arrays.fill(acc, 0, span, (bias[biasOff + co] << biasShift) + round);
            accumulate(acc, span, s.cols, w, patch);
            final int wp = outX + kx - 1;
            for (int y = 0, o = outOff + co; y < outY; y++) {
                for (int x = 0, a = y * wp; x < outX; x++, o += chOut) {
                    out[o] = NnSupport.sat8(acc[a + x] >> outShift);
                }
            }
        }
    }

    /** {@link #conv(byte[], int, int, int, int, byte[], int, int, int, int, int, int, byte[], int, int, int,
     * byte[], int, int, int) conv} for q15 data, weights and bias, saturating to 16 bits. */
    static void conv(short[] im, int imOff, int inX, int inY, int chIn, short[] wt, int wtOff, int chOut, int kx,
            int ky, int px, int py, short[] bias, int biasOff, int biasShift, int outShift, short[] out, int outOff,
            int outX, int outY) {
        final ConvScratch s = columns(chIn, kx, ky, outX, outY);
        fillPlanes(im, imOff, inX, inY, chIn, px, py, outX + kx - 1, outY + ky - 1, s.planes);
        copyColumns(s, chIn, kx, ky, outX, outY);
        final int span = (outY - 1) * (outX + kx - 1) + outX;
        final int patch = chIn * kx * ky;
        final int[] acc = s.acc;
        final int[] w = s.tapW;
        final int round = NnSupport.nnRound(outShift);
        for (int co = 0; co < chOut; co++) {
            final int from = wtOff + co * patch;
            for (int i = 0; i < patch; i++) {
                w[i] = wt[from + i];
            }
            Arrays.fill(acc, 0, span, (bias[biasOff + co] << biasShift) + round);
            accumulate(acc, span, s.cols, w, patch);
            final int wp = outX + kx - 1;
            for (int y = 0, o = outOff + co; y < outY; y++) {
                for (int x = 0, a = y * wp; x < outX; x++, o += chOut) {
                    out[o] = NnSupport.sat16(acc[a + x] >> outShift);
                }
            }
        }
    }

    /** This thread's scratch, sized for a regular convolution's planes and one column per tap. */
    private static ConvScratch columns(int chIn, int kx, int ky, int outX, int outY) {
        final int wp = outX + kx - 1;
        return ConvScratch.planes(chIn * wp * (outY + ky - 1), (outY - 1) * wp + outX, chIn * kx * ky);
    }

    /** Column t = (m, n, ci), in the weights' order, is the run of plane ci from row m, column n. */
    private static void copyColumns(ConvScratch s, int chIn, int kx, int ky, int outX, int outY) {
        final int wp = outX + kx - 1;
        final int plane = wp * (outY + ky - 1);
        final int span = (outY - 1) * wp + outX;
        int t = 0;
        for (int m = 0; m < ky; m++) {
            for (int n = 0; n < kx; n++) {
                for (int ci = 0; ci < chIn; ci++) {
                    System.arraycopy(s.planes, ci * plane + m * wp + n, s.cols[t++], 0, span);
                }
            }
        }
    }

    /**
     * The reference depthwise convolution (weights {@code [ky][kx][ch]}, depth multiplier 1) for a layer
     * {@link #applies} accepts; all sizes already reduced to u16.
     */
    static void depthwise(byte[] im, int imOff, int inX, int inY, int ch, byte[] wt, int wtOff, int kx, int ky,
            int px, int py, byte[] bias, int biasOff, int biasShift, int outShift, byte[] out, int outOff, int outX,
            int outY) {
        final int wp = outX + kx - 1;
        final int plane = wp * (outY + ky - 1);
        final int span = (outY - 1) * wp + outX;
        final int taps = kx * ky;
        final ConvScratch s = ConvScratch.planes(ch * plane, span, taps);
        final int[] pl = s.planes;
        final int[] acc = s.acc;
        final int[][] cols = s.cols;
        final int[] w = s.tapW;
        fillPlanes(im, imOff, inX, inY, ch, px, py, wp, outY + ky - 1, pl);
        final int round = NnSupport.nnRound(outShift);
        for (int c = 0; c < ch; c++) {
            int t = 0;
            for (int m = 0; m < ky; m++) {
                for (int n = 0; n < kx; n++, t++) {
                    System.arraycopy(pl, c * plane + m * wp + n, cols[t], 0, span);
                    w[t] = wt[wtOff + t * ch + c];
                }
            }
            Arrays.fill(acc, 0, span, (bias[biasOff + c] << biasShift) + round);
            accumulate(acc, span, cols, w, taps);
            for (int y = 0, o = outOff + c; y < outY; y++) {
                for (int x = 0, a = y * wp; x < outX; x++, o += ch) {
                    out[o] = NnSupport.sat8(acc[a + x] >> outShift);
                }
            }
        }
    }

    /** Zero-padded int planes {@code [ch][hp][wp]}: input (iy, ix) lands at row {@code iy + py}, column
     * {@code ix + px}. */
    private static void fillPlanes(byte[] im, int imOff, int inX, int inY, int ch, int px, int py, int wp, int hp,
            int[] pl) {
        final int plane = wp * hp;
        Arrays.fill(pl, 0, ch * plane, 0);
        final int rows = Math.min(inY, hp - py);
        final int cols = Math.min(inX, wp - px);
        for (int iy = 0; iy < rows; iy++) {
            for (int ix = 0; ix < cols; ix++) {
                final int src = imOff + (iy * inX + ix) * ch;
                final int dst = (iy + py) * wp + px + ix;
                for (int c = 0, d = dst; c < ch; c++, d += plane) {
                    pl[d] = im[src + c];
                }
            }
        }
    }

    /** {@link #fillPlanes(byte[], int, int, int, int, int, int, int, int, int[]) fillPlanes} for q15 data. */
    private static void fillPlanes(short[] im, int imOff, int inX, int inY, int ch, int px, int py, int wp, int hp,
            int[] pl) {
        final int plane = wp * hp;
        Arrays.fill(pl, 0, ch * plane, 0);
        final int rows = Math.min(inY, hp - py);
        final int cols = Math.min(inX, wp - px);
        for (int iy = 0; iy < rows; iy++) {
            for (int ix = 0; ix < cols; ix++) {
                final int src = imOff + (iy * inX + ix) * ch;
                final int dst = (iy + py) * wp + px + ix;
                for (int c = 0, d = dst; c < ch; c++, d += plane) {
                    pl[d] = im[src + c];
                }
            }
        }
    }

    /**
     * {@code acc[q] += w[t] * cols[t][q]} for every tap t and q in {@code [0, span)}, four taps per pass (also the
     * s8 plane loop's, {@code PlaneConvS8}).
     */
    public static void accumulate(int[] acc, int span, int[][] cols, int[] w, int taps) {
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
            final int w0 = w[t];
            final int w1 = w[t + 1];
            final int w2 = w[t + 2];
            final int w3 = w[t + 3];
            final int[] c0 = cols[t];
            final int[] c1 = cols[t + 1];
            final int[] c2 = cols[t + 2];
            final int[] c3 = cols[t + 3];
            for (int q = 0; q < span; q++) {
                acc[q] += w0 * c0[q] + w1 * c1[q] + w2 * c2[q] + w3 * c3[q];
            }
        }
        for (; t < taps; t++) {
            final int w0 = w[t];
            final int[] c0 = cols[t];
            for (int q = 0; q < span; q++) {
                acc[q] += w0 * c0[q];
            }
        }
    }
}
