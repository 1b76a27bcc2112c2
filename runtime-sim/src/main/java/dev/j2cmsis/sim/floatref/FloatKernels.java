package dev.j2cmsis.sim.floatref;

import java.util.Locale;

/**
 * Float32 reference kernels with PyTorch's semantics, on single images in CHW layout (batch 1, no batch
 * axis). They give the "what the float model computes" side of an accuracy comparison with the quantized
 * q7 simulator.
 *
 * <p><b>Accumulation.</b> Sums (convolution, linear, average pooling, the softmax denominator) are taken in
 * double and rounded to float once at the end, so each result is the float32 nearest to the exact value
 * for float32 inputs (up to double rounding). PyTorch's CPU kernels accumulate in float32 in an order that
 * depends on the backend (oneDNN, im2col + BLAS) and thread count, so results agree with PyTorch to a few
 * float32 ulps, not bit for bit; the tests allow 1e-5 absolute + 1e-4 relative.
 *
 * <p><b>Speed.</b> {@link #conv2d} and {@link #depthwiseConv2d} are a blocked GEMM over tiles of output pixels
 * (im2col in tap-major order, four filters per pass, an inner loop over pixels the JIT vectorises); {@link #linear}
 * takes eight dot products at once, sharing each input load. Every output still receives its products in the
 * order (input channel, kernel row, kernel column) after its bias, so the results are those of a plain
 * per-output loop, bit for bit (see {@code convTiles} for the padding).
 *
 * <p>Output sizes follow PyTorch's floor mode: {@code (in + 2 * pad - kernel) / stride + 1}. Dilation,
 * groups and {@code ceil_mode} are not supported. All methods check their arguments and throw
 * {@link IllegalArgumentException} naming the inconsistent one; none modifies its inputs except
 * {@link #relu(float[])}, which works in place as {@code torch.relu_} does.
 */
public final class FloatKernels {
    private FloatKernels() {}

