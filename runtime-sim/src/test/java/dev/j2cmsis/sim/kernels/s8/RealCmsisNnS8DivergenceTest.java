package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.kernels.s8.RealCmsisNnS8Builds.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Where a core's CMSIS-NN v7.0.0 path computes other bytes than its plain C, pinned on the real library: the real
 * core differs from the real host build, and the Java told that core's {@link S8Target} reproduces the core (told
 * {@link S8Target#PLAIN_C}, the host). The planner of the s8 networks avoids these configurations.
 * <ul>
 * <li>Cortex-M55 (MVE) {@code arm_convolve_1_x_n_s8}, VALID 1xN convs that leave input columns unused (semantics
 * notes §5.4): odd negative total pad gives wrong bytes, even returns {@code ARM_CMSIS_NN_FAILURE}.</li>
 * <li>Cortex-M55 (MVE) {@code arm_convolve_1_x_n_s8} with two or more padding columns on the right (TFLite SAME with
 * a total pad of 3 or more, e.g. kernel 6, stride 4): the right-padded column sums bytes past the input row (inside
 * a batch the next image's pixels, after the last image memory past the input buffer, which no simulator can know);
 * the Java refuses these with an IllegalArgumentException.</li>
 * <li>Cortex-M55 (MVE) {@code arm_fully_connected_per_channel_s8} with a non-zero {@code filter_offset}: each block
 * of four output channels is requantized with one multiplier and shift. Found here; TFLite weights have none.</li>
 * <li>Cortex-M4 (DSP) {@code arm_elementwise_add_s8} with {@code left_shift < 16} (§10.1); TFLite uses 20.</li>
 * <li>Cortex-M55: the {@code _dsp} buffer-size variant called on an MVE build returns MVE sizes (it calls the build's
 * {@code arm_convolve_s8_get_buffer_size}); the variants are host-side tools.</li>
 * </ul>
 * The cases are selected by their parameters ({@link MveOneByNGeometry}, {@code left_shift}), never by the Java's
 * output; the Java's own predicate {@code arm_convolve_1_x_n_s8_mve_exact} must call every MVE 1xN case here
 * inexact. Skipped, with the reason, when {@code CMSIS_NN_PATH} is unset or the ARM toolchain or QEMU is missing.
 */
class RealCmsisNnS8DivergenceTest {

    private static final S8Rounding R = S8Rounding.DOUBLE;

    @Test
    void mveOneByNValidWithUnusedColumnsDiffersFromPlainC() throws Exception {
        List<S8Case> cases = new ArrayList<>();
        Random rnd = new Random(0x1A5E_0001L);
        // the four configurations of the semantics notes §5.4 (W, C, KW, stride, OW), as the kernel and via the wrapper
        int[][] known = {{6, 4, 2, 3, 2}, {7, 4, 2, 2, 3}, {5, 8, 2, 2, 2}, {5, 8, 3, 3, 1}};
        for (int[] k : known) {
            for (S8Function f : List.of(S8Function.CONVOLVE_1_X_N, S8Function.CONVOLVE_WRAPPER)) {
                cases.add(oneByN(rnd, f, 1, k[0], k[1], k[2], k[3], 0, k[4]));
            }
        }
        int explicit = cases.size();
        cases.addAll(select(S8Function.CONVOLVE_1_X_N, 3000, 0x1A5E_0002L,
                c -> MveOneByNGeometry.of(c).validWrongTap() || MveOneByNGeometry.of(c).failure()));
        boolean[] differs = bothMatchJava(Platform.CORTEX_M55, cases, "div-1xn-valid");
        int differ = 0;
        int failures = 0;
        for (int i = 0; i < cases.size(); i++) {
            S8Case c = cases.get(i);
            assertFalse(mveExact(c), "arm_convolve_1_x_n_s8_mve_exact should be false: " + c.describe());
            differ += differs[i] ? 1 : 0;
            // the Java's status, which bothMatchJava has shown to be the M55's
            boolean failed = S8JavaKernels.run(c, S8Target.MVE, R).status() == NnSupportS8.ARM_CMSIS_NN_FAILURE;
            failures += failed ? 1 : 0;
            if (i < explicit) {
                assertTrue(differs[i], "the M55 should differ from plain C on " + c.describe());
                assertEquals(MveOneByNGeometry.of(c).failure(), failed, c.describe());
            }
        }
        System.out.println("[s8 divergence] MVE 1xN VALID with unused columns: " + differ + " of " + cases.size()
                + " cases differ from plain C on the real Cortex-M55 (" + failures + " return ARM_CMSIS_NN_FAILURE); "
                + "Java(MVE) == M55 and Java(PLAIN_C) == host on all");
    }

    @Test
    void mveOneByNWithTwoRightPaddingColumnsReadsPastTheRow() throws Exception {
        List<S8Case> cases = new ArrayList<>();
        Random rnd = new Random(0x1A5E_0003L);
        // TFLite SAME, W 11, kernel 6, stride 4: total pad 3, one column left, two right; two images, so the first
        // image's right column reads the second image's first pixel (deterministic)
        for (int i = 0; i < 4; i++) {
            cases.add(oneByN(rnd, S8Function.CONVOLVE_1_X_N, 2, 11, 1, 6, 4, 1, 3));
            cases.add(oneByN(rnd, S8Function.CONVOLVE_WRAPPER, 2, 11, 1, 6, 4, 1, 3));
        }
        int explicit = cases.size();
        cases.addAll(select(S8Function.CONVOLVE_1_X_N, 2000, 0x1A5E_0004L, c -> MveOneByNGeometry.of(c).readsPastRow()));
        cases.addAll(select(S8Function.CONVOLVE_WRAPPER, 3000, 0x1A5E_0005L,
                c -> MveOneByNGeometry.of(c).readsPastRow()));
        List<S8Case.Result> m55 = run(Platform.CORTEX_M55, cases, "div-1xn-past");
        List<S8Case.Result> host = run(Platform.HOST, cases, "div-1xn-past");
        int differ = 0;
        for (int i = 0; i < cases.size(); i++) {
            S8Case c = cases.get(i);
            assertSame(S8JavaKernels.run(c, S8Target.PLAIN_C, R), host.get(i), "Java(PLAIN_C) vs host", c);
            // the last image's right column sums memory past the input buffer: the Java refuses to guess
            assertThrows(IllegalArgumentException.class, () -> S8JavaKernels.run(c, S8Target.MVE, R), c.describe());
            assertFalse(mveExact(c), "arm_convolve_1_x_n_s8_mve_exact should be false: " + c.describe());
            boolean different = !same(m55.get(i), host.get(i));
            differ += different ? 1 : 0;
            if (i < explicit) {
                int perImage = c.p()[10] * c.p()[11];
                byte[] firstImageM55 = Arrays.copyOf(m55.get(i).out(), perImage);
                byte[] firstImageHost = Arrays.copyOf(host.get(i).out(), perImage);
                assertFalse(Arrays.equals(firstImageM55, firstImageHost),
                        "the first image's right column should differ from plain C: " + c.describe());
            }
        }
        System.out.println("[s8 divergence] MVE 1xN with >= 2 right padding columns: " + differ + " of "
                + cases.size() + " cases differ from plain C on the real Cortex-M55; Java(MVE) refuses all "
                + "(IllegalArgumentException: the sum reads past the input), Java(PLAIN_C) == host on all");
    }

    @Test
    void dspAddWithSmallLeftShiftDiffersFromPlainC() throws Exception {
        List<S8Case> small = select(S8Function.ADD, 2000, 0x1A5E_0006L, c -> c.p()[7] < 16);
        List<S8Case> tflite = select(S8Function.ADD, 200, 0x1A5E_0007L, c -> c.p()[7] == 20);
        List<S8Case> cases = new ArrayList<>(small);
        cases.addAll(tflite);
        boolean[] differs = bothMatchJava(Platform.CORTEX_M4, cases, "div-add");
        int differ = 0;
        for (int i = 0; i < cases.size(); i++) {
            if (i < small.size()) {
                differ += differs[i] ? 1 : 0;
            } else {
                assertFalse(differs[i], "left_shift 20 must not differ: " + cases.get(i).describe());
            }
        }
        assertTrue(differ > small.size() / 2, differ + " of " + small.size());
        System.out.println("[s8 divergence] DSP add, left_shift 8: " + differ + " of " + small.size()
                + " cases differ from plain C on the real Cortex-M4, left_shift 20: 0 of " + tflite.size()
                + "; Java(DSP) == M4 and Java(PLAIN_C) == host on all");
    }

    @Test
    void mvePerChannelFullyConnectedWithFilterOffsetRequantizesFourRowsWithOneMultiplier() throws Exception {
        // v7.0.0 arm_nn_vec_mat_mult_t_per_ch_s8, MVE, rhs_offset != 0: arm_requantize_mve(acc, *dst_multiplier++, ...)
        // once per block of four rows. TFLite weights have no offset; the generator draws some.
        List<S8Case> cases = select(S8Function.FULLY_CONNECTED_PER_CHANNEL, 600, 0x1A5E_0009L,
                c -> c.p()[14] != 0 && c.p()[11] >= 4 && c.p()[23] == 0);
        int differ = 0;
        for (boolean d : bothMatchJava(Platform.CORTEX_M55, cases, "div-fc")) {
            differ += d ? 1 : 0;
        }
        assertTrue(differ > cases.size() / 2, differ + " of " + cases.size());
        System.out.println("[s8 divergence] MVE per-channel FC with filter_offset != 0: " + differ + " of "
                + cases.size() + " cases differ from plain C on the real Cortex-M55; Java(MVE) == M55 and "
                + "Java(PLAIN_C) == host on all");
    }

    @Test
    void dspBufferSizeVariantOnAnMveBuildReturnsMveSizes() throws Exception {
        // generic convs (3x3 filters) so that the variants take their arm_convolve_s8_get_buffer_size branch
        List<S8Case> cases = select(S8Function.BUFFER_SIZE_VARIANTS, 400, 0x1A5E_0008L,
                c -> c.p()[5] == 3 && c.p()[6] == 3 && c.p()[1] > 1);
        List<S8Case.Result> m55 = run(Platform.CORTEX_M55, cases, "div-sizes");
        List<S8Case.Result> host = run(Platform.HOST, cases, "div-sizes");
        int differ = 0;
        for (int i = 0; i < cases.size(); i++) {
            S8Case c = cases.get(i);
            assertSame(S8JavaKernels.run(c, S8Target.PLAIN_C, R), host.get(i), "Java vs host", c);
            CmsisDims in = S8JavaKernels.dims(c.p(), 0);
            CmsisDims f = S8JavaKernels.dims(c.p(), 4);
            int dspOnM55 = intAt(m55.get(i).out(), 0);
            assertEquals(ArmConvolveS8.arm_convolve_s8_get_buffer_size(S8Target.MVE, in, f), dspOnM55, c.describe());
            differ += dspOnM55 != intAt(host.get(i).out(), 0) ? 1 : 0;
        }
        assertTrue(differ > 0, "no case where the M55's _dsp size differs from the host's");
        System.out.println("[s8 divergence] arm_convolve_wrapper_s8_get_buffer_size_dsp on the Cortex-M55 build: the "
                + "MVE size in " + cases.size() + " of " + cases.size() + " generic convs (" + differ
                + " differ from the host's DSP size)");
    }

    // ---------------------------------------------------------------------------------------------

    /** A 1xN conv case: n images of 1 x w x c, filter [outC][1][kw][c], stride sx, left pad px, output width ow. */
    private static S8Case oneByN(Random rnd, S8Function f, int n, int w, int c, int kw, int sx, int px, int ow) {
        int outC = 3;
        int[] p = new int[S8Case.PARAMS];
        int[] dims = {n, 1, w, c, outC, 1, kw, c, n, 1, ow, outC};
        System.arraycopy(dims, 0, p, 0, dims.length);
        // moderate offsets and scales keep the outputs off the clamps, so a wrong tap shows in the bytes
        p[12] = rnd.nextInt(61) - 30; // input offset = -zero point
        p[13] = rnd.nextInt(41) - 20;
        p[14] = sx;
        p[15] = 1;
        p[16] = px;
        p[18] = 1;
        p[19] = 1;
        p[20] = -128;
        p[21] = 127;
        int[] bias = new int[outC];
        int[] mult = new int[outC];
        int[] shift = new int[outC];
        for (int o = 0; o < outC; o++) {
            bias[o] = rnd.nextInt(2001) - 1000;
            mult[o] = (1 << 30) + rnd.nextInt(1 << 30);
            shift[o] = -8 - rnd.nextInt(3);
        }
        byte[] a = new byte[n * w * c];
        byte[] b = new byte[outC * kw * c];
        rnd.nextBytes(a);
        rnd.nextBytes(b);
        return new S8Case(f, p, a, b, bias, mult, shift, n * ow * outC);
    }

    private interface Filter {
        boolean test(S8Case c);
    }

    private static List<S8Case> select(S8Function f, int draws, long seed, Filter filter) {
        List<S8Case> out = new ArrayList<>();
        for (S8Case c : new S8CaseGenerator(seed).cases(f, draws)) {
            if (filter.test(c)) {
                out.add(c);
            }
        }
        assertFalse(out.isEmpty(), "the generator produced no " + f + " case of the pinned kind in " + draws);
        return out;
    }

    /**
     * Runs {@code cases} on the real {@code core} and the real host build, asserts Java told the core's target ==
     * the core and Java(PLAIN_C) == the host on every case, and returns for each case whether core and host differ.
     */
    private static boolean[] bothMatchJava(Platform core, List<S8Case> cases, String label) throws Exception {
        List<S8Case.Result> onCore = run(core, cases, label);
        List<S8Case.Result> host = run(Platform.HOST, cases, label);
        boolean[] differs = new boolean[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            S8Case c = cases.get(i);
            assertSame(S8JavaKernels.run(c, core.target, R), onCore.get(i), "Java(" + core.target + ") vs "
                    + core.label, c);
            assertSame(S8JavaKernels.run(c, S8Target.PLAIN_C, R), host.get(i), "Java(PLAIN_C) vs host", c);
            differs[i] = !same(onCore.get(i), host.get(i));
        }
        return differs;
    }

    private static List<S8Case.Result> run(Platform platform, List<S8Case> cases, String label) throws Exception {
        return S8Driver.run(RealCmsisNnS8Builds.driver(platform, R), cases, label + "-" + platform.tag());
    }

    /** The Java's own predicate for the geometries where the MVE kernel computes TFLite's convolution. */
    private static boolean mveExact(S8Case c) {
        return ArmConvolveS8.arm_convolve_1_x_n_s8_mve_exact(S8JavaKernels.convParams(c.p()),
                S8JavaKernels.dims(c.p(), 0), S8JavaKernels.dims(c.p(), 4), S8JavaKernels.dims(c.p(), 8));
    }

    private static boolean same(S8Case.Result a, S8Case.Result b) {
        return a.status() == b.status() && Arrays.equals(a.out(), b.out());
    }

    private static void assertSame(S8Case.Result expected, S8Case.Result actual, String what, S8Case c) {
        assertEquals(expected.status(), actual.status(), what + " status: " + c.describe());
        assertArrayEquals(expected.out(), actual.out(), what + ": " + c.describe());
    }

    private static int intAt(byte[] b, int index) {
        int o = 4 * index;
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
