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
        for (int o = 0; o < outC; o++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * strideH - padH;
                // The taps inside the image, so the inner loops need no bounds checks; the additions happen in
                // the same order as over all taps with the padded ones skipped.
                int kyStart = Math.max(0, -y0);
                int kyEnd = Math.min(kh, h - y0);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * strideW - padW;
                    int kxStart = Math.max(0, -x0);
                    int kxEnd = Math.min(kw, w - x0);
                    double acc = bias == null ? 0.0 : bias[o];
                    for (int ci = 0; ci < c; ci++) {
                        for (int ky = kyStart; ky < kyEnd; ky++) {
                            int inRow = (ci * h + y0 + ky) * w + x0;
                            int wRow = ((o * c + ci) * kh + ky) * kw;
                            for (int kx = kxStart; kx < kxEnd; kx++) {
                                acc += (double) in[inRow + kx] * weight[wRow + kx];
                            }
                        }
                    }
                    out[(o * oh + oy) * ow + ox] = (float) acc;
                }
            }
        }
        return out;
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
        for (int o = 0; o < outF; o++) {
            double acc = bias == null ? 0.0 : bias[o];
            int row = o * n;
            for (int i = 0; i < n; i++) {
                acc += (double) in[i] * weight[row + i];
            }
            out[o] = (float) acc;
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
    public static float[] maxPool2d(float[] in, int c, int h, int w, int kh, int kw, int sh, int sw, int ph,
            int pw) {
        checkPool(in, c, h, w, kh, kw, ph, pw);
        int oh = outputSize(h, kh, sh, ph);
        int ow = outputSize(w, kw, sw, pw);
        float[] out = new float[c * oh * ow];
        for (int ci = 0; ci < c; ci++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int y = Math.max(0, oy * sh - ph); y < Math.min(h, oy * sh - ph + kh); y++) {
                        for (int x = Math.max(0, ox * sw - pw); x < Math.min(w, ox * sw - pw + kw); x++) {
                            float v = in[(ci * h + y) * w + x];
                            if (v > m || Float.isNaN(v)) {
                                m = v;
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
        checkPool(in, c, h, w, kh, kw, ph, pw);
        int oh = outputSize(h, kh, sh, ph);
        int ow = outputSize(w, kw, sw, pw);
        float[] out = new float[c * oh * ow];
        for (int ci = 0; ci < c; ci++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int y0 = oy * sh - ph;
                    int x0 = ox * sw - pw;
                    // In floor mode a window never leaves the padded input, so with padding counted the
                    // divisor is always kh * kw (PyTorch clips it to the padded extent, a no-op here).
                    double sum = 0;
                    int count = 0;
                    for (int y = Math.max(0, y0); y < Math.min(h, y0 + kh); y++) {
                        for (int x = Math.max(0, x0); x < Math.min(w, x0 + kw); x++) {
                            sum += in[(ci * h + y) * w + x];
                            count++;
                        }
                    }
                    int divisor = countIncludePad ? kh * kw : count;
                    out[(ci * oh + oy) * ow + ox] = (float) (sum / divisor);
                }
            }
        }
        return out;
    }

    /** {@code torch.relu_}: replaces negative values by 0 in place (NaN stays NaN) and returns {@code x}. */
    public static float[] relu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0f) {
                x[i] = 0f;
            }
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
        float[] out = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = bias == null ? 0 : bias[ch];
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
                            acc += (double) in[(ch * h + iy) * w + ix] * weight[(ch * kh + ky) * kw + kx];
                        }
                    }
                    out[(ch * oh + oy) * ow + ox] = (float) acc;
                }
            }
        }
        return out;
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
