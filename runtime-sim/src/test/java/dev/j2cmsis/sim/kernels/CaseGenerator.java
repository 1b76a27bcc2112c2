package dev.j2cmsis.sim.kernels;

import java.util.Arrays;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic random kernel cases, biased toward edges: padding at or above the stride, odd sizes, channel counts
 * that are not multiples of 4, shifts 0 and 31, saturating data, dim_vec &lt; 4, rows % 4 != 0, single-element
 * softmax, every int_width, different x and y sizes, configurations the argument checks reject, empty pooling
 * windows, aliased outputs.
 */
final class CaseGenerator {

    private final Random r;
    /**
     * Restrict the {@code _fast} convolutions to the configurations where the CMSIS DSP path equals the reference:
     * dossier section 3 (F) for {@code _fast} (square) and per axis for {@code _fast_nonsquare}, (G) for the 1x1
     * kernel. Configurations that fail the argument checks are kept (both paths return -3 before any work).
     */
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
            case CONV_BASIC_NONSQUARE, CONV_FAST_NONSQUARE, DEPTHWISE_NONSQUARE -> convNonsquare(k);
            case CONV_1X1_FAST_NONSQUARE -> conv1x1();
            case DEPTHWISE -> depthwise();
            case J_MAXPOOL_NONSQUARE, J_AVEPOOL_NONSQUARE, J_AVEPOOL_NONSQUARE_SHIFT -> poolNonsquare(k);
            case J_ADD -> add();
            case J_CONCAT_CH -> concat();
            case J_RESCALE -> rescale();
            case J_CONV_WIDE -> wide();
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

    /** Output size along one axis: usually the number of windows that fit, sometimes anything up to in + 2. */
    private int outDim(int dimIn, int kernel, int pad, int stride) {
        int span = dimIn + 2 * pad - kernel;
        int valid = span >= 0 ? span / stride + 1 : 0;
        return valid >= 1 && r.nextInt(4) != 0 ? valid : 1 + r.nextInt(dimIn + 2);
    }

    private int pad(int kernel) {
        return r.nextInt(3) == 0 ? r.nextInt(4) : r.nextInt(Math.max(1, (kernel + 1) / 2));
    }

    /**
     * p = in_x in_y ch_in ch_out k_x k_y pad_x pad_y stride_x stride_y bias_shift out_shift out_x out_y; weights
     * [ch_out][ky][kx][ch_in], depthwise [ky][kx][ch_out].
     */
    private KernelCase convNonsquare(Kernel k) {
        while (true) {
            int chIn = switch (k) {
                case CONV_FAST_NONSQUARE -> r.nextInt(8) == 0 ? 1 + r.nextInt(9) : 4 * (1 + r.nextInt(2));
                default -> 1 + r.nextInt(8);
            };
            int chOut = switch (k) {
                case CONV_FAST_NONSQUARE -> r.nextInt(8) != 0 ? 2 * (1 + r.nextInt(4)) : 1 + r.nextInt(8);
                case DEPTHWISE_NONSQUARE -> r.nextInt(8) != 0 ? chIn : 1 + r.nextInt(8);
                default -> 1 + r.nextInt(8);
            };
            int inX = 1 + r.nextInt(10);
            int inY = r.nextInt(4) == 0 ? inX : 1 + r.nextInt(10);
            int kx = 1 + r.nextInt(5);
            int ky = r.nextInt(4) == 0 ? kx : 1 + r.nextInt(5);
            int px = pad(kx);
            int py = pad(ky);
            int sx = 1 + r.nextInt(3);
            int sy = 1 + r.nextInt(3);
            int outX = outDim(inX, kx, px, sx);
            int outY = outDim(inY, ky, py, sy);
            boolean checked = chIn % 4 == 0 && chOut % 2 == 0;
            if (k == Kernel.CONV_FAST_NONSQUARE && fastDspSafe && checked
                    && !(ArmConvolveQ7.fastDspMatchesReference(inX, kx, px, sx, outX)
                            && ArmConvolveQ7.fastDspMatchesReference(inY, ky, py, sy, outY))) {
                continue;
            }
            int wLen = k == Kernel.DEPTHWISE_NONSQUARE ? kx * ky * chOut : chOut * chIn * kx * ky;
            return new KernelCase(k, new int[] {inX, inY, chIn, chOut, kx, ky, px, py, sx, sy, biasShift(), shift(),
                    outX, outY}, data(inX * inY * chIn), data(wLen), data(chOut), outX * outY * chOut);
        }
    }

