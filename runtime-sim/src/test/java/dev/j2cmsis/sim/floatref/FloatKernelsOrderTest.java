package dev.j2cmsis.sim.floatref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The blocked convolutions and the eight-row linear add every output's products in the per-output order
 * (bias, then input channel, kernel row, kernel column), so they equal the plain per-output loops below bit for
 * bit, on random geometries with strides, padding and non-square kernels.
 */
class FloatKernelsOrderTest {
    static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** The definition: one output at a time, taps in (ci, ky, kx) order, padded taps skipped. */
    static float[] conv2dPerOutput(float[] in, int c, int h, int w, float[] weight, float[] bias, int outC, int kh,
                                   int kw, int sh, int sw, int ph, int pw, boolean depthwise) {
        int oh = (h + 2 * ph - kh) / sh + 1;
        int ow = (w + 2 * pw - kw) / sw + 1;
        float[] out = new float[outC * oh * ow];
        for (int o = 0; o < outC; o++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = bias == null ? 0.0 : bias[o];
                    for (int ci = depthwise ? o : 0; ci < (depthwise ? o + 1 : c); ci++) {
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * sh - ph + ky;
                                int ix = ox * sw - pw + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    int wi = depthwise ? (o * kh + ky) * kw + kx : ((o * c + ci) * kh + ky) * kw + kx;
                                    acc += (double) in[(ci * h + iy) * w + ix] * weight[wi];
                                }
                            }
                        }
                    }
                    out[(o * oh + oy) * ow + ox] = (float) acc;
                }
            }
        }
        return out;
    }

    @Test
    void convolutionsEqualThePerOutputLoopBitForBit() {
        Random r = new Random(11);
        for (int t = 0; t < 300; t++) {
            int c = 1 + r.nextInt(4);
            Geometry g = Geometry.random(r, 5, 9, 9, 3);
            int outC = 1 + r.nextInt(5);
            float[] in = random(r, c * g.h() * g.w());
            float[] bias = r.nextBoolean() ? random(r, outC) : null;
            float[] wt = random(r, outC * c * g.kh() * g.kw());
            String what = "c" + c + " " + g;
            assertArrayEquals(g.definition(in, c, wt, bias, outC, false), g.conv2d(in, c, wt, bias, outC), what);
            float[] dw = random(r, c * g.kh() * g.kw());
            float[] dwBias = bias == null ? null : random(r, c);
            assertArrayEquals(g.definition(in, c, dw, dwBias, c, true), g.depthwise(in, c, dw, dwBias),
                    "depthwise " + what);
        }
    }

    /**
     * Sums that depend on their order in double, so that the float result tells the orders apart: bias 2^60, then
     * the taps' products -2^60 and 1 (and on): in (ci, ky, kx) order the 1 survives, added to the products' sum first
     * it is rounded away. Blocks of four filters, tap counts even and odd (the kernel takes taps in pairs).
     */
    @Test
    void sumsTakeTheTapsInOrderWhereRoundingShows() {
        for (int taps = 2; taps <= 5; taps++) {
            float[] in = new float[taps];
            float[] wt = new float[4 * taps];
            java.util.Arrays.fill(in, 1f);
            in[0] = 0x1p30f;
            for (int o = 0; o < 4; o++) {
                wt[o * taps] = -0x1p30f;
                for (int j = 1; j < taps; j++) {
                    wt[o * taps + j] = j == 1 ? 1f : (o + 1) * 0x1p-30f;
                }
            }
            float[] bias = {0x1p60f, 0x1p60f, 0x1p60f, 0x1p60f};
            float[] expected = conv2dPerOutput(in, 1, 1, taps, wt, bias, 4, 1, taps, 1, 1, 0, 0, false);
            assertEquals(1f, expected[0], 1e-6f, "the definition keeps the 1");
            assertArrayEquals(expected, FloatKernels.conv2d(in, 1, 1, taps, wt, bias, 4, 1, taps, 1, 1, 0, 0),
                    taps + " taps");
        }
    }

    /** Larger planes (several pixel tiles) and filter counts that leave a remainder after blocks of four. */
    @Test
    void largeConvolutionsEqualThePerOutputLoopBitForBit() {
        Random r = new Random(13);
        for (int t = 0; t < 12; t++) {
            int c = 1 + r.nextInt(6);
            int k = 1 + r.nextInt(4);
            int pad = r.nextInt(k / 2 + 1);
            int h = 10 + r.nextInt(20);
            int w = 10 + r.nextInt(20);
            int outC = 1 + r.nextInt(11);
            int s = 1 + r.nextInt(2);
            float[] in = random(r, c * h * w);
            float[] bias = t % 3 == 0 ? null : random(r, outC);
            float[] wt = random(r, outC * c * k * k);
            assertArrayEquals(conv2dPerOutput(in, c, h, w, wt, bias, outC, k, k, s, s, pad, pad, false),
                    FloatKernels.conv2d(in, c, h, w, wt, bias, outC, k, k, s, s, pad, pad), "case " + t);
        }
    }

    /**
     * A padded tap adds 0.0 * weight in the blocked kernel and nothing in the definition: the same, except for a
     * sum of -0.0 (a bias of -0.0 and only -0.0 products) and a non-finite weight (0.0 * inf is NaN). Both keep
     * the definition's result.
     */
    @Test
    void negativeZeroBiasAndNonFiniteWeightsKeepTheDefinition() {
        int c = 2;
        int h = 5;
        int w = 6;
        float[] in = new float[c * h * w];
        float[] wt = new float[6 * c * 9];
        for (int i = 0; i < wt.length; i++) {
            wt[i] = (i % 3 == 0) ? -0.5f : 0.25f;
        }
        wt[9] = Float.POSITIVE_INFINITY;
        wt[40] = Float.NEGATIVE_INFINITY;
        wt[60] = -Float.NaN;
        float[] bias = {-0.0f, -0.0f, 0.0f, -0.0f, 1.0f, -0.0f};
        // Padding on both axes, on one only (either one), and none (no padded taps: the blocked loops then give the
        // definition's result whatever the weights and bias).
        int[][] pads = {{1, 1}, {0, 1}, {1, 0}, {0, 0}};
        for (float[] x : new float[][] {in, random(new Random(3), c * h * w)}) {
            for (int[] pad : pads) {
                String at = "pad " + pad[0] + "," + pad[1];
                assertArrayEquals(conv2dPerOutput(x, c, h, w, wt, bias, 6, 3, 3, 1, 1, pad[0], pad[1], false),
                        FloatKernels.conv2d(x, c, h, w, wt, bias, 6, 3, 3, 1, 1, pad[0], pad[1]), at);
                float[] dw = java.util.Arrays.copyOf(wt, c * 9);
                float[] dwBias = {-0.0f, -0.0f};
                assertArrayEquals(conv2dPerOutput(x, c, h, w, dw, dwBias, c, 3, 3, 1, 1, pad[0], pad[1], true),
                        FloatKernels.depthwiseConv2d(x, c, h, w, dw, dwBias, 3, 3, 1, 1, pad[0], pad[1]), at);
            }
        }
        // Each kind of non-finite weight alone, beside ordinary biases, on a corner tap (padded for the corner outputs).
        for (float special : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -Float.NaN}) {
            float[] one = new float[c * 9];
            java.util.Arrays.fill(one, 0.25f);
            one[0] = special;
            float[] ones = {1.0f, 1.0f};
            float[] x = random(new Random(4), c * h * w);
            float[] oneBias = {1.0f};
            assertArrayEquals(conv2dPerOutput(x, c, h, w, one, oneBias, 1, 3, 3, 1, 1, 1, 1, false),
                    FloatKernels.conv2d(x, c, h, w, one, oneBias, 1, 3, 3, 1, 1, 1, 1), "weight " + special);
            assertArrayEquals(conv2dPerOutput(x, c, h, w, one, ones, c, 3, 3, 1, 1, 1, 1, true),
                    FloatKernels.depthwiseConv2d(x, c, h, w, one, ones, 3, 3, 1, 1, 1, 1), "weight " + special);
        }
    }

    /**
     * Many channels on narrow planes (a DS-CNN's 172 channels of 25x5), where the depthwise convolution runs along the
     * channels: values over a wide range of magnitudes, whose double sums depend on their order, so a tap taken out of
     * (ky, kx) order changes the float result; -0.0 biases and non-finite weights beside padding.
     */
    @Test
    void depthwiseOnNarrowPlanesEqualsTheDefinitionBitForBit() {
        Random r = new Random(21);
        for (int t = 0; t < 200; t++) {
            Geometry g = Geometry.random(r, 4, 8, 6, 2);
            int c = 8 + r.nextInt(200);
            float[] in = wide(r, c * g.h() * g.w());
            float[] wt = wide(r, c * g.kh() * g.kw());
            float[] bias = t % 4 == 0 ? null : wide(r, c);
            if (t % 3 == 0 && bias != null) {
                for (int ch = 0; ch < c; ch += 3) {
                    bias[ch] = -0.0f;
                }
                wt[r.nextInt(wt.length)] = Float.POSITIVE_INFINITY;
                wt[r.nextInt(wt.length)] = -Float.NaN;
            }
            assertArrayEquals(g.definition(in, c, wt, bias, c, true), g.depthwise(in, c, wt, bias), "c" + c + " " + g);
        }
    }

    /** A convolution's kernel, padding (below the kernel), input size and stride. */
    private record Geometry(int kh, int kw, int ph, int pw, int h, int w, int sh, int sw) {
        /** Kernel sides 1..maxKernel, input sides that fit the kernel plus 0..maxExtra - 1, strides 1..maxStride. */
        static Geometry random(Random r, int maxKernel, int maxExtraH, int maxExtraW, int maxStride) {
            int kh = 1 + r.nextInt(maxKernel);
            int kw = 1 + r.nextInt(maxKernel);
            int ph = r.nextInt(kh);
            int pw = r.nextInt(kw);
            int h = Math.max(1, kh - 2 * ph) + r.nextInt(maxExtraH);
            int w = Math.max(1, kw - 2 * pw) + r.nextInt(maxExtraW);
            int sh = 1 + r.nextInt(maxStride);
            int sw = 1 + r.nextInt(maxStride);
            return new Geometry(kh, kw, ph, pw, h, w, sh, sw);
        }

        float[] definition(float[] in, int c, float[] weight, float[] bias, int outC, boolean depthwise) {
            return conv2dPerOutput(in, c, h, w, weight, bias, outC, kh, kw, sh, sw, ph, pw, depthwise);
        }

        float[] conv2d(float[] in, int c, float[] weight, float[] bias, int outC) {
            return FloatKernels.conv2d(in, c, h, w, weight, bias, outC, kh, kw, sh, sw, ph, pw);
        }

        float[] depthwise(float[] in, int c, float[] weight, float[] bias) {
            return FloatKernels.depthwiseConv2d(in, c, h, w, weight, bias, kh, kw, sh, sw, ph, pw);
        }

        @Override
        public String toString() {
            return String.format("%dx%d k%dx%d s%dx%d p%dx%d", h, w, kh, kw, sh, sw, ph, pw);
        }
    }

    /**
     * As {@link #sumsTakeTheTapsInOrderWhereRoundingShows}, for the depthwise convolution along the channels (16
     * channels, one output of a 2x2 kernel): bias 2^60 and one product -2^60 among 1 and tiny ones, placed so that
     * taking the kernel's rows or its columns in another order changes the float result.
     */
    @Test
    void depthwiseAlongChannelsTakesTheTapsInOrder() {
        int c = 16;
        float[] in = new float[c * 4];
        java.util.Arrays.fill(in, 1f);
        float[] wt = new float[c * 4];
        float[] bias = new float[c];
        for (int ch = 0; ch < c; ch++) {
            float tiny = (ch + 1) * 0x1p-30f;
            // Taps (0,0), (0,1), (1,0), (1,1): the cancelling product first, or in the second row.
            float[] taps = ch % 2 == 0 ? new float[] {-0x1p60f, 1f, tiny, tiny} : new float[] {1f, tiny, -0x1p60f, tiny};
            System.arraycopy(taps, 0, wt, ch * 4, 4);
            bias[ch] = 0x1p60f;
        }
        float[] expected = conv2dPerOutput(in, c, 2, 2, wt, bias, c, 2, 2, 1, 1, 0, 0, true);
        assertEquals(1f, expected[0], 1e-6f, "the definition keeps the 1");
        assertEquals(0f, expected[1], 1e-6f, "and loses it where it comes before the cancelling product");
        assertArrayEquals(expected, FloatKernels.depthwiseConv2d(in, c, 2, 2, wt, bias, 2, 2, 1, 1, 0, 0));
    }

    /** Floats of random sign and magnitude, from about 2^-20 to 2^20. */
    private static float[] wide(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(41) - 20));
        }
        return x;
    }

    @Test
    void linearEqualsThePerOutputLoopBitForBit() {
        Random r = new Random(12);
        for (int outF = 1; outF <= 19; outF++) {
            int n = 1 + r.nextInt(300);
            float[] in = random(r, n);
            float[] wt = random(r, outF * n);
            float[] bias = outF % 2 == 0 ? random(r, outF) : null;
            float[] expected = new float[outF];
            for (int o = 0; o < outF; o++) {
                double acc = bias == null ? 0.0 : bias[o];
                for (int i = 0; i < n; i++) {
                    acc += (double) in[i] * wt[o * n + i];
                }
                expected[o] = (float) acc;
            }
            assertArrayEquals(expected, FloatKernels.linear(in, wt, bias, outF), "outF " + outF);
        }
    }
}
