package dev.j2cmsis.sim.kernels.s8;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic random cases for every s8 driver function, with the edges the kernels have: padding on every side
 * (leading pad from {@code padding}, trailing pad implied by the output size), stride larger than the kernel,
 * channel counts that are not multiples of 4, dilation, grouped conv, batches, all four conv dispatch branches,
 * depthwise channel multipliers and 3x3 filters, extreme multipliers (0, 2^30, 2^31-1) and shifts (-31 .. +3, the
 * positive ones only where {@code acc << shift} fits int32), saturating biases, random activation clamps, NULL
 * bias and NULL ctx. Geometry stays inside what the C kernels read (the generator never asks a 1x1 or 3x3 kernel
 * to read outside its input), except where a kernel checks and returns an error.
 */
final class S8CaseGenerator {

    private final Random rnd;
    /**
     * Generic convs and depthwise convs on larger images, channel counts and kernels, mostly stride 1 (the plane
     * loop's geometries).
     */
    private final boolean large;

    S8CaseGenerator(long seed) {
        this(seed, false);
    }

    S8CaseGenerator(long seed, boolean large) {
        rnd = new Random(seed);
        this.large = large;
    }

    List<S8Case> cases(S8Function f, int n) {
        List<S8Case> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(f, i));
        }
        return out;
    }

    S8Case next(S8Function f, int i) {
        return switch (f) {
            case CONVOLVE_WRAPPER -> conv(f, i % 5);
            case CONVOLVE -> conv(f, 4);
            case CONVOLVE_1X1_FAST -> conv(f, 0);
            case CONVOLVE_1X1 -> conv(f, 1);
            case CONVOLVE_1_X_N -> conv(f, i % 2 == 0 ? 2 : 3);
            case DEPTHWISE_WRAPPER -> depthwise(f, i % 5);
            case DEPTHWISE -> depthwise(f, i % 3 == 0 ? 2 : 3);
            case DEPTHWISE_OPT -> depthwise(f, 1);
            case DEPTHWISE_3X3 -> depthwise(f, 0);
            case FULLY_CONNECTED, FULLY_CONNECTED_PER_CHANNEL -> fc(f);
            case AVGPOOL, MAX_POOL -> pool(f);
            case SOFTMAX -> softmax();
            case ADD -> add(i);
            case MUL -> mul();
            case RELU6 -> relu6(i);
            case CONCATENATION_X -> concat();
            case LUT -> lut();
            case REQUANTIZE -> requantize();
            case BUFFER_SIZES, BUFFER_SIZE_VARIANTS -> sizes(f, i);
        };
    }

    // ---------------------------------------------------------------------------------------------

    int between(int lo, int hi) {
        return (int) (lo + (long) (rnd.nextDouble() * ((long) hi - lo + 1)));
    }

    boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** A channel count, biased to sizes that are not multiples of 4. */
    int channels(int max) {
        return chance(0.3) ? 4 * between(1, Math.max(1, max / 4)) : between(1, max);
    }

    /** A quantized multiplier: usually TFLite-like in [2^30, 2^31-1], sometimes 0 or an end of that range. */
    int multiplier() {
        double u = rnd.nextDouble();
        if (u < 0.03) {
            return 0;
        }
        if (u < 0.08) {
            return 1 << 30;
        }
        if (u < 0.13) {
            return Integer.MAX_VALUE;
        }
        return (1 << 30) + rnd.nextInt(1 << 30);
    }

    /** A shift for accumulators with {@code |acc| < 2^27}: mostly what conv scales give, sometimes extreme. */
    int shift() {
        double u = rnd.nextDouble();
        if (u < 0.05) {
            return -31;
        }
        if (u < 0.12) {
            return between(1, 3);
        }
        if (u < 0.2) {
            return between(-31, -16);
        }
        return between(-12, 0);
    }

    int inputOffset() {
        double u = rnd.nextDouble();
        return u < 0.1 ? 128 : u < 0.2 ? -127 : between(-127, 128);
    }

    int outputOffset() {
        return between(-128, 127);
    }

    /** Random clamp inside int8; a third of the time no clamp. */
    int[] activation() {
        if (chance(0.35)) {
            return new int[] {-128, 127};
        }
        int lo = between(-128, 127);
        int hi = between(lo, 127);
        return new int[] {lo, hi};
    }

    /**
     * Biases of {@code n} channels; {@code null} 10% of the time when allowed. Saturating biases (near ±2^30) come
     * with shifts <= 0 only, which the caller enforces through {@link #quant}.
     */
    int[] bias(int n, boolean allowNull, boolean huge) {
        if (allowNull && chance(0.1)) {
            return null;
        }
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = huge ? between(-(1 << 30), 1 << 30) : between(-(1 << 16), 1 << 16);
        }
        return b;
    }

    int[][] quant(int n, boolean huge) {
        int[] m = new int[n];
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = multiplier();
            s[i] = shift();
            if (huge && s[i] > 0) {
                s[i] = 0;
            }
        }
        return new int[][] {m, s};
    }

    /**
     * A random leading pad below the effective kernel size {@code ek} and the output size that a random trailing pad
     * (also below {@code ek}, raised where the input would otherwise be smaller than one window) gives: padding on
     * both sides of the axis. Returns {pad, out}.
     */
    int[] padAndOut(int in, int ek, int stride) {
        int lead = between(0, ek - 1);
        int trail = between(0, ek - 1);
        if (in + lead + trail < ek) {
            trail = ek - in - lead;
        }
        return new int[] {lead, outSize(in, ek, stride, lead, trail)};
    }

    /** Output size for input {@code in}, effective kernel {@code ek}, stride, leading pad and a trailing pad. */
    static int outSize(int in, int ek, int stride, int padLead, int padTrail) {
        return (in + padLead + padTrail - ek) / stride + 1;
    }

    // ---------------------------------------------------------------------------------------------
    // Convolution: mode 0 = 1x1 stride 1, 1 = 1x1 strided, 2 = 1xN SAME-like, 3 = 1xN VALID, 4 = generic.

    S8Case conv(S8Function f, int mode) {
        int[] p = new int[S8Case.PARAMS];
        int batches = chance(0.2) ? between(2, 3) : 1;
        int inC;
        int kc;
        int outC;
        int inH;
        int inW;
        int kh;
        int kw;
        int sx = 1;
        int sy = 1;
        int px = 0;
        int py = 0;
        int dx = 1;
        int dy = 1;
        int outH;
        int outW;
        boolean grouped = false;
        switch (mode) {
            case 0, 1 -> {
                inC = channels(large ? 40 : 24);
                kc = inC;
                outC = channels(large ? 40 : 20);
                inH = large ? between(4, 20) : between(1, 7);
                inW = large ? between(4, 20) : between(1, 7);
                kh = 1;
                kw = 1;
                if (mode == 1) {
                    sx = between(1, 4);
                    sy = between(sx == 1 ? 2 : 1, 4); // stride > kernel on at least one axis
                }
                outH = (inH - 1) / sy + 1;
                outW = (inW - 1) / sx + 1;
            }
            case 2, 3 -> {
                inC = between(1, 3) * (chance(0.5) ? 4 : 1);
                sx = between(1, 4);
                while ((sx * inC) % 4 != 0) {
                    sx++;
                }
                kc = inC;
                outC = channels(12);
                inH = 1;
                kh = 1;
                kw = between(1, 6);
                inW = between(kw, 14);
                if (mode == 2) {
                    // TFLite SAME: total pad split with the extra column on the right.
                    outW = (inW + sx - 1) / sx;
                    int total = Math.max((outW - 1) * sx + kw - inW, 0);
                    px = total / 2;
                } else {
                    outW = (inW - kw) / sx + 1;
                }
                outH = 1;
            }
            default -> {
                int groups = chance(0.2) ? between(2, 3) : 1;
                grouped = groups > 1;
                kc = channels(large ? 24 : 8);
                inC = kc * groups;
                outC = groups * between(1, large ? 16 : 5);
                kh = between(1, large ? 6 : 4);
                kw = between(1, large ? 6 : 4);
                inH = large ? between(4, 24) : between(1, 8);
                inW = large ? between(4, 24) : between(1, 8);
                if (chance(large ? 0.1 : 0.25)) {
                    dx = between(1, 3);
                    dy = between(1, 3);
                }
                sx = large && chance(0.9) ? 1 : between(1, 4);
                sy = large && chance(0.9) ? 1 : between(1, 4);
                if (inH == 1 && kh == 1) {
                    inW = Math.max(inW, kw); // the wrapper may pick the 1xN kernel, whose MVE path needs it
                }
                int ekh = dy * (kh - 1) + 1;
                int ekw = dx * (kw - 1) + 1;
                int[] y = padAndOut(inH, ekh, sy);
                int[] x = padAndOut(inW, ekw, sx);
                py = y[0];
                outH = y[1];
                px = x[0];
                outW = x[1];
            }
        }
        setDims(p, batches, inH, inW, inC, outC, kh, kw, kc, batches, outH, outW, outC);
        setConvParams(p, sx, sy, px, py, dx, dy);
        boolean huge = chance(0.1);
        int[][] q = quant(outC, huge);
        // v7.0.0 walks a NULL bias pointer per group, so grouped cases always have a bias.
        int[] bias = bias(outC, !grouped, huge);
        if (chance(0.03) && f != S8Function.CONVOLVE_1X1_FAST && f != S8Function.CONVOLVE_1X1) {
            p[23] = 1; // NULL ctx: generic and 1xN return ARG_ERROR, the wrapper's 1x1 paths do not care
        }
        return new S8Case(f, p, bytes(batches * inH * inW * inC), bytes(outC * kh * kw * kc), bias, q[0], q[1],
                batches * outH * outW * outC);
    }

    /** p12..p21 of the conv-like layout: random offsets and clamp, the given stride, padding and dilation. */
    private void setConvParams(int[] p, int sx, int sy, int px, int py, int dx, int dy) {
        p[12] = inputOffset();
        p[13] = outputOffset();
        p[14] = sx;
        p[15] = sy;
        p[16] = px;
        p[17] = py;
        p[18] = dx;
        p[19] = dy;
        int[] act = activation();
        p[20] = act[0];
        p[21] = act[1];
    }

    private static void setDims(int[] p, int n, int inH, int inW, int inC, int fN, int kh, int kw, int kc, int on,
            int outH, int outW, int outC) {
        p[0] = n;
        p[1] = inH;
        p[2] = inW;
        p[3] = inC;
        p[4] = fN;
        p[5] = kh;
        p[6] = kw;
        p[7] = kc;
        p[8] = on;
        p[9] = outH;
        p[10] = outW;
        p[11] = outC;
    }

    // ---------------------------------------------------------------------------------------------
    // Depthwise: mode 0 = 3x3 (pad <= 1), 1 = ch_mult 1 opt-eligible, 2 = ch_mult > 1, 3 = general (batches,
    // dilation), 4 = one input channel (the MVE conv path).

    S8Case depthwise(S8Function f, int mode) {
        int[] p = new int[S8Case.PARAMS];
        int batches = 1;
        int inC = channels(large ? 32 : 12);
        int chMult = 1;
        int kh = between(1, large ? 5 : 4);
        int kw = between(1, large ? 5 : 4);
        int dx = 1;
        int dy = 1;
        int sx = large && chance(0.9) ? 1 : between(1, 3);
        int sy = large && chance(0.9) ? 1 : between(1, 3);
        int inH = large ? between(4, 24) : between(1, 8);
        int inW = large ? between(4, 24) : between(1, 8);
        switch (mode) {
            case 0 -> {
                kh = 3;
                kw = 3;
                inW = large ? between(4, 24) : between(2, 8);
            }
            case 2 -> chMult = chance(0.4) ? 4 * between(1, 2) : between(2, 3);
            case 3 -> {
                batches = chance(0.4) ? between(2, 3) : 1;
                chMult = between(1, 3);
                if (chance(0.6)) {
                    dx = between(1, 3);
                    dy = between(1, 3);
                }
            }
            case 4 -> {
                inC = 1;
                chMult = between(1, 12);
                if (chance(0.3)) {
                    inH = 1;
                    kh = 1;
                }
            }
            default -> {
            }
        }
        if (mode != 0 && kh == 3 && kw == 3) {
            kw = 4; // a 3x3 filter could reach the 3x3 kernel, whose geometry only mode 0 keeps safe
        }
        if (mode == 4 && inH == 1) {
            inW = Math.max(inW, kw); // the MVE conv path may run the 1xN kernel, which needs filter.w <= in.w
        }
        int ekh = dy * (kh - 1) + 1;
        int ekw = dx * (kw - 1) + 1;
        int py;
        int px;
        int outH;
        int outW;
        if (mode == 0) {
            // pad <= 1 and no window may start at the last input column (the 3x3 kernel would read past the row).
            py = between(0, 1);
            px = between(0, 1);
            outH = outSize(inH, 3, sy, py, between(0, 1));
            if (inH + py + 1 < 3) {
                outH = Math.max(1, outSize(inH, 3, sy, py, 3 - inH - py));
            }
            int trailX = between(0, 1);
            if (inW + px + trailX < 3) {
                trailX = 3 - inW - px;
            }
            outW = outSize(inW, 3, sx, px, trailX);
            while (outW > 1 && (outW - 1) * sx - px > inW - 2) {
                outW--;
            }
            if ((outW - 1) * sx - px > inW - 2) {
                px = 1; // a single column starting at -1
                outW = 1;
            }
        } else {
            int[] y = padAndOut(inH, ekh, sy);
            int[] x = padAndOut(inW, ekw, sx);
            py = y[0];
            outH = y[1];
            px = x[0];
            outW = x[1];
            if (mode == 4 && inH == 1) {
                py = 0;
                outH = 1;
            }
        }
        int outC = inC * chMult;
        setDims(p, batches, inH, inW, inC, 1, kh, kw, outC, batches, outH, outW, outC);
        setConvParams(p, sx, sy, px, py, dx, dy);
        p[22] = chMult;
        boolean huge = chance(0.1);
        int[][] q = quant(outC, huge);
        return new S8Case(f, p, bytes(batches * inH * inW * inC), bytes(kh * kw * outC), bias(outC, true, huge), q[0],
                q[1], batches * outH * outW * outC);
    }

    // ---------------------------------------------------------------------------------------------

    S8Case fc(S8Function f) {
        int[] p = new int[S8Case.PARAMS];
        int batches = between(1, 3);
        int k = chance(0.2) ? between(100, 300) : between(1, 40);
        int outC = between(1, 24);
        setDims(p, batches, 1, 1, k, k, 1, 1, outC, batches, 1, 1, outC);
        p[12] = inputOffset();
        p[13] = outputOffset();
        p[14] = chance(0.15) ? between(-3, 3) : 0;
        int[] act = activation();
        p[20] = act[0];
        p[21] = act[1];
        boolean huge = chance(0.1);
        int nq = f == S8Function.FULLY_CONNECTED ? 1 : outC;
        int[][] q = quant(nq, huge);
        if (chance(0.03)) {
            p[23] = 1;
        }
        return new S8Case(f, p, bytes(batches * k), bytes(outC * k), bias(outC, true, huge), q[0], q[1],
                batches * outC);
    }

    S8Case pool(S8Function f) {
        int[] p = new int[S8Case.PARAMS];
        int batches = chance(0.2) ? 2 : 1;
        int ch = channels(20);
        int kh = between(1, 4);
        int kw = between(1, 4);
        int sx = between(1, 4);
        int sy = between(1, 4);
        int inH = between(1, 8);
        int inW = between(1, 8);
        int[] y = padAndOut(inH, kh, sy);
        int[] x = padAndOut(inW, kw, sx);
        int py = y[0];
        int outH = y[1];
        int px = x[0];
        int outW = x[1];
        if (chance(0.02)) {
            outW += 2; // windows right of the input: avgpool returns ARG_ERROR, max pool leaves bytes as they were
        }
        setDims(p, batches, inH, inW, ch, 1, kh, kw, 1, batches, outH, outW, ch);
        p[14] = sx;
        p[15] = sy;
        p[16] = px;
        p[17] = py;
        int[] act = activation();
        p[20] = act[0];
        p[21] = act[1];
        if (f == S8Function.AVGPOOL && chance(0.03)) {
            p[23] = 1;
        }
        return new S8Case(f, p, bytes(batches * inH * inW * ch), new byte[0], null, null, null,
                batches * outH * outW * ch);
    }

    S8Case softmax() {
        int[] p = new int[S8Case.PARAMS];
        int rows = between(1, 4);
        int size = chance(0.2) ? between(100, 300) : between(1, 40);
        double scale = chance(0.2) ? 1.0 / 256 * between(1, 4) : 0.01 + rnd.nextDouble() * 0.5;
        double beta = chance(0.8) ? 1.0 : 0.2 + rnd.nextDouble() * 2;
        NnSupportS8.QuantizedMultiplier qm = NnSupportS8.preprocessSoftmaxScaling(beta, scale, 5, S8Rounding.DOUBLE);
        p[0] = rows;
        p[1] = size;
        p[2] = qm.multiplier();
        p[3] = qm.shift();
        p[4] = -NnSupportS8.calculateInputRadius(5, qm.shift(), 31);
        byte[] a = bytes(rows * size);
        if (chance(0.2)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) between(-3, 3); // near-uniform rows
            }
        }
        return new S8Case(S8Function.SOFTMAX, p, a, new byte[0], null, null, null, rows * size);
    }

    /** Add with TFLite's prepare step (left_shift 20), every tenth case with left_shift 8 (the DSP trap). */
    S8Case add(int i) {
        int[] p = new int[S8Case.PARAMS];
        int size = between(1, 70);
        double s1 = 0.001 + rnd.nextDouble();
        double s2 = chance(0.2) ? s1 : 0.001 + rnd.nextDouble();
        double so = 0.001 + rnd.nextDouble() * 2;
        int leftShift = i % 10 == 9 ? 8 : 20;
        double twiceMax = 2 * Math.max(s1, s2);
        NnSupportS8.QuantizedMultiplier q1 = NnSupportS8.quantizeMultiplier(s1 / twiceMax, S8Rounding.DOUBLE);
        NnSupportS8.QuantizedMultiplier q2 = NnSupportS8.quantizeMultiplier(s2 / twiceMax, S8Rounding.DOUBLE);
        NnSupportS8.QuantizedMultiplier qo = NnSupportS8.quantizeMultiplier(
                twiceMax / ((1 << leftShift) * so), S8Rounding.DOUBLE);
        p[0] = size;
        p[1] = inputOffset();
        p[2] = q1.multiplier();
        p[3] = q1.shift();
        p[4] = inputOffset();
        p[5] = q2.multiplier();
        p[6] = q2.shift();
        p[7] = leftShift;
        p[8] = outputOffset();
        p[9] = qo.multiplier();
        p[10] = Math.min(qo.shift(), 3);
        int[] act = activation();
        p[11] = act[0];
        p[12] = act[1];
        return new S8Case(S8Function.ADD, p, bytes(size), bytes(size), null, null, null, size);
    }

    S8Case mul() {
        int[] p = new int[S8Case.PARAMS];
        int size = between(1, 70);
        double real = chance(0.1) ? Math.pow(2, between(-20, 2)) * (0.5 + rnd.nextDouble() / 2)
                : 0.0001 + rnd.nextDouble() * 0.02;
        NnSupportS8.QuantizedMultiplier q = NnSupportS8.quantizeMultiplier(real, S8Rounding.DOUBLE);
        p[0] = size;
        p[1] = inputOffset();
        p[2] = inputOffset();
        p[3] = outputOffset();
        p[4] = q.multiplier();
        p[5] = Math.min(q.shift(), 3);
        int[] act = activation();
        p[6] = act[0];
        p[7] = act[1];
        return new S8Case(S8Function.MUL, p, bytes(size), bytes(size), null, null, null, size);
    }

    S8Case relu6(int i) {
        int[] p = new int[S8Case.PARAMS];
        // One case beyond 65535 elements: the uint16 size truncation.
        int len = i == 7 ? 65536 + 37 : between(0, 200);
        int size = len;
        p[0] = size;
        return new S8Case(S8Function.RELU6, p, bytes(len), new byte[0], null, null, null, len);
    }

    S8Case concat() {
        int[] p = new int[S8Case.PARAMS];
        int x = between(1, 12);
        int y = between(1, 5);
        int z = between(1, 5);
        int w = between(1, 2);
        int outX = x + between(0, 10);
        int offset = between(0, outX - x);
        p[0] = x;
        p[1] = y;
        p[2] = z;
        p[3] = w;
        p[4] = outX;
        p[5] = offset;
        return new S8Case(S8Function.CONCATENATION_X, p, bytes(x * y * z * w), bytes(outX * y * z * w), null, null,
                null, outX * y * z * w);
    }

    S8Case lut() {
        int[] p = new int[S8Case.PARAMS];
        int size = between(0, 300);
        p[0] = size;
        return new S8Case(S8Function.LUT, p, bytes(size), bytes(256), null, null, null, size);
    }

    /**
     * Requantize triples: full-range values for shifts <= 0; for a positive shift s only values with
     * {@code |val| < 2^(31-s)}, so that {@code val << s} is defined in C; extreme multipliers and shifts included.
     */
    S8Case requantize() {
        int n = 64;
        int[] vals = new int[n];
        int[] mults = new int[n];
        int[] shifts = new int[n];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            int s = u < 0.1 ? -31 : u < 0.15 ? 30 : u < 0.3 ? between(1, 29) : u < 0.4 ? between(-31, -20)
                    : between(-19, 0);
            int m = chance(0.5) ? multiplier() : rnd.nextInt(Integer.MAX_VALUE);
            int v;
            if (s > 0) {
                int bound = (1 << (31 - s)) - 1;
                v = chance(0.1) ? (chance(0.5) ? bound : -bound) : between(-bound, bound);
            } else {
                double w = rnd.nextDouble();
                v = w < 0.05 ? Integer.MIN_VALUE : w < 0.1 ? Integer.MAX_VALUE : w < 0.5 ? rnd.nextInt()
                        : between(-100000, 100000);
            }
            vals[i] = v;
            mults[i] = m;
            shifts[i] = s;
        }
        return new S8Case(S8Function.REQUANTIZE, new int[S8Case.PARAMS], new byte[0], new byte[0], vals, mults, shifts,
                4 * n);
    }

    /** Shapes for the buffer-size functions: the conv and depthwise geometries above, which cover every branch. */
    S8Case sizes(S8Function f, int i) {
        S8Case base = i % 2 == 0 ? conv(S8Function.CONVOLVE_WRAPPER, i / 2 % 5)
                : depthwise(S8Function.DEPTHWISE, i / 2 % 5);
        int n = f == S8Function.BUFFER_SIZES ? 5 : 8;
        return new S8Case(f, base.p(), new byte[0], new byte[0], null, null, null, 4 * n);
    }
}