    /**
     * A convolution for j2cmsis_convolve_HWC_q7_wide: any geometry (channel counts divisible by 4 or not, odd
     * output counts, padding beyond the output); B = the q7 weights, zeros to a multiple of 4 bytes, then the
     * widened weights (little-endian q15) at byte p[14].
     */
    private KernelCase wide() {
        KernelCase c = convNonsquare(Kernel.CONV_BASIC_NONSQUARE);
        int[] p = Arrays.copyOf(c.p(), 15);
        if (r.nextInt(3) == 0) { // the SXTB16 path: a channel count divisible by 4
            return wideOf(new KernelCase(Kernel.CONV_BASIC_NONSQUARE, scaledChannels(p), data(p[0] * p[1] * 4 * p[2]),
                    data(p[3] * 4 * p[2] * p[4] * p[5]), c.c(), c.outLen()));
        }
        return wideOf(new KernelCase(c.kernel(), p, c.a(), c.b(), c.c(), c.outLen()));
    }

    private static int[] scaledChannels(int[] p) {
        int[] q = p.clone();
        q[2] = 4 * p[2];
        return q;
    }

    static KernelCase wideOf(KernelCase conv) {
        int[] p = Arrays.copyOf(conv.p(), 15);
        short[] wide = J2cmsisWideConv.widen(conv.b(), 0, p[2], p[3], p[4], p[5]);
        int at = (conv.b().length + 3) & ~3;
        byte[] b = Arrays.copyOf(conv.b(), at + 2 * wide.length);
        for (int i = 0; i < wide.length; i++) {
            b[at + 2 * i] = (byte) wide[i];
            b[at + 2 * i + 1] = (byte) (wide[i] >> 8);
        }
        p[14] = at;
        return new KernelCase(Kernel.J_CONV_WIDE, p, conv.a(), b, conv.c(), conv.outLen());
    }

    /** Mostly configurations the 1x1 checks accept; one parameter at a time broken otherwise. */
    private KernelCase conv1x1() {
        while (true) {
            int chIn = 4 * (1 + r.nextInt(3));
            int chOut = 2 * (1 + r.nextInt(4));
            int[] kp = {1, 1, 0, 0, 1, 1}; // kx ky px py sx sy
            switch (r.nextInt(10)) {
                case 0 -> chIn = 1 + r.nextInt(9);
                case 1 -> chOut = 1 + r.nextInt(8);
                case 2 -> kp[r.nextInt(6)] += 1 + r.nextInt(2);
                default -> {
                }
            }
            int inX = 1 + r.nextInt(10);
            int inY = 1 + r.nextInt(10);
            int outX = r.nextInt(3) != 0 ? inX : 1 + r.nextInt(inX + 2);
            int outY = r.nextInt(3) != 0 ? inY : 1 + r.nextInt(inY + 2);
            boolean checked = chIn % 4 == 0 && chOut % 2 == 0 && kp[0] == 1 && kp[1] == 1 && kp[2] == 0
                    && kp[3] == 0 && kp[4] == 1 && kp[5] == 1;
            if (fastDspSafe && checked && !(outX <= inX && outY <= inY)) {
                continue;
            }
            return new KernelCase(Kernel.CONV_1X1_FAST_NONSQUARE, new int[] {inX, inY, chIn, chOut, kp[0], kp[1],
                    kp[2], kp[3], kp[4], kp[5], biasShift(), shift(), outX, outY}, data(inX * inY * chIn),
                    data(chOut * chIn * kp[0] * kp[1]), data(chOut), outX * outY * chOut);
        }
    }

