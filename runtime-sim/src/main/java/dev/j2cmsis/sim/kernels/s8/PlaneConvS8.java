package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.requantizeOutput;

import dev.j2cmsis.sim.kernels.PlaneConv;
import java.util.Arrays;

/**
 * {@link ArmConvolveS8#arm_convolve_s8} for stride 1 and no dilation, one group of one batch at a time, in the loop
 * order of the q7 {@code PlaneConv} (package {@code dev.j2cmsis.sim.kernels}, which explains it): the group's input
 * channels become int planes of {@code x + input_offset} with {@code wp = out.w + filter.w - 1} columns and
 * {@code out.h + filter.h - 1} rows, every position outside the input holding the im2col padding term
 * {@code (int8)-input_offset + input_offset}; each tap's shifted run of its plane is copied into its own array, and
 * every output channel accumulates {@code bias + sum w * run} over whole runs, which C2 vectorises. The wrapping
 * int32 sums are those of the C (addition is associative), and each is requantized once, as in the C.
 */
final class PlaneConvS8 {
    /** Largest padded input and largest set of tap runs, in ints (4 MiB each). */
    private static final int MAX_INTS = 1 << 20;
    /** Shorter runs do not amortise the loop set-up. */
    private static final int MIN_SPAN = 32;

    private static final ThreadLocal<PlaneConvS8> SCRATCH = ThreadLocal.withInitial(PlaneConvS8::new);

    private int[] planes = new int[0];
    private int[] acc = new int[0];
    private int[][] cols = new int[0][];
    private int[] w = new int[0];

    private PlaneConvS8() {
    }

    /** Stride 1, dilation 1, a run of at least 32 outputs, at most twice the outputs computed, bounded scratch. */
    static boolean applies(ConvParams p, int kc, int kw, int kh, int outW, int outH) {
        return applies(p.stride(), p.dilation(), kc, kw, kh, outW, outH);
    }

    /** {@link #applies(ConvParams, int, int, int, int, int)} with the stride and dilation given. */
    static boolean applies(CmsisTile stride, CmsisTile dilation, int kc, int kw, int kh, int outW, int outH) {
        if (stride.w() != 1 || stride.h() != 1 || dilation.w() != 1 || dilation.h() != 1 || kw < 1 || kh < 1
                || outW < 1 || outH < 1 || kc < 1) {
            return false;
        }
        long wp = outW + kw - 1L;
        long span = (outH - 1L) * wp + outW;
        return span >= MIN_SPAN && span <= 2L * outW * outH && kc * wp * (outH + kh - 1L) <= MAX_INTS
                && (long) kc * kw * kh * span <= MAX_INTS;
    }

    /**
     * Output channels {@code [oFrom, oTo)} of one group: input channels {@code [cFrom, cFrom + kc)} of the batch at
     * {@code inBase}, output pixels at {@code outBase}.
     */
    static void conv(S8Rounding rounding, ConvParams p, PerChannelQuantParams q, byte[] in, int inBase, int inW,
            int inH, int inCh, int cFrom, int kc, byte[] wt, int wOff, int kw, int kh, int[] bias, int oFrom, int oTo,
            byte[] out, int outBase, int outW, int outH, int outCh) {
        final int wp = outW + kw - 1;
        final int hp = outH + kh - 1;
        final int plane = wp * hp;
        final int span = (outH - 1) * wp + outW;
        final int taps = kc * kw * kh;
        final PlaneConvS8 s = SCRATCH.get().grow(kc * plane, span, taps);
        final int[] pl = s.planes;
        final int inputOffset = p.inputOffset();
        Arrays.fill(pl, 0, kc * plane, (byte) -inputOffset + inputOffset);
        final int px = p.padding().w();
        final int py = p.padding().h();
        final int rows = Math.min(inH, hp - py);
        final int cols = Math.min(inW, wp - px);
        for (int iy = 0; iy < rows; iy++) {
            for (int ix = 0; ix < cols; ix++) {
                final int src = inBase + (iy * inW + ix) * inCh + cFrom;
                for (int i = 0, d = (iy + py) * wp + px + ix; i < kc; i++, d += plane) {
                    pl[d] = in[src + i] + inputOffset;
                }
            }
        }
        int t = 0;
        for (int m = 0; m < kh; m++) {
            for (int n = 0; n < kw; n++) {
                for (int i = 0; i < kc; i++) {
                    System.arraycopy(pl, i * plane + m * wp + n, s.cols[t++], 0, span);
                }
            }
        }
        final int[] acc = s.acc;
        final int[] w = s.w;
        final int[] mult = q.multiplier();
        final int[] shift = q.shift();
        final int outputOffset = p.outputOffset();
        final int actMin = p.activation().min();
        final int actMax = p.activation().max();
        for (int o = oFrom; o < oTo; o++) {
            final int from = wOff + o * taps;
            for (int i = 0; i < taps; i++) {
                w[i] = wt[from + i];
            }
            Arrays.fill(acc, 0, span, bias == null ? 0 : bias[o]);
            PlaneConv.accumulate(acc, span, s.cols, w, taps);
            for (int y = 0, d = outBase + o; y < outH; y++) {
                for (int x = 0, a = y * wp; x < outW; x++, d += outCh) {
                    out[d] = requantizeOutput(acc[a + x], mult[o], shift[o], rounding, outputOffset, actMin, actMax);
                }
            }
        }
    }

