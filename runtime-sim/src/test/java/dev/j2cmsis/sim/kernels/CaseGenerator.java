package dev.j2cmsis.sim.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic random kernel cases, biased toward edges: padding at or above the stride, odd sizes, channel counts
 * that are not multiples of 4, shifts 0 and 31, saturating data, dim_vec &lt; 4, rows % 4 != 0, single-element
 * softmax, every int_width.
 */
final class CaseGenerator {

    private final Random r;
    /** Restrict {@code _fast} convolutions to the configurations where the CMSIS DSP path equals the reference. */
    private final boolean fastDspSafe;

    CaseGenerator(long seed, boolean fastDspSafe) {
        this.r = new Random(seed);
        this.fastDspSafe = fastDspSafe;
    }

    List<KernelCase> cases(Kernel k, int n) {
        List<KernelCase> res = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            res.add(next(k));
        }
        return res;
    }

    KernelCase next(Kernel k) {
        return switch (k) {
            case CONV_BASIC, CONV_FAST, CONV_RGB -> conv(k);
            case FC, FC_OPT -> fc(k);
            case MAXPOOL, AVEPOOL -> poolPlain(k);
            case MAXPOOL_DSP, AVEPOOL_DSP -> poolDsp(k);
            case RELU -> {
                int n = size();
                yield new KernelCase(k, new int[] {n}, data(n), new byte[0], new byte[0], 0);
            }
            case ACTIVATIONS -> activations();
            case SOFTMAX -> softmax();
        };
    }

    private int size() {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt(4);
            case 1 -> 256;
            default -> r.nextInt(300);
        };
    }

    byte[] data(int n) {
        byte[] d = new byte[n];
        int mode = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            d[i] = switch (mode) {
                case 0 -> (byte) (r.nextBoolean() ? (r.nextBoolean() ? 127 : -128) : (r.nextBoolean() ? 126 : -127));
                case 1 -> (byte) (r.nextInt(17) - 8);
                case 2 -> (byte) (r.nextInt(128));
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
            default -> 4 + r.nextInt(8);
        };
    }

    private int biasShift() {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 31;
            case 2 -> r.nextInt(32);
            default -> r.nextInt(8);
        };
    }

    private KernelCase conv(Kernel k) {
        while (true) {
            int chIn = switch (k) {
                case CONV_FAST -> r.nextInt(8) == 0 ? 1 + r.nextInt(9) : 4 * (1 + r.nextInt(2));
                case CONV_RGB -> r.nextInt(8) == 0 ? 1 + r.nextInt(6) : 3;
                default -> 1 + r.nextInt(8);
            };
            int chOut = k == Kernel.CONV_FAST && r.nextInt(8) != 0 ? 2 * (1 + r.nextInt(4)) : 1 + r.nextInt(8);
            int dimIn = 1 + r.nextInt(10);
            int kernel = 1 + r.nextInt(5);
            int pad = r.nextInt(3) == 0 ? r.nextInt(4) : r.nextInt(Math.max(1, (kernel + 1) / 2));
            int stride = 1 + r.nextInt(3);
            int valid = dimIn + 2 * pad >= kernel ? (dimIn + 2 * pad - kernel) / stride + 1 : 0;
            int dimOut = valid >= 1 && r.nextInt(4) != 0 ? valid : 1 + r.nextInt(dimIn + 2);
            if (k == Kernel.CONV_FAST && fastDspSafe && !(pad <= dimOut && dimOut <= valid)) {
                continue;
            }
            return new KernelCase(k, new int[] {dimIn, chIn, chOut, kernel, pad, stride, biasShift(), shift(), dimOut},
                    data(dimIn * dimIn * chIn), data(chOut * chIn * kernel * kernel), data(chOut),
                    dimOut * dimOut * chOut);
        }
    }

    /** FC_OPT cases carry the row-major matrix; the caller interleaves it (see {@link #interleaved}). */
    private KernelCase fc(Kernel k) {
        int dimVec = 1 + r.nextInt(r.nextInt(3) == 0 ? 4 : 48);
        int rows = 1 + r.nextInt(r.nextInt(3) == 0 ? 4 : 24);
        KernelCase kc = new KernelCase(k, new int[] {dimVec, rows, biasShift(), shift()}, data(dimVec),
                data(rows * dimVec), data(rows), rows);
        return k == Kernel.FC_OPT ? interleaved(kc) : kc;
    }

    static KernelCase interleaved(KernelCase rowMajor) {
        return new KernelCase(Kernel.FC_OPT, rowMajor.p(), rowMajor.a(),
                ArmFullyConnectedQ7.interleaveQ7Opt(rowMajor.b(), rowMajor.p()[1], rowMajor.p()[0]), rowMajor.c(),
                rowMajor.outLen());
    }

    private KernelCase poolPlain(Kernel k) {
        while (true) {
            int dimIn = 1 + r.nextInt(10);
            int ch = 1 + r.nextInt(9);
            int kernel = 1 + r.nextInt(5);
            int pad = r.nextInt(5);
            int stride = 1 + r.nextInt(3);
            int span = dimIn + 2 * pad - kernel;
            int dimOut = switch (r.nextInt(4)) {
                case 0 -> span >= 0 ? span / stride + 1 : 1;
                case 1 -> span >= 0 ? (span + stride - 1) / stride + 1 : 1;
                default -> 1 + r.nextInt(dimIn + 1);
            };
            if (k == Kernel.AVEPOOL && hasEmptyWindow(dimIn, kernel, pad, stride, dimOut)) {
                continue; // plain C divides by zero there: SIGFPE on the host
            }
            return new KernelCase(k, new int[] {dimIn, ch, kernel, pad, stride, dimOut}, data(dimIn * dimIn * ch),
                    new byte[0], new byte[0], dimOut * dimOut * ch);
        }
    }

    /** Within the DSP-path preconditions: dim_out &lt;= dim_in and every window starts inside the image. */
    private KernelCase poolDsp(Kernel k) {
        while (true) {
            int dimIn = 1 + r.nextInt(10);
            int ch = 1 + r.nextInt(9);
            int kernel = 1 + r.nextInt(5);
            int pad = r.nextInt(5);
            int stride = 1 + r.nextInt(3);
            int dimOut = 1 + r.nextInt(dimIn);
            if ((dimOut - 1) * stride - pad >= dimIn) {
                continue;
            }
            return new KernelCase(k, new int[] {dimIn, ch, kernel, pad, stride, dimOut}, data(dimIn * dimIn * ch),
                    new byte[0], new byte[0], dimOut * dimOut * ch);
        }
    }

    static boolean hasEmptyWindow(int dimIn, int kernel, int pad, int stride, int dimOut) {
        for (int i = 0; i < dimOut; i++) {
            int s = i * stride - pad;
            if (Math.min(dimIn, s + kernel) <= Math.max(0, s)) {
                return true;
            }
        }
        return false;
    }

    private KernelCase activations() {
        int n = size();
        byte[] d = data(n);
        if (n == 256 && r.nextBoolean()) {
            for (int i = 0; i < 256; i++) {
                d[i] = (byte) i; // every input value once
            }
        }
        return new KernelCase(Kernel.ACTIVATIONS, new int[] {n, r.nextInt(4), r.nextInt(5) == 0 ? 2 : r.nextInt(2)},
                d, new byte[0], new byte[0], 0);
    }

    private KernelCase softmax() {
        int n = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(r.nextBoolean() ? 12 : 60);
        byte[] d = data(n);
        if (r.nextInt(6) == 0) {
            byte v = (byte) (r.nextInt(256));
            java.util.Arrays.fill(d, v);
        }
        boolean inPlace = r.nextBoolean();
        return new KernelCase(Kernel.SOFTMAX, new int[] {n, inPlace ? 1 : 0}, d, new byte[0], new byte[0],
                inPlace ? 0 : n);
    }
}