    /** Square depthwise, the conv parameter list: dim_in ch_in ch_out k pad stride bias_shift out_shift dim_out. */
    private KernelCase depthwise() {
        int ch = 1 + r.nextInt(9);
        int chOut = r.nextInt(8) != 0 ? ch : 1 + r.nextInt(9);
        int dimIn = 1 + r.nextInt(10);
        int kernel = 1 + r.nextInt(5);
        int pad = pad(kernel);
        int stride = 1 + r.nextInt(3);
        int dimOut = outDim(dimIn, kernel, pad, stride);
        return new KernelCase(Kernel.DEPTHWISE, new int[] {dimIn, ch, chOut, kernel, pad, stride, biasShift(),
                shift(), dimOut}, data(dimIn * dimIn * ch), data(kernel * kernel * chOut), data(chOut),
                dimOut * dimOut * chOut);
    }

    /** p = in_x in_y ch k_x k_y pad_x pad_y stride_x stride_y out_x out_y; empty windows included. */
    private KernelCase poolNonsquare(Kernel k) {
        int inX = 1 + r.nextInt(10);
        int inY = r.nextInt(4) == 0 ? inX : 1 + r.nextInt(10);
        int ch = 1 + r.nextInt(9);
        int kx = 1 + r.nextInt(5);
        int ky = 1 + r.nextInt(5);
        int px = r.nextInt(5);
        int py = r.nextInt(5);
        int sx = 1 + r.nextInt(3);
        int sy = 1 + r.nextInt(3);
        int outX = poolOut(inX, kx, px, sx);
        int outY = poolOut(inY, ky, py, sy);
        return new KernelCase(k, new int[] {inX, inY, ch, kx, ky, px, py, sx, sy, outX, outY, r.nextInt(8)},
                data(inX * inY * ch), new byte[0], new byte[0], outX * outY * ch);
    }

    /** Floor-mode, ceil-mode or arbitrary output size along one axis. */
    private int poolOut(int dimIn, int kernel, int pad, int stride) {
        int span = dimIn + 2 * pad - kernel;
        return switch (r.nextInt(4)) {
            case 0 -> span >= 0 ? span / stride + 1 : 1;
            case 1 -> span >= 0 ? (span + stride - 1) / stride + 1 : 1;
            default -> 1 + r.nextInt(dimIn + 1);
        };
    }

    /** Left shifts up to 31 at times (the sum then wraps, identically in Java and C). */
    private int lshift() {
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> r.nextInt(32);
            default -> r.nextInt(8);
        };
    }

    /** p = size a_lshift b_lshift out_rshift alias (0: separate out, 1: out = a, 2: out = b); A = a, B = b. */
    private KernelCase add() {
        int n = size();
        int alias = r.nextInt(3);
        return new KernelCase(Kernel.J_ADD, new int[] {n, lshift(), lshift(), shift(), alias}, data(n), data(n),
                new byte[0], alias == 1 ? 0 : n);
    }

    /** p = ch_a ch_b dim_x dim_y; A = a, B = b (channel counts 0 included). */
    private KernelCase concat() {
        int chA = r.nextInt(10);
        int chB = r.nextInt(10);
        int dimX = 1 + r.nextInt(8);
        int dimY = 1 + r.nextInt(8);
        int pixels = dimX * dimY;
        return new KernelCase(Kernel.J_CONCAT_CH, new int[] {chA, chB, dimX, dimY}, data(pixels * chA),
                data(pixels * chB), new byte[0], pixels * (chA + chB));
    }

    /** p = size shift in_place; shift in -31..31. */
    private KernelCase rescale() {
        int n = size();
        int shift = switch (r.nextInt(6)) {
            case 0 -> -31;
            case 1 -> 31;
            case 2 -> 0;
            case 3 -> r.nextInt(63) - 31;
            default -> r.nextInt(19) - 9;
        };
        boolean inPlace = r.nextBoolean();
        return new KernelCase(Kernel.J_RESCALE, new int[] {n, shift, inPlace ? 1 : 0}, data(n), new byte[0],
                new byte[0], inPlace ? 0 : n);
    }
}
