package dev.j2cmsis.sim.kernels.q15;

import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ15;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic random q15 cases, biased toward edges: full-range data that makes the 32-bit accumulator wrap,
 * values at the int16 bounds, odd sizes and channel counts, shifts 0 and 31, dim_vec &lt; 4, rows % 4 != 0, odd
 * output widths, single-element and tied softmax, every defined int_width, sweeps over every q15 input of the
 * activation functions, and pools with padding at or above the stride or the kernel.
 */
final class Q15CaseGenerator {

    private final Random r;
    /** Restrict {@code _fast_nonsquare} to even output widths, where the CMSIS DSP path equals the reference. */
    private final boolean dspSafe;

    Q15CaseGenerator(long seed, boolean dspSafe) {
        this.r = new Random(seed);
        this.dspSafe = dspSafe;
    }

    List<Q15Case> cases(Q15Kernel k, int n) {
        List<Q15Case> res = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            res.add(next(k));
        }
        return res;
    }

    Q15Case next(Q15Kernel k) {
        return switch (k) {
            case CONV_BASIC, CONV_FAST, CONV_FAST_DSP -> conv(k);
            case CONV_FAST_NONSQUARE -> convNonsquare();
            case FC_Q15, FC_Q15_OPT, FC_MAT_Q7_VEC_Q15, FC_MAT_Q7_VEC_Q15_OPT -> fc(k);
            case RELU -> {
                int n = size();
                yield new Q15Case(k, new int[] {n}, q15(n), new short[0], new short[0], 0);
            }
            case ACTIVATIONS -> activations();
            case SOFTMAX -> softmax();
            case Q7_TO_Q15_NO_SHIFT -> {
                int n = size();
                yield new Q15Case(k, new int[] {n}, q7(n), new short[0], new short[0], n);
            }
            case Q15_TO_Q7 -> {
                int n = size();
                yield new Q15Case(k, new int[] {n, r.nextInt(4) == 0 ? r.nextInt(32) : r.nextInt(16)}, q15(n),
                        new short[0], new short[0], n);
            }
            case MAXPOOL_NONSQUARE, AVEPOOL_NONSQUARE -> pool(k);
            case Q7_TO_Q15_SHIFT -> {
                int n = size();
                int s = switch (r.nextInt(6)) {
                    case 0 -> 65535;
                    case 1 -> 15 + r.nextInt(20);
                    default -> r.nextInt(16);
                };
                yield new Q15Case(k, new int[] {n, s}, q7(n), new short[0], new short[0], n);
            }
        };
    }

    /**
     * Every q15 value once, 4096 per case, for one int_width and type: 16 cases cover the input range.
     */
    static List<Q15Case> activationSweep(int intWidth, int type) {
        List<Q15Case> res = new ArrayList<>();
        for (int block = 0; block < 16; block++) {
            short[] d = new short[4096];
            for (int i = 0; i < d.length; i++) {
                d[i] = (short) (-32768 + block * 4096 + i);
            }
            res.add(new Q15Case(Q15Kernel.ACTIVATIONS, new int[] {d.length, intWidth, type}, d, new short[0],
                    new short[0], 0));
        }
        return res;
    }

    private int size() {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt(4);
            case 1 -> 256 + r.nextInt(2);
            default -> r.nextInt(300);
        };
    }

    short[] q15(int n) {
        short[] d = new short[n];
        int mode = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            d[i] = switch (mode) {
                case 0 -> (short) (r.nextBoolean() ? (r.nextBoolean() ? 32767 : -32768)
                        : (r.nextBoolean() ? 32766 : -32767));
                case 1 -> (short) (r.nextInt(33) - 16);
                case 2 -> (short) (r.nextInt(1024) - 512);
                case 3 -> (short) r.nextInt(32768);
                default -> (short) r.nextInt(65536);
            };
        }
        return d;
    }

    short[] q7(int n) {
        short[] d = new short[n];
        int mode = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            d[i] = switch (mode) {
                case 0 -> (short) (r.nextBoolean() ? 127 : -128);
                case 1 -> (short) (r.nextInt(17) - 8);
                default -> (byte) r.nextInt(256);
            };
        }
        return d;
    }

    private int shift() {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 31;
            case 2 -> r.nextInt(32);
            default -> 8 + r.nextInt(12);
        };
    }

    private int biasShift() {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 31;
            case 2 -> r.nextInt(32);
            default -> r.nextInt(16);
        };
    }

    private int channels(Q15Kernel k) {
        boolean even = k != Q15Kernel.CONV_BASIC && r.nextInt(8) != 0;
        return even ? 2 * (1 + r.nextInt(4)) : 1 + r.nextInt(8);
    }

    private Q15Case conv(Q15Kernel k) {
        int chIn = channels(k);
        int chOut = channels(k);
        int dimIn = 1 + r.nextInt(10);
        int kernel = 1 + r.nextInt(5);
        int pad = r.nextInt(3) == 0 ? r.nextInt(5) : r.nextInt(Math.max(1, (kernel + 1) / 2));
        int stride = 1 + r.nextInt(3);
        int valid = dimIn + 2 * pad >= kernel ? (dimIn + 2 * pad - kernel) / stride + 1 : 0;
        // the q15 im2col is bounds-checked on both paths: any dim_out, odd ones included, is a fair test
        int dimOut = valid >= 1 && r.nextInt(4) != 0 ? valid : 1 + r.nextInt(dimIn + 2);
        return new Q15Case(k, new int[] {dimIn, chIn, chOut, kernel, pad, stride, biasShift(), shift(), dimOut},
                q15(dimIn * dimIn * chIn), q15(chOut * chIn * kernel * kernel), q15(chOut), dimOut * dimOut * chOut);
    }

    private Q15Case convNonsquare() {
        Q15Kernel k = Q15Kernel.CONV_FAST_NONSQUARE;
        int chIn = channels(k);
        int chOut = channels(k);
        int inX = 1 + r.nextInt(10);
        int inY = 1 + r.nextInt(10);
        int kx = 1 + r.nextInt(5);
        int ky = 1 + r.nextInt(5);
        int padX = r.nextInt(3);
        int padY = r.nextInt(3);
        int sx = 1 + r.nextInt(3);
        int sy = 1 + r.nextInt(3);
        int validX = inX + 2 * padX >= kx ? (inX + 2 * padX - kx) / sx + 1 : 0;
        int validY = inY + 2 * padY >= ky ? (inY + 2 * padY - ky) / sy + 1 : 0;
        int outX = validX >= 1 && r.nextInt(4) != 0 ? validX : 1 + r.nextInt(inX + 2);
        int outY = validY >= 1 && r.nextInt(4) != 0 ? validY : 1 + r.nextInt(inY + 2);
        if (dspSafe && (outX & 1) != 0) {
            outX = outX + (r.nextBoolean() || outX == 1 ? 1 : -1);
        }
        return new Q15Case(k, new int[] {inX, inY, chIn, chOut, kx, ky, padX, padY, sx, sy, biasShift(), shift(),
            outX, outY}, q15(inX * inY * chIn), q15(chOut * chIn * kx * ky), q15(chOut), outX * outY * chOut);
    }

    /** The _opt kernels get the matrix interleaved (layout B or C) from the same row-major draw. */
    private Q15Case fc(Q15Kernel k) {
        int dimVec = 1 + r.nextInt(r.nextInt(3) == 0 ? 5 : 48);
        int rows = 1 + r.nextInt(r.nextInt(3) == 0 ? 5 : 24);
        boolean q7 = k.bcAreQ7();
        short[] mat = q7 ? q7(rows * dimVec) : q15(rows * dimVec);
        Q15Case rowMajor = new Q15Case(k, new int[] {dimVec, rows, biasShift(), shift()}, q15(dimVec), mat,
                q7 ? q7(rows) : q15(rows), rows);
        return switch (k) {
            case FC_Q15_OPT, FC_MAT_Q7_VEC_Q15_OPT -> interleaved(rowMajor, k);
            default -> rowMajor;
        };
    }

    /** The same product for an {@code _opt} kernel: the row-major matrix of {@code rowMajor} interleaved. */
    static Q15Case interleaved(Q15Case rowMajor, Q15Kernel opt) {
        int dimVec = rowMajor.p()[0];
        int rows = rowMajor.p()[1];
        short[] m = rowMajor.b();
        short[] inter;
        if (opt == Q15Kernel.FC_Q15_OPT) {
            inter = ArmFullyConnectedQ15.interleaveQ15Opt(m, rows, dimVec);
        } else {
            byte[] b = new byte[m.length];
            for (int i = 0; i < m.length; i++) {
                b[i] = (byte) m[i];
            }
            byte[] ib = ArmFullyConnectedQ15.interleaveQ7Q15Opt(b, rows, dimVec);
            inter = new short[ib.length];
            for (int i = 0; i < ib.length; i++) {
                inter[i] = ib[i];
            }
        }
        return new Q15Case(opt, rowMajor.p(), rowMajor.a(), inter, rowMajor.c(), rowMajor.outLen());
    }

    /**
     * A nonsquare pool: odd sizes and channel counts, independent axes, padding often at or above the stride (the
     * configurations where the CMSIS q7 DSP path diverges; the j2cmsis pools have one semantics), sometimes at or
     * above the kernel (empty windows), and output sizes beyond the valid one (clipped windows).
     */
    private Q15Case pool(Q15Kernel k) {
        int ch = 1 + r.nextInt(r.nextInt(4) == 0 ? 17 : 5);
        int inX = 1 + r.nextInt(11);
        int inY = 1 + r.nextInt(11);
        int kx = 1 + r.nextInt(5);
        int ky = 1 + r.nextInt(5);
        int sx = 1 + r.nextInt(3);
        int sy = 1 + r.nextInt(3);
        int padX = poolPad(kx, sx);
        int padY = poolPad(ky, sy);
        int validX = inX + 2 * padX >= kx ? (inX + 2 * padX - kx) / sx + 1 : 0;
        int validY = inY + 2 * padY >= ky ? (inY + 2 * padY - ky) / sy + 1 : 0;
        int outX = validX >= 1 && r.nextInt(4) != 0 ? validX : 1 + r.nextInt(inX + 2);
        int outY = validY >= 1 && r.nextInt(4) != 0 ? validY : 1 + r.nextInt(inY + 2);
        return new Q15Case(k, new int[] {inX, inY, ch, kx, ky, padX, padY, sx, sy, outX, outY}, q15(inX * inY * ch),
                new short[0], new short[0], outX * outY * ch);
    }

    private int poolPad(int kernel, int stride) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> kernel + r.nextInt(2); // empty windows at the borders
            case 2 -> r.nextInt(Math.max(1, stride));
            default -> stride + r.nextInt(Math.max(1, kernel - stride + 1)); // pad >= stride
        };
    }

    private Q15Case activations() {
        int n = size();
        short[] d = q15(n);
        int intWidth = r.nextInt(3) == 0 ? r.nextInt(12) : r.nextInt(4);
        int type = r.nextInt(5) == 0 ? 2 : r.nextInt(2); // 2: the C default branch (tanh)
        return new Q15Case(Q15Kernel.ACTIVATIONS, new int[] {n, intWidth, type}, d, new short[0], new short[0], 0);
    }

    private Q15Case softmax() {
        int n = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(r.nextBoolean() ? 12 : 60);
        short[] d;
        switch (r.nextInt(4)) {
            case 0 -> {
                // clustered near a random maximum: every element inside or at the edge of the 16-step window
                d = new short[n];
                int top = r.nextInt(65536) - 32768;
                for (int i = 0; i < n; i++) {
                    d[i] = (short) Math.max(-32768, top - r.nextInt(20));
                }
            }
            case 1 -> {
                d = new short[n];
                Arrays.fill(d, (short) (r.nextInt(65536) - 32768));
            }
            default -> d = q15(n);
        }
        boolean inPlace = r.nextBoolean();
        return new Q15Case(Q15Kernel.SOFTMAX, new int[] {n, inPlace ? 1 : 0}, d, new short[0], new short[0],
                inPlace ? 0 : n);
    }
}
