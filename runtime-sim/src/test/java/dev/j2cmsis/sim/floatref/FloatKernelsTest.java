package dev.j2cmsis.sim.floatref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.data.Fixtures;
import dev.j2cmsis.sim.data.NdArray;
import dev.j2cmsis.sim.data.NpzReader;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compares the kernels with torch.nn.functional outputs stored by make_fixtures.py. */
class FloatKernelsTest {
    static final double ABS = 1e-5;
    static final double REL = 1e-4;

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = ABS + REL * Math.abs(expected[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, String.format(Locale.ROOT,
                    "%s[%d]: torch %.9g, java %.9g", what, i, expected[i], actual[i]));
        }
    }

    private static Map<String, NdArray> load(String name) throws IOException {
        return NpzReader.read(Fixtures.path("kernels/" + name + ".npz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv2d_pad1", "conv2d_stride2_odd", "conv2d_rect_nobias"})
    void conv2dMatchesTorch(String name) throws IOException {
        Map<String, NdArray> f = load(name);
        int[] p = f.get("params").toIntArray();
        NdArray out = f.get("output");
        float[] bias = p[10] == 1 ? f.get("bias").toFloatArray() : null;
        float[] y = FloatKernels.conv2d(f.get("input").toFloatArray(), p[0], p[1], p[2], f.get("weight").toFloatArray(),
                bias, p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
        assertEquals(out.dim(1), FloatKernels.outputSize(p[1], p[4], p[6], p[8]));
        assertEquals(out.dim(2), FloatKernels.outputSize(p[2], p[5], p[7], p[9]));
        assertClose(out.toFloatArray(), y, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "linear_nobias"})
    void linearMatchesTorch(String name) throws IOException {
        Map<String, NdArray> f = load(name);
        int[] p = f.get("params").toIntArray();
        float[] bias = p[2] == 1 ? f.get("bias").toFloatArray() : null;
        float[] y = FloatKernels.linear(f.get("input").toFloatArray(), f.get("weight").toFloatArray(), bias, p[1]);
        assertClose(f.get("output").toFloatArray(), y, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxpool_pad1", "maxpool_floor", "maxpool_negative_pad", "avgpool_pad_include",
        "avgpool_pad_exclude", "avgpool_floor"})
    void poolingMatchesTorch(String name) throws IOException {
        Map<String, NdArray> f = load(name);
        int[] p = f.get("params").toIntArray();
        float[] in = f.get("input").toFloatArray();
        float[] y = name.startsWith("max")
                ? FloatKernels.maxPool2d(in, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8])
                : FloatKernels.avgPool2d(in, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9] == 1);
        NdArray out = f.get("output");
        assertEquals(out.size(), y.length);
        assertClose(out.toFloatArray(), y, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "softmax_large"})
    void softmaxMatchesTorchAndIsStable(String name) throws IOException {
        Map<String, NdArray> f = load(name);
        float[] in = f.get("input").toFloatArray();
        float[] y = FloatKernels.softmax(in);
        assertClose(f.get("output").toFloatArray(), y, name);
        assertEquals(in[0], f.get("input").toFloatArray()[0], "softmax must not modify its input");
    }

    /** Sizes as torch.nn.MaxPool2d(..., ceil_mode=True) reports them (checked with PyTorch 2.x by hand). */
    @Test
    void ceilModeOutputSizes() {
        assertEquals(16, FloatKernels.poolOutputSize(32, 3, 2, 0, true));   // Caffe's CIFAR-10 pools
        assertEquals(15, FloatKernels.poolOutputSize(32, 3, 2, 0, false));
        assertEquals(4, FloatKernels.poolOutputSize(6, 3, 2, 1, true));
        // The 4th window would start in the right padding: PyTorch drops it.
        assertEquals(3, FloatKernels.poolOutputSize(5, 2, 2, 1, true));
        assertEquals(14, FloatKernels.poolOutputSize(28, 2, 2, 0, true));   // exact division: no change
    }

    /** 4x4 of 1..16 with k3 s2 in ceil mode: the clipped last windows average only what they cover. */
    @Test
    void ceilModeWindowsAreClipped() {
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
        }
        assertArrayEquals(new float[] {11, 12, 15, 16}, FloatKernels.maxPool2d(x, 1, 4, 4, 3, 3, 2, 2, 0, 0, true));
        // torch.nn.functional.avg_pool2d(x, 3, 2, ceil_mode=True): (3+4+7+8+11+12) / 6 = 7.5 for the top right.
        assertArrayEquals(new float[] {6, 7.5f, 12, 13.5f},
                FloatKernels.avgPool2d(x, 1, 4, 4, 3, 3, 2, 2, 0, 0, true, true));
    }

    @Test
    void reluMatchesTorchInPlace() throws IOException {
        Map<String, NdArray> f = load("relu");
        float[] x = f.get("input").toFloatArray();
        assertTrue(FloatKernels.relu(x) == x);
        assertArrayEquals(f.get("output").toFloatArray(), x);
        float[] nan = {Float.NaN, -1f};
        FloatKernels.relu(nan);
        assertTrue(Float.isNaN(nan[0]));
        // The definition "v < 0 ? 0 : v" bit for bit, signed zeros and the smallest values included.
        float[] edge = {-0f, 0f, -Float.MIN_VALUE, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
            -3.5f, 3.5f, -Float.MAX_VALUE, Float.MAX_VALUE, Float.intBitsToFloat(0xffc00000),
            Float.intBitsToFloat(0xff800001), Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xffffffff)};
        float[] expected = edge.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expected[i] < 0f ? 0f : expected[i];
        }
        FloatKernels.relu(edge);
        for (int i = 0; i < edge.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(edge[i]), "element " + i);
        }
    }

    @Test
    void maxPoolKeepsTorchsRuleOnSignedZerosAndNaNs() {
        java.util.Random r = new java.util.Random(5);
        float[] pool = {0f, -0f, -1f, 2f, Float.NaN, Float.intBitsToFloat(0x7fc00001), -3f,
                Float.intBitsToFloat(0xffc00000), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
        for (int round = 0; round < 3000; round++) {
            int c = 1 + r.nextInt(2);
            int h = 1 + r.nextInt(5);
            int w = 1 + r.nextInt(5);
            int k = 1 + r.nextInt(3);
            int s = 1 + r.nextInt(2);
            int pad = r.nextInt(k / 2 + 1);
            if (k > h + 2 * pad || k > w + 2 * pad) {
                continue;
            }
            float[] in = new float[c * h * w];
            for (int i = 0; i < in.length; i++) {
                in[i] = pool[r.nextInt(r.nextInt(4) == 0 ? pool.length : 3)];
            }
            int oh = FloatKernels.poolOutputSize(h, k, s, pad, false);
            int ow = FloatKernels.poolOutputSize(w, k, s, pad, false);
            float[] got = FloatKernels.maxPool2d(in, c, h, w, k, k, s, s, pad, pad);
            for (int ci = 0; ci < c; ci++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float m = Float.NEGATIVE_INFINITY;   // PyTorch's CPU kernel: (v > m) || isnan(v)
                        for (int y = Math.max(0, oy * s - pad); y < Math.min(h, oy * s - pad + k); y++) {
                            for (int x = Math.max(0, ox * s - pad); x < Math.min(w, ox * s - pad + k); x++) {
                                float v = in[(ci * h + y) * w + x];
                                if (v > m || Float.isNaN(v)) {
                                    m = v;
                                }
                            }
                        }
                        assertEquals(Float.floatToRawIntBits(m), Float.floatToRawIntBits(
                                got[(ci * oh + oy) * ow + ox]), "round " + round);
                    }
                }
            }
        }
    }

    @Test
    void argmaxTakesFirstOfTiesLikeTorch() throws IOException {
        Map<String, NdArray> f = load("argmax_ties");
        assertEquals((int) f.get("output").getDouble(0), FloatKernels.argmax(f.get("input").toFloatArray()));
        assertEquals(1, FloatKernels.argmax(new float[] {0f, 2f, 2f}));
        assertEquals(2, FloatKernels.argmax(new float[] {5f, 6f, Float.NaN, 7f, Float.NaN}));
        assertEquals(3, FloatKernels.argmax(new byte[] {-128, -5, 3, 127, 127}));
        assertEquals(0, FloatKernels.argmax(new byte[] {-1, -1, -2}));
    }

    @Test
    void argumentErrorsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FloatKernels.conv2d(new float[10], 1, 3, 3, new float[9], null, 1, 3, 3, 1, 1, 0, 0));
        assertTrue(e.getMessage().contains("input has 10 values but c*h*w = 9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FloatKernels.maxPool2d(new float[9], 1, 3, 3, 2, 2, 1, 1, 2, 0));
        assertTrue(e.getMessage().contains("at most half the kernel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FloatKernels.outputSize(2, 5, 1, 1));
        assertTrue(e.getMessage().contains("larger than the padded input"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FloatKernels.linear(new float[3], new float[5], null, 2));
        assertThrows(IllegalArgumentException.class, () -> FloatKernels.softmax(new float[0]));
        assertThrows(IllegalArgumentException.class, () -> FloatKernels.argmax(new float[0]));
    }
}