    /**
     * Depthwise with channel multiplier 1 (filter {@code [KH][KW][C]}), one batch: the taps outside the input are
     * skipped by the C, so the planes hold 0 there. Same conditions as {@link #applies} with {@code kc = 1}.
     */
    static void depthwise(S8Rounding rounding, DwConvParams p, PerChannelQuantParams q, byte[] in, int inBase,
            int inW, int inH, int ch, byte[] wt, int wOff, int kw, int kh, int[] bias, byte[] out, int outBase,
            int outW, int outH) {
        final int wp = outW + kw - 1;
        final int hp = outH + kh - 1;
        final int plane = wp * hp;
        final int span = (outH - 1) * wp + outW;
        final int taps = kw * kh;
        final PlaneConvS8 s = SCRATCH.get().grow(ch * plane, span, taps);
        final int[] pl = s.planes;
        final int inputOffset = p.inputOffset();
        Arrays.fill(pl, 0, ch * plane, 0);
        final int px = p.padding().w();
        final int py = p.padding().h();
        final int rows = Math.min(inH, hp - py);
        final int cols = Math.min(inW, wp - px);
        for (int iy = 0; iy < rows; iy++) {
            for (int ix = 0; ix < cols; ix++) {
                final int src = inBase + (iy * inW + ix) * ch;
                for (int c = 0, d = (iy + py) * wp + px + ix; c < ch; c++, d += plane) {
                    pl[d] = in[src + c] + inputOffset;
                }
            }
        }
        final int[] acc = s.acc;
        final int[] w = s.w;
        final int[] mult = q.multiplier();
        final int[] shift = q.shift();
        final int outputOffset = p.outputOffset();
        final int actMin = p.activation().min();
        final int actMax = p.activation().max();
        for (int c = 0; c < ch; c++) {
            int t = 0;
            for (int m = 0; m < kh; m++) {
                for (int n = 0; n < kw; n++, t++) {
                    System.arraycopy(pl, c * plane + m * wp + n, s.cols[t], 0, span);
                    w[t] = wt[wOff + t * ch + c];
                }
            }
            Arrays.fill(acc, 0, span, bias == null ? 0 : bias[c]);
            PlaneConv.accumulate(acc, span, s.cols, w, taps);
            for (int y = 0, d = outBase + c; y < outH; y++) {
                for (int x = 0, a = y * wp; x < outW; x++, d += ch) {
                    out[d] = requantizeOutput(acc[a + x], mult[c], shift[c], rounding, outputOffset, actMin, actMax);
                }
            }
        }
    }

    private PlaneConvS8 grow(int planeInts, int span, int taps) {
        if (planes.length < planeInts) {
            planes = new int[planeInts];
        }
        if (acc.length < span) {
            acc = new int[span];
        }
        if (cols.length < taps) {
            cols = Arrays.copyOf(cols, taps);
        }
        for (int t = 0; t < taps; t++) {
            if (cols[t] == null || cols[t].length < span) {
                cols[t] = new int[span];
            }
        }
        if (w.length < taps) {
            w = new int[taps];
        }
        return this;
    }
}