    /** PyTorch's floor-mode output size {@code (in + 2 * pad - kernel) / stride + 1}. */
    public static int outputSize(int in, int kernel, int stride, int pad) {
        if (in <= 0 || kernel <= 0 || stride <= 0 || pad < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "need input > 0, kernel > 0, stride > 0, padding >= 0; got input %d kernel %d stride %d "
                            + "padding %d", in, kernel, stride, pad));
        }
        if (in + 2 * pad < kernel) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "kernel %d is larger than the padded input %d (input %d + 2 * padding %d)", kernel,
                    in + 2 * pad, in, pad));
        }
        return (in + 2 * pad - kernel) / stride + 1;
    }

    /**
     * A pooling output size as PyTorch computes it: floor mode as {@link #outputSize}; ceil mode rounds
     * {@code (in + 2 * pad - kernel) / stride} up, but drops a last window that would start in the right
     * padding (it must start inside the input or the left padding).
     */
    public static int poolOutputSize(int in, int kernel, int stride, int pad, boolean ceilMode) {
        int floor = outputSize(in, kernel, stride, pad);
        if (!ceilMode) {
            return floor;
        }
        int out = (in + 2 * pad - kernel + stride - 1) / stride + 1;
        return (out - 1) * stride >= in + pad ? out - 1 : out;
    }

    /**
     * {@code torch.nn.functional.conv2d} with zero padding, as {@code nn.Conv2d(c, outC, (kh, kw),
     * (strideH, strideW), (padH, padW))}.
     *
     * @param in input, {@code c × h × w}
     * @param weight OIHW, {@code outC × c × kh × kw}
     * @param bias {@code outC} values, or {@code null} for none
     * @return {@code outC × oh × ow} with {@code oh = outputSize(h, kh, strideH, padH)} and likewise ow
     */
    public static float[] conv2d(float[] in, int c, int h, int w, float[] weight, float[] bias, int outC, int kh,
            int kw, int strideH, int strideW, int padH, int padW) {
        checkLength("input", in, (long) c * h * w, "c*h*w");
        checkLength("weight", weight, (long) outC * c * kh * kw, "outC*c*kh*kw (OIHW)");
        if (bias != null) {
            checkLength("bias", bias, outC, "outC");
        }
        int oh = outputSize(h, kh, strideH, padH);
        int ow = outputSize(w, kw, strideW, padW);
        float[] out = new float[outC * oh * ow];
        convTiles(in, 0, c, h, w, weight, 0, bias, 0, outC, kh, kw, strideH, strideW, padH, padW, oh, ow, out, 0);
        return out;
    }

    /** Output pixels per tile of {@link #convTiles}: its im2col block stays in L2, its accumulators in L1. */
    private static final int TILE = 64;

    /**
     * The convolution of input channels {@code ci0 .. ci0 + c - 1} with {@code outC} filters (weights from
     * {@code w0}, OIHW, bias from {@code b0}) into {@code out} from {@code outAt}, as a blocked GEMM: for a tile of
     * {@link #TILE} output pixels, an im2col block in tap-major order (tap (ci, ky, kx), then pixel) with the padding
     * as zeros, then for four filters at once and each tap in (ci, ky, kx) order, {@code acc[pixel] += tap *
     * weight}: an inner loop over contiguous pixels that the JIT vectorises. Every output still receives the bias,
     * then its products in (ci, ky, kx) order, in double; a padded tap adds {@code 0.0 * weight = ±0.0}, which
     * leaves any sum unchanged except a sum of -0.0, and a sum can only be -0.0 when it started from a bias of
     * -0.0 (under round-to-nearest, {@code x + -x} is +0.0). When the convolution pads, filters with such a bias, or
     * with a non-finite weight (where {@code 0.0 * w} is NaN), take the per-output loop that skips padded taps, so
     * every result is that of the plain per-output definition bit for bit ({@code FloatKernelsOrderTest}).
     */
    private static void convTiles(float[] in, int ci0, int c, int h, int w, float[] weight, int w0, float[] bias,
                                  int b0, int outC, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow,
                                  float[] out, int outAt) {
        int k = c * kh * kw;
        int planeSize = oh * ow;
        boolean[] exact = new boolean[outC];
        for (int o = 0; o < outC; o++) {
            exact[o] = perOutput(weight, w0 + o * k, k, bias, b0 + o, ph > 0 || pw > 0);
        }
        // One array per tap, and the four filters' accumulators in one array at constant offsets: C2 (JDK 17)
        // vectorises the inner loop only when its indices are the loop variable plus constants; with a variable
        // offset into a shared im2col array it stays scalar (measured: 3x slower).
        double[][] col = new double[k][TILE];
        double[] acc = new double[4 * TILE];
        for (int p0 = 0; p0 < planeSize; p0 += TILE) {
            int n = Math.min(TILE, planeSize - p0);
            im2colTile(in, ci0, c, h, w, kh, kw, sh, sw, ph, pw, ow, p0, n, col);
            int o = 0;
            while (o < outC) {
                if (exact[o]) {
                    double b = bias == null ? 0.0 : bias[b0 + o];
                    for (int t = 0; t < n; t++) {
                        int p = p0 + t;
                        out[outAt + o * planeSize + p] = (float) one(in, ci0, c, h, w, weight, w0 + o * k, b, kh, kw,
                                (p / ow) * sh - ph, (p % ow) * sw - pw);
                    }
                    o++;
                } else if (outC >= 4 && block(exact, Math.min(o, outC - 4))) {
                    // The last block of a filter count not a multiple of four overlaps the one before: its first
                    // filters are summed again in the same order, to the same values. So the single-filter loop
                    // below runs only beside a filter that needs the per-output loop, or for fewer than four filters;
                    // a JIT that compiled this method without ever seeing that loop run recompiles it when a later
                    // network first takes it, which cost LeNet after FashionDepthwise about a third of a second.
                    o = Math.min(o, outC - 4);
                    for (int j = 0; j < 4; j++) {
                        java.util.Arrays.fill(acc, j * TILE, j * TILE + n, bias == null ? 0.0 : bias[b0 + o + j]);
                    }
                    int r0 = w0 + o * k;
                    int tap = 0;
                    // Two taps per pass over the accumulators, added one after the other as before: half the loads
                    // and stores of the accumulators, the same sums.
                    for (; tap + 1 < k; tap += 2) {
                        double v0 = weight[r0 + tap];
                        double v1 = weight[r0 + k + tap];
                        double v2 = weight[r0 + 2 * k + tap];
                        double v3 = weight[r0 + 3 * k + tap];
                        double u0 = weight[r0 + tap + 1];
                        double u1 = weight[r0 + k + tap + 1];
                        double u2 = weight[r0 + 2 * k + tap + 1];
                        double u3 = weight[r0 + 3 * k + tap + 1];
                        double[] cj = col[tap];
                        double[] cn = col[tap + 1];
                        for (int t = 0; t < n; t++) {
                            double x = cj[t];
                            double y = cn[t];
                            acc[t] = acc[t] + x * v0 + y * u0;
                            acc[TILE + t] = acc[TILE + t] + x * v1 + y * u1;
                            acc[2 * TILE + t] = acc[2 * TILE + t] + x * v2 + y * u2;
                            acc[3 * TILE + t] = acc[3 * TILE + t] + x * v3 + y * u3;
                        }
                    }
                    for (; tap < k; tap++) {
                        double v0 = weight[r0 + tap];
                        double v1 = weight[r0 + k + tap];
                        double v2 = weight[r0 + 2 * k + tap];
                        double v3 = weight[r0 + 3 * k + tap];
                        double[] cj = col[tap];
                        for (int t = 0; t < n; t++) {
                            double x = cj[t];
                            acc[t] += x * v0;
                            acc[TILE + t] += x * v1;
                            acc[2 * TILE + t] += x * v2;
                            acc[3 * TILE + t] += x * v3;
                        }
                    }
                    for (int j = 0; j < 4; j++) {
                        int at = outAt + (o + j) * planeSize + p0;
                        for (int t = 0; t < n; t++) {
                            out[at + t] = (float) acc[j * TILE + t];
                        }
                    }
                    o += 4;
                } else {
                    java.util.Arrays.fill(acc, 0, n, bias == null ? 0.0 : bias[b0 + o]);
                    int r0 = w0 + o * k;
                    for (int j = 0; j < k; j++) {
                        double v0 = weight[r0 + j];
                        double[] cj = col[j];
                        for (int t = 0; t < n; t++) {
                            acc[t] += cj[t] * v0;
                        }
                    }
                    int at = outAt + o * planeSize + p0;
                    for (int t = 0; t < n; t++) {
                        out[at + t] = (float) acc[t];
                    }
                    o++;
                }
            }
        }
    }

    /**
     * Whether the filter of weights {@code weight[from .. from + k)} and bias {@code bias[b]} needs the per-output
     * loop: only a convolution that pads has padded taps, and then a non-finite weight (where a padded tap's
     * {@code 0.0 * w} is NaN) or a bias of -0.0 (the one sum a padded tap's +0.0 would change) does.
     */
    private static boolean perOutput(float[] weight, int from, int k, float[] bias, int b, boolean pads) {
        if (!pads) {
            return false;
        }
        // The largest magnitude's bits: a weight is infinite or NaN when its exponent bits are all ones. An int max
        // the JIT vectorises; Float.isFinite per weight took an eighth of a DS-CNN's calibration.
        int magnitude = 0;
        for (int i = from; i < from + k; i++) {
            magnitude = Math.max(magnitude, Float.floatToRawIntBits(weight[i]) & 0x7fffffff);
        }
        return magnitude >= 0x7f800000 || (bias != null && Float.floatToRawIntBits(bias[b]) == 0x80000000);
    }

    /** Whether filters {@code o .. o + 3} all take the blocked loop (none needs the per-output one). */
    private static boolean block(boolean[] exact, int o) {
        return !exact[o] && !exact[o + 1] && !exact[o + 2] && !exact[o + 3];
    }

    /**
     * The im2col block of output pixels {@code p0 .. p0 + n - 1}: {@code col[tap][t]} is the input under tap
     * (ci, ky, kx) of pixel {@code p0 + t}, 0 in the padding.
     */
    private static void im2colTile(float[] in, int ci0, int c, int h, int w, int kh, int kw, int sh, int sw, int ph,
                                   int pw, int ow, int p0, int n, double[][] col) {
        int tap = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = (ci0 + ci) * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    double[] row = col[tap++];
                    // Output columns ox read input column ox * sw - pw + kx, inside the image for ox in [oxLo, oxHi].
                    int oxLo = -Math.floorDiv(kx - pw, sw);
                    int oxHi = Math.floorDiv(w - 1 + pw - kx, sw);
                    int oy = p0 / ow;
                    int ox = p0 % ow;
                    int t = 0;
                    while (t < n) {
                        int len = Math.min(n - t, ow - ox);   // the tile's pixels in output row oy
                        int iy = oy * sh - ph + ky;
                        int from = 0;
                        int to = 0;
                        if (iy >= 0 && iy < h) {
                            from = Math.min(len, Math.max(0, oxLo - ox));
                            to = Math.max(from, Math.min(len, oxHi - ox + 1));
                            int at = plane + iy * w + ox * sw - pw + kx;
                            for (int j = from; j < to; j++) {
                                row[t + j] = in[at + j * sw];
                            }
                        }
                        java.util.Arrays.fill(row, t, t + from, 0.0);
                        java.util.Arrays.fill(row, t + to, t + len, 0.0);
                        t += len;
                        ox = 0;
                        oy++;
                    }
                }
            }
        }
    }

    /**
     * {@code torch.nn.functional.linear}: {@code out[o] = bias[o] + sum_i weight[o][i] * in[i]}.
     *
     * @param weight {@code outF × in.length}, row-major (PyTorch's {@code [out_features, in_features]})
     * @param bias {@code outF} values, or {@code null}
     */
    public static float[] linear(float[] in, float[] weight, float[] bias, int outF) {
        if (outF <= 0) {
            throw new IllegalArgumentException("outF must be > 0, was " + outF);
        }
        checkLength("weight", weight, (long) outF * in.length, "outF*in.length ([out][in])");
        if (bias != null) {
            checkLength("bias", bias, outF, "outF");
        }
        int n = in.length;
        float[] out = new float[outF];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = in[i];
        }
        int o = 0;
        for (; o + 8 <= outF; o += 8) {
            dot8(out, weight, o * n, bias, o, x, n);
        }
        for (; o < outF; o++) {
            out[o] = (float) dot(weight, o * n, bias == null ? 0.0 : bias[o], x, 0, n);
        }
        return out;
    }

    /**
     * {@code torch.nn.functional.max_pool2d} in floor mode. Padding counts as -infinity, so it is never the
     * maximum; a NaN in a window makes that output NaN, as in PyTorch. PyTorch requires
     * {@code pad <= kernel / 2}, and so does this method.
     *
     * @return {@code c × oh × ow}
     */
    /** An int ordered as the float is: by value, -0 just below +0, NaNs beyond the infinities. */
    private static int key(float v) {
        int b = Float.floatToRawIntBits(v);
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    /** The int keys ({@link #key}) of the infinities: a key beyond them is a NaN's. */
    private static final int POSITIVE_INFINITY_KEY = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);
    private static final int NEGATIVE_INFINITY_KEY = Float.floatToRawIntBits(Float.NEGATIVE_INFINITY) ^ 0x7fffffff;

    public static float[] maxPool2d(float[] in, int c, int h, int w, int kh, int kw, int sh, int sw, int ph,
            int pw) {
        return maxPool2d(in, c, h, w, kh, kw, sh, sw, ph, pw, false);
    }

    /**
     * The same with PyTorch's {@code ceil_mode} (output size {@link #poolOutputSize}); the last windows are
     * clipped to the input.
     */
    public static float[] maxPool2d(float[] in, int c, int h, int w, int kh, int kw, int sh, int sw, int ph,
            int pw, boolean ceilMode) {
        checkPool(in, c, h, w, kh, kw, ph, pw);
        int oh = poolOutputSize(h, kh, sh, ph, ceilMode);
        int ow = poolOutputSize(w, kw, sw, pw, ceilMode);
        float[] out = new float[c * oh * ow];
        for (int ci = 0; ci < c; ci++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int y0 = Math.max(0, oy * sh - ph);
                    int y1 = Math.min(h, oy * sh - ph + kh);
                    int x0 = Math.max(0, ox * sw - pw);
                    int x1 = Math.min(w, ox * sw - pw + kw);
                    // The largest and smallest value by their int keys (ordered as the floats, -0 just below +0,
                    // NaNs beyond the infinities): branch-free, where comparing floats mispredicts on data and
                    // Math.max orders zeros and NaNs on every element. PyTorch's rule takes the first of equal
                    // maxima and the last NaN: the key maximum is that value unless the window holds a NaN, or its
                    // maximum is zero and a -0 (the only negative key at zero) might come before a +0; those
                    // windows, rare after a ReLU (whose zeros are +0), are taken again by the rule.
                    int hiKey = Integer.MIN_VALUE;
                    int loKey = Integer.MAX_VALUE;
                    if (y1 - y0 == 2 && x1 - x0 == 2) {
                        // The usual 2x2 window, unrolled (loops of two trips cost more than the four loads).
                        int at = (ci * h + y0) * w + x0;
                        int k0 = key(in[at]);
                        int k1 = key(in[at + 1]);
                        int k2 = key(in[at + w]);
                        int k3 = key(in[at + w + 1]);
                        hiKey = Math.max(Math.max(k0, k1), Math.max(k2, k3));
                        loKey = Math.min(Math.min(k0, k1), Math.min(k2, k3));
                    } else {
                        for (int y = y0; y < y1; y++) {
                            for (int x = x0; x < x1; x++) {
                                int key = key(in[(ci * h + y) * w + x]);
                                hiKey = Math.max(hiKey, key);
                                loKey = Math.min(loKey, key);
                            }
                        }
                    }
                    float m = Float.intBitsToFloat(hiKey ^ ((hiKey >> 31) & 0x7fffffff));
                    if (m == 0f && loKey < 0 || hiKey > POSITIVE_INFINITY_KEY || loKey < NEGATIVE_INFINITY_KEY) {
                        m = Float.NEGATIVE_INFINITY;
                        for (int y = y0; y < y1; y++) {
                            for (int x = x0; x < x1; x++) {
                                float v = in[(ci * h + y) * w + x];
                                if (v > m || Float.isNaN(v)) {
                                    m = v;
                                }
                            }
                        }
                    }
                    out[(ci * oh + oy) * ow + ox] = m;
                }
            }
        }
        return out;
    }

    /**
     * {@code torch.nn.functional.avg_pool2d} in floor mode with zero padding. With
     * {@code countIncludePad} (PyTorch's default) every window divides by {@code kh * kw}; without it, by
     * the number of input elements the window covers. PyTorch requires {@code pad <= kernel / 2}, and so
     * does this method.
     *
     * @return {@code c × oh × ow}
     */
    public static float[] avgPool2d(float[] in, int c, int h, int w, int kh, int kw, int sh, int sw, int ph,
            int pw, boolean countIncludePad) {
        return avgPool2d(in, c, h, w, kh, kw, sh, sw, ph, pw, countIncludePad, false);
    }

    /**
     * The same with PyTorch's {@code ceil_mode} (output size {@link #poolOutputSize}). A ceil-mode window that
     * runs past the right or bottom padding divides, as PyTorch's, only by the part inside the padded input,
     * even with {@code countIncludePad}.
     */
    public static float[] avgPool2d(float[] in, int c, int h, int w, int kh, int kw, int sh, int sw, int ph,
            int pw, boolean countIncludePad, boolean ceilMode) {
        checkPool(in, c, h, w, kh, kw, ph, pw);
        int oh = poolOutputSize(h, kh, sh, ph, ceilMode);
        int ow = poolOutputSize(w, kw, sw, pw, ceilMode);
        float[] out = new float[c * oh * ow];
        for (int ci = 0; ci < c; ci++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int y0 = oy * sh - ph;
                    int x0 = ox * sw - pw;
                    // PyTorch clips the counted window to the padded input: a no-op in floor mode (kh * kw),
                    // smaller for the last windows in ceil mode.
                    double sum = 0;
                    int count = 0;
                    for (int y = Math.max(0, y0); y < Math.min(h, y0 + kh); y++) {
                        for (int x = Math.max(0, x0); x < Math.min(w, x0 + kw); x++) {
                            sum += in[(ci * h + y) * w + x];
                            count++;
                        }
                    }
                    int divisor = countIncludePad
                            ? (Math.min(y0 + kh, h + ph) - y0) * (Math.min(x0 + kw, w + pw) - x0) : count;
                    out[(ci * oh + oy) * ow + ox] = (float) (sum / divisor);
                }
            }
        }
        return out;
    }

    /** {@code torch.relu_}: replaces negative values by 0 in place (NaN stays NaN) and returns {@code x}. */
    public static float[] relu(float[] x) {
        // "v < 0 ? 0 : v" on the bits, without a branch (half of the signs mispredicted one) and in int lanes the JIT
        // vectorises: a value with the sign bit, a nonzero magnitude and no NaN's exponent becomes +0; -0 and NaNs,
        // of either sign and any payload, stay as they are.
        for (int i = 0; i < x.length; i++) {
            int b = Float.floatToRawIntBits(x[i]);
            int m = b & 0x7fffffff;
            int negative = (b >> 31) & (-m >> 31) & ((m - 0x7f800001) >> 31);
            x[i] = Float.intBitsToFloat(b & ~negative);
        }
        return x;
    }

    /**
     * {@code torch.softmax(x, 0)} of a vector, as a new array. The maximum is subtracted before
     * exponentiating, so large logits do not overflow; exponentials and their sum are taken in double.
     *
     * @throws IllegalArgumentException for an empty vector
     */
    public static float[] softmax(float[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("softmax of an empty vector");
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double[] e = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp((double) x[i] - max);
            sum += e[i];
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    /**
     * Index of the largest value; the first one on ties, as {@code torch.argmax} documents. A NaN counts as
     * larger than everything (as in {@code torch.argmax}), so the first NaN wins.
     *
     * @throws IllegalArgumentException for an empty array
     */
    public static int argmax(float[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("argmax of an empty array");
        }
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (Float.isNaN(x[best])) {
                return best;
            }
            if (x[i] > x[best] || Float.isNaN(x[i])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Index of the largest value of q7 (signed int8) outputs, as the simulator and the C code produce them;
     * the first one on ties.
     *
     * @throws IllegalArgumentException for an empty array
     */
    public static int argmax(byte[] q7) {
        if (q7.length == 0) {
            throw new IllegalArgumentException("argmax of an empty array");
        }
        int best = 0;
        for (int i = 1; i < q7.length; i++) {
            if (q7[i] > q7[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void checkPool(float[] in, int c, int h, int w, int kh, int kw, int ph, int pw) {
        checkLength("input", in, (long) c * h * w, "c*h*w");
        if (ph > kh / 2 || pw > kw / 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "padding (%d, %d) must be at most half the kernel (%d, %d), as PyTorch requires", ph, pw,
                    kh, kw));
        }
    }

    private static void checkLength(String what, float[] a, long expected, String formula) {
        if (a == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d values but %s = %d", what,
                    a.length, formula, expected));
        }
    }

    /**
     * {@code torch.nn.functional.conv2d} with {@code groups = c}: one kh x kw filter per channel, weights
     * [c, 1, kh, kw], floor output size, zero padding; accumulated in double like {@link #conv2d}.
     */
    public static float[] depthwiseConv2d(float[] in, int c, int h, int w, float[] weight, float[] bias, int kh,
                                          int kw, int sh, int sw, int ph, int pw) {
        int oh = outputSize(h, kh, sh, ph);
        int ow = outputSize(w, kw, sw, pw);
        if (c >= 2 * ow * sw) {
            return depthwiseByPixels(in, c, h, w, weight, bias, kh, kw, sh, sw, ph, pw, oh, ow);
        }
        float[] out = new float[c * oh * ow];
        int planeSize = oh * ow;
        int k = kh * kw;
        double[] acc = new double[planeSize];
        for (int ch = 0; ch < c; ch++) {
            java.util.Arrays.fill(acc, bias == null ? 0.0 : bias[ch]);
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    tapPlane(in, ch * h * w, h, w, weight[ch * k + ky * kw + kx], ky - ph, kx - pw, sh, sw, oh, ow,
                            acc);
                }
            }
            for (int p = 0; p < planeSize; p++) {
                out[ch * planeSize + p] = (float) acc[p];
            }
        }
        return out;
    }

    /**
     * {@link #depthwiseConv2d} for many channels on narrow planes (a DS-CNN's 172 channels of 25x5): the input and the
     * weights transposed so that one output pixel's taps run along the channels, {@code acc[ch] += x[ch] * w[ch]}, an
     * inner loop over {@code c} the JIT vectorises where the plane loop's rows are only a few outputs long (3-4x faster
     * when there are at least twice as many channels as output columns times the stride; the transposition does not
     * pay below that). Each output gets its bias and then the products of its taps inside the input in (ky, kx) order,
     * padded taps skipped, exactly as the definition: the same floats as the plane loop.
     */
    private static float[] depthwiseByPixels(float[] in, int c, int h, int w, float[] weight, float[] bias, int kh,
                                             int kw, int sh, int sw, int ph, int pw, int oh, int ow) {
        int planeSize = oh * ow;
        int k = kh * kw;
        int hw = h * w;
        double[][] pixels = new double[hw][c];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < hw; p++) {
                pixels[p][ch] = in[ch * hw + p];
            }
        }
        double[][] taps = new double[k][c];
        for (int ch = 0; ch < c; ch++) {
            for (int t = 0; t < k; t++) {
                taps[t][ch] = weight[ch * k + t];
            }
        }
        double[] start = new double[c];
        for (int ch = 0; bias != null && ch < c; ch++) {
            start[ch] = bias[ch];
        }
        double[] acc = new double[c];
        float[] out = new float[c * planeSize];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                System.arraycopy(start, 0, acc, 0, c);
                for (int ky = 0; ky < kh; ky++) {
                    int iy = oy * sh - ph + ky;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ox * sw - pw + kx;
                        if (ix < 0 || ix >= w) {
                            continue;
                        }
                        double[] x = pixels[iy * w + ix];
                        double[] v = taps[ky * kw + kx];
                        for (int ch = 0; ch < c; ch++) {
                            acc[ch] += x[ch] * v[ch];
                        }
                    }
                }
                int p = oy * ow + ox;
                for (int ch = 0; ch < c; ch++) {
                    out[ch * planeSize + p] = (float) acc[ch];
                }
            }
        }
        return out;
    }

    /**
     * One tap of a depthwise filter over a whole output plane: {@code acc[oy, ox] += in[oy*sh + dy, ox*sw + dx] * v}
     * for the outputs whose input lies inside the plane; padded taps add nothing, as in the definition, so a -0.0 bias
     * or a non-finite weight needs no per-output loop. Taps in (ky, kx) order give every output its products in the
     * order of the definition; with stride 1 the inner loop is contiguous and the JIT vectorises it.
     */
    private static void tapPlane(float[] in, int at, int h, int w, double v, int dy, int dx, int sh, int sw,
                                 int oh, int ow, double[] acc) {
        // Outputs with 0 <= o*s + d < size: o from ceil(-d / s) to ceil((size - d) / s) - 1.
        int oy0 = Math.max(0, Math.floorDiv(-dy + sh - 1, sh));
        int oy1 = Math.min(oh, Math.floorDiv(h - dy + sh - 1, sh));
        int ox0 = Math.max(0, Math.floorDiv(-dx + sw - 1, sw));
        int ox1 = Math.min(ow, Math.floorDiv(w - dx + sw - 1, sw));
        for (int oy = oy0; oy < oy1; oy++) {
            int row = at + (oy * sh + dy) * w + dx;
            int o = oy * ow;
            if (sw == 1) {
                for (int ox = ox0; ox < ox1; ox++) {
                    acc[o + ox] += in[row + ox] * v;
                }
            } else {
                for (int ox = ox0; ox < ox1; ox++) {
                    acc[o + ox] += in[row + ox * sw] * v;
                }
            }
        }
    }

    /**
     * Eight dot products at once, sharing each load of {@code x}: {@code out[b0 + j] = bias[b0 + j] + sum_i x[i] *
     * weight[wAt + j * n + i]} for j = 0..7, each sum in index order. A sum in order cannot be vectorised, so the
     * speed comes from eight independent chains of additions (four left the adders waiting on their latency).
     */
    private static void dot8(float[] out, float[] weight, int wAt, float[] bias, int b0, double[] x, int n) {
        double a0 = bias == null ? 0.0 : bias[b0];
        double a1 = bias == null ? 0.0 : bias[b0 + 1];
        double a2 = bias == null ? 0.0 : bias[b0 + 2];
        double a3 = bias == null ? 0.0 : bias[b0 + 3];
        double a4 = bias == null ? 0.0 : bias[b0 + 4];
        double a5 = bias == null ? 0.0 : bias[b0 + 5];
        double a6 = bias == null ? 0.0 : bias[b0 + 6];
        double a7 = bias == null ? 0.0 : bias[b0 + 7];
        int r1 = wAt + n;
        int r2 = r1 + n;
        int r3 = r2 + n;
        int r4 = r3 + n;
        int r5 = r4 + n;
        int r6 = r5 + n;
        int r7 = r6 + n;
        for (int i = 0; i < n; i++) {
            double v = x[i];
            a0 += v * weight[wAt + i];
            a1 += v * weight[r1 + i];
            a2 += v * weight[r2 + i];
            a3 += v * weight[r3 + i];
            a4 += v * weight[r4 + i];
            a5 += v * weight[r5 + i];
            a6 += v * weight[r6 + i];
            a7 += v * weight[r7 + i];
        }
        out[b0] = (float) a0;
        out[b0 + 1] = (float) a1;
        out[b0 + 2] = (float) a2;
        out[b0 + 3] = (float) a3;
        out[b0 + 4] = (float) a4;
        out[b0 + 5] = (float) a5;
        out[b0 + 6] = (float) a6;
        out[b0 + 7] = (float) a7;
    }

    /** {@code acc + sum_i x[xAt + i] * weight[wAt + i]}, in index order. */
    private static double dot(float[] weight, int wAt, double acc, double[] x, int xAt, int n) {
        for (int i = 0; i < n; i++) {
            acc += x[xAt + i] * weight[wAt + i];
        }
        return acc;
    }

    /**
     * One convolution output, its window at input row {@code y0} and column {@code x0}: the bias plus the
     * products of input channels {@code ci0 .. ci0 + cCount - 1} with the weights from {@code wBase}, in
     * (ci, ky, kx) order; taps in the padding add nothing.
     */
    private static double one(float[] in, int ci0, int cCount, int h, int w, float[] weight, int wBase, double bias,
                              int kh, int kw, int y0, int x0) {
        int kyStart = Math.max(0, -y0);
        int kyEnd = Math.min(kh, h - y0);
        int kxStart = Math.max(0, -x0);
        int kxEnd = Math.min(kw, w - x0);
        double acc = bias;
        for (int ci = 0; ci < cCount; ci++) {
            for (int ky = kyStart; ky < kyEnd; ky++) {
                int i = ((ci0 + ci) * h + y0 + ky) * w + x0;
                int wi = wBase + (ci * kh + ky) * kw;
                for (int kx = kxStart; kx < kxEnd; kx++) {
                    acc += (double) in[i + kx] * weight[wi + kx];
                }
            }
        }
        return acc;
    }

    /** {@code torch.sigmoid}, in place; returns {@code x}. */
    public static float[] sigmoid(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
        return x;
    }

    /** {@code torch.tanh}, in place; returns {@code x}. */
    public static float[] tanh(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.tanh(x[i]);
        }
        return x;
    }

    /** Element-wise sum, as a new array. */
    public static float[] add(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("add: " + a.length + " vs " + b.length + " elements");
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /** {@code torch.cat(..., dim=1)} of CHW tensors: channel planes one after another. */
    public static float[] concatChannels(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
