package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pins where CMSIS-NN v7.0.0's result depends on the target, and the per-target dispatch, argument checks and
 * scratch sizes, with expectations computed by hand from the v7.0.0 sources. The same Java targets were compared
 * with the real CMSIS-NN v7.0.0 built for a Cortex-M4 (QEMU mps2-an386) and a Cortex-M55 (QEMU mps3-an547) on the
 * generator's cases; those runs are the other s8 tests' business, these pins keep the modelled differences from
 * silently disappearing.
 */
class TargetDifferencesS8Test {

    private final Random rnd = new Random(0x5_D1FFL);

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** A 1xN conv case (in.h = 1, VALID unless {@code pad > 0}), multiplier ~2^-8 so every tap shows in the bytes. */
    private S8Case oneByN(int w, int c, int kw, int stride, int pad, int outW, int outC) {
        int[] p = new int[S8Case.PARAMS];
        int[] dims = {1, 1, w, c, outC, 1, kw, c, 1, 1, outW, outC};
        System.arraycopy(dims, 0, p, 0, 12);
        p[12] = 3;
        p[13] = -2;
        p[14] = stride;
        p[15] = 1;
        p[16] = pad;
        p[18] = 1;
        p[19] = 1;
        p[20] = -128;
        p[21] = 127;
        int[] mult = new int[outC];
        int[] shift = new int[outC];
        Arrays.fill(mult, 1 << 30);
        Arrays.fill(shift, -6);
        return new S8Case(S8Function.CONVOLVE_WRAPPER, p, bytes(w * c), bytes(outC * kw * c), new int[outC], mult,
                shift, outW * outC);
    }

    private static boolean exact(S8Case c) {
        int[] p = c.p();
        return ArmConvolveS8.arm_convolve_1_x_n_s8_mve_exact(S8JavaKernels.convParams(p), S8JavaKernels.dims(p, 0),
                S8JavaKernels.dims(p, 4), S8JavaKernels.dims(p, 8));
    }

    @Test
    void mveOneByNValidWithOddNegativeTotalPadPadsTheLastColumn() {
        // The three wrong-byte geometries of the semantics notes (QEMU mps3-an547): W, C, KW, stride, OW.
        int[][] geometries = {{6, 4, 2, 3, 2}, {7, 4, 2, 2, 3}, {5, 8, 2, 2, 2}};
        for (int[] g : geometries) {
            S8Case c = oneByN(g[0], g[1], g[2], g[3], 0, g[4], 5);
            assertEquals(ArmConvolveS8.Kernel.CONVOLVE_1_X_N_S8, ArmConvolveS8.arm_convolve_wrapper_s8_kernel(
                    S8Target.MVE, S8JavaKernels.convParams(c.p()), S8JavaKernels.dims(c.p(), 0),
                    S8JavaKernels.dims(c.p(), 4)));
            assertFalse(exact(c), Arrays.toString(g));
            S8Case.Result plain = S8JavaKernels.run(c, S8Target.PLAIN_C, S8Rounding.DOUBLE);
            S8Case.Result mve = S8JavaKernels.run(c, S8Target.MVE, S8Rounding.DOUBLE);
            assertEquals(0, mve.status());
            int lastCol = (g[4] - 1) * 5;
            assertArrayEquals(Arrays.copyOf(plain.out(), lastCol), Arrays.copyOf(mve.out(), lastCol),
                    "only the last output column differs");
            // The last column sees its first KW-1 taps and one padding tap: zero its last input column.
            byte[] a = c.a().clone();
            int lastTapCol = (g[4] - 1) * g[3] + g[2] - 1;
            for (int k = 0; k < g[1]; k++) {
                a[lastTapCol * g[1] + k] = (byte) -3; // x + input_offset == 0
            }
            S8Case zeroed = new S8Case(c.function(), c.p(), a, c.b(), c.bias(), c.mult(), c.shift(), c.outLen());
            assertArrayEquals(S8JavaKernels.run(zeroed, S8Target.PLAIN_C, S8Rounding.DOUBLE).out(), mve.out());
            assertNotEquals(Arrays.toString(plain.out()), Arrays.toString(mve.out()));
        }
    }

    @Test
    void mveOneByNValidWithEvenNegativeTotalPadFails() {
        S8Case c = oneByN(5, 8, 3, 3, 0, 1, 4); // total pad (1-1)*3 + 3 - 5 = -2
        assertFalse(exact(c));
        assertEquals(NnSupportS8.ARM_CMSIS_NN_FAILURE, S8JavaKernels.run(c, S8Target.MVE, S8Rounding.DOUBLE).status());
        assertEquals(0, S8JavaKernels.run(c, S8Target.PLAIN_C, S8Rounding.DOUBLE).status());
        assertEquals(0, S8JavaKernels.run(c, S8Target.DSP, S8Rounding.DOUBLE).status());
    }

    @Test
    void mveOneByNSameWithTwoRightPadColumnsPerRowUsesAStaleColumn() {
        // W 8, K 7, stride 2, SAME: OW 4, total pad 5, pad 2; the second right-padded row reads a buffer column the
        // right part never wrote, left over from the left part (input column 6 instead of padding).
        S8Case c = oneByN(8, 4, 7, 2, 2, 4, 3);
        assertFalse(exact(c));
        S8Case.Result plain = S8JavaKernels.run(c, S8Target.PLAIN_C, S8Rounding.DOUBLE);
        S8Case.Result mve = S8JavaKernels.run(c, S8Target.MVE, S8Rounding.DOUBLE);
        assertEquals(0, mve.status());
        assertArrayEquals(Arrays.copyOf(plain.out(), 9), Arrays.copyOf(mve.out(), 9), "columns 0..2 agree");
        assertNotEquals(Arrays.toString(plain.out()), Arrays.toString(mve.out()));
        // W 10, K 6, stride 4, pad 2: the right part copies one column past the input.
        S8Case past = oneByN(10, 2, 6, 4, 2, 3, 5);
        assertFalse(exact(past));
        assertThrows(IllegalArgumentException.class, () -> S8JavaKernels.run(past, S8Target.MVE, S8Rounding.DOUBLE));
    }

    @Test
    void mveOneByNIsExactForOrdinarySameAndFullValidGeometries() {
        S8Case[] cases = {oneByN(8, 4, 3, 1, 1, 8, 6), oneByN(9, 4, 3, 2, 0, 4, 3), oneByN(12, 2, 6, 2, 0, 4, 4),
            oneByN(7, 4, 2, 2, 0, 4, 2)};
        for (S8Case c : cases) {
            assertTrue(exact(c), c.describe());
            assertArrayEquals(S8JavaKernels.run(c, S8Target.PLAIN_C, S8Rounding.DOUBLE).out(),
                    S8JavaKernels.run(c, S8Target.MVE, S8Rounding.DOUBLE).out(), c.describe());
        }
    }

    @Test
    void dspAddDiffersFromPlainCOnlyForSmallLeftShifts() {
        S8CaseGenerator gen = new S8CaseGenerator(0x5_ADDL);
        int differing = 0;
        for (int i = 0; i < 400; i++) {
            S8Case c = gen.next(S8Function.ADD, i);
            byte[] plain = S8JavaKernels.run(c, S8Target.PLAIN_C, S8Rounding.DOUBLE).out();
            byte[] dsp = S8JavaKernels.run(c, S8Target.DSP, S8Rounding.DOUBLE).out();
            byte[] mve = S8JavaKernels.run(c, S8Target.MVE, S8Rounding.DOUBLE).out();
            assertArrayEquals(plain, mve);
            int simd = c.p()[0] & ~3;
            // The tail (block_size % 4 elements) takes the plain-C formula on DSP too.
            assertArrayEquals(Arrays.copyOfRange(plain, simd, plain.length), Arrays.copyOfRange(dsp, simd, dsp.length));
            if (c.p()[7] >= 16) {
                assertArrayEquals(plain, dsp, c.describe());
            } else if (!Arrays.equals(plain, dsp)) {
                differing++;
            }
        }
        assertTrue(differing > 10, "left_shift 8 changed only " + differing + " of 40 cases");
    }

    @Test
    void mveFullyConnectedReadsKernelSumsAndIgnoresTheBiasArgument() {
        S8Case c = new S8CaseGenerator(0x5_FCL).next(S8Function.FULLY_CONNECTED_PER_CHANNEL, 0);
        int[] p = c.p();
        FcParams fp = new FcParams(p[12], 0, p[13], new CmsisActivation(p[20], p[21]));
        CmsisDims in = S8JavaKernels.dims(p, 0);
        CmsisDims f = S8JavaKernels.dims(p, 4);
        CmsisDims od = S8JavaKernels.dims(p, 8);
        PerChannelQuantParams q = new PerChannelQuantParams(c.mult(), c.shift());
        int[] bias = c.bias() == null ? new int[od.c()] : c.bias();
        int[] sums = new int[od.c()];
        ArmFullyConnectedS8.arm_vector_sum_s8(sums, f.n(), od.c(), c.b(), 0, fp.inputOffset(), fp.filterOffset(), bias);
        byte[] plain = new byte[c.outLen()];
        byte[] mve = new byte[c.outLen()];
        byte[] mveGarbageBias = new byte[c.outLen()];
        assertEquals(0, ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(S8Target.PLAIN_C, S8Rounding.DOUBLE,
                null, fp, q, in, c.a(), 0, f, c.b(), 0, bias, od, plain, 0));
        assertEquals(0, ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(S8Target.MVE, S8Rounding.DOUBLE, sums,
                fp, q, in, c.a(), 0, f, c.b(), 0, bias, od, mve, 0));
        int[] garbage = new int[od.c()];
        Arrays.fill(garbage, 123456789);
        assertEquals(0, ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(S8Target.MVE, S8Rounding.DOUBLE, sums,
                fp, q, in, c.a(), 0, f, c.b(), 0, garbage, od, mveGarbageBias, 0));
        assertArrayEquals(plain, mve);
        assertArrayEquals(plain, mveGarbageBias);
        assertEquals(NnSupportS8.ARM_CMSIS_NN_ARG_ERROR, ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(
                S8Target.MVE, S8Rounding.DOUBLE, null, fp, q, in, c.a(), 0, f, c.b(), 0, bias, od, mve, 0));
        // Sums of 0 instead of bias + offset*sum(w): a different result on MVE only.
        byte[] noSums = new byte[c.outLen()];
        ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(S8Target.MVE, S8Rounding.DOUBLE, new int[od.c()], fp,
                q, in, c.a(), 0, f, c.b(), 0, bias, od, noSums, 0);
        assertFalse(Arrays.equals(plain, noSums) && Arrays.stream(sums).anyMatch(s -> s != 0));
    }

    @Test
    void mvePerChannelFullyConnectedWithFilterOffsetReusesMultipliers() {
        // 9 rows: rows 0-3 use multiplier 0, rows 4-7 multiplier 1, row 8 multiplier 2 (v7.0.0 MVE).
        int[] expected = {0, 0, 0, 0, 1, 1, 1, 1, 2};
        for (int o = 0; o < 9; o++) {
            assertEquals(expected[o], ArmFullyConnectedS8.mveRhsOffsetQuantIndex(o, 9));
        }
        int k = 8;
        int rows = 6;
        byte[] in = bytes(k);
        byte[] w = bytes(k * rows);
        int[] mult = {1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30};
        int[] shift = {-4, -5, -6, -7, -8, -9};
        PerChannelQuantParams q = new PerChannelQuantParams(mult, shift);
        CmsisDims inD = new CmsisDims(1, 1, 1, k);
        CmsisDims fD = new CmsisDims(k, 1, 1, rows);
        CmsisDims oD = new CmsisDims(1, 1, 1, rows);
        int[] bias = new int[rows];
        for (int fo : new int[] {0, 2}) {
            FcParams fp = new FcParams(5, fo, 0, CmsisActivation.NONE);
            int[] sums = new int[rows];
            ArmFullyConnectedS8.arm_vector_sum_s8(sums, k, rows, w, 0, 5, fo, bias);
            byte[] plain = new byte[rows];
            byte[] mve = new byte[rows];
            ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(S8Target.PLAIN_C, S8Rounding.DOUBLE, null, fp, q,
                    inD, in, 0, fD, w, 0, bias, oD, plain, 0);
            ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(S8Target.MVE, S8Rounding.DOUBLE, sums, fp, q, inD,
                    in, 0, fD, w, 0, bias, oD, mve, 0);
            if (fo == 0) {
                assertArrayEquals(plain, mve);
            } else {
                assertEquals(plain[0], mve[0]); // row 0 has its own multiplier either way
                // Row 1 is requantized with shift[0] = -4 instead of -5 on MVE.
                PerChannelQuantParams shifted = new PerChannelQuantParams(mult,
                        new int[] {-4, -4, -4, -4, -5, -6});
                byte[] expectedMve = new byte[rows];
                ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(S8Target.PLAIN_C, S8Rounding.DOUBLE, null, fp,
                        shifted, inD, in, 0, fD, w, 0, bias, oD, expectedMve, 0);
                assertArrayEquals(expectedMve, mve);
            }
        }
    }

    private static ConvParams conv(int sw, int sh, int pw, int ph, int dw, int dh) {
        return new ConvParams(0, 0, new CmsisTile(sw, sh), new CmsisTile(pw, ph), new CmsisTile(dw, dh),
                CmsisActivation.NONE);
    }

    private static DwConvParams dw(int mult, int pw, int ph, int dil) {
        return new DwConvParams(0, 0, mult, new CmsisTile(1, 1), new CmsisTile(pw, ph), new CmsisTile(dil, dil),
                CmsisActivation.NONE);
    }

    @Test
    void convWrapperDispatchIsTheSameOnEveryTarget() {
        CmsisDims in = new CmsisDims(1, 5, 5, 8);
        CmsisDims row = new CmsisDims(1, 1, 9, 4);
        Object[][] table = {
            {conv(1, 1, 0, 0, 1, 1), in, new CmsisDims(3, 1, 1, 8), ArmConvolveS8.Kernel.CONVOLVE_1X1_S8_FAST},
            {conv(2, 1, 0, 0, 1, 1), in, new CmsisDims(3, 1, 1, 8), ArmConvolveS8.Kernel.CONVOLVE_1X1_S8},
            {conv(1, 1, 1, 0, 1, 1), in, new CmsisDims(3, 1, 1, 8), ArmConvolveS8.Kernel.CONVOLVE_S8},
            {conv(1, 1, 0, 0, 2, 1), in, new CmsisDims(3, 1, 1, 8), ArmConvolveS8.Kernel.CONVOLVE_S8},
            {conv(1, 1, 0, 0, 1, 1), in, new CmsisDims(3, 1, 1, 4), ArmConvolveS8.Kernel.CONVOLVE_S8}, // grouped
            {conv(1, 1, 1, 0, 1, 1), row, new CmsisDims(3, 1, 3, 4), ArmConvolveS8.Kernel.CONVOLVE_1_X_N_S8},
            {conv(1, 1, 1, 0, 1, 1), new CmsisDims(1, 1, 9, 3), new CmsisDims(3, 1, 3, 3),
                ArmConvolveS8.Kernel.CONVOLVE_S8}, // stride.w * in.c = 3, not a multiple of 4
            {conv(1, 1, 1, 1, 1, 1), in, new CmsisDims(3, 3, 3, 8), ArmConvolveS8.Kernel.CONVOLVE_S8},
        };
        for (Object[] t : table) {
            for (S8Target target : S8Target.values()) {
                assertEquals(t[3], ArmConvolveS8.arm_convolve_wrapper_s8_kernel(target, (ConvParams) t[0],
                        (CmsisDims) t[1], (CmsisDims) t[2]), Arrays.toString(t) + " " + target);
            }
        }
    }

    @Test
    void depthwiseWrapperDispatchDependsOnTheTarget() {
        CmsisDims in = new CmsisDims(1, 6, 6, 8);
        CmsisDims f3 = new CmsisDims(1, 3, 3, 8);
        CmsisDims out = new CmsisDims(1, 6, 6, 8);
        ArmDepthwiseConvS8.Kernel k3 = ArmDepthwiseConvS8.Kernel.DEPTHWISE_CONV_3X3_S8;
        ArmDepthwiseConvS8.Kernel opt = ArmDepthwiseConvS8.Kernel.DEPTHWISE_CONV_S8_OPT;
        ArmDepthwiseConvS8.Kernel gen = ArmDepthwiseConvS8.Kernel.DEPTHWISE_CONV_S8;
        assertEquals(k3, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.PLAIN_C, dw(1, 1, 1, 1), in,
                f3, out));
        assertEquals(k3, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.DSP, dw(1, 1, 1, 1), in, f3,
                out));
        assertEquals(opt, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.MVE, dw(1, 1, 1, 1), in, f3,
                out));
        assertEquals(opt, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.DSP, dw(1, 2, 1, 1), in, f3,
                out));
        assertEquals(gen, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.DSP, dw(1, 1, 1, 2), in, f3,
                out));
        assertEquals(gen, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.MVE, dw(2, 1, 1, 1), in,
                new CmsisDims(1, 3, 3, 16), new CmsisDims(1, 6, 6, 16)));
        assertEquals(gen, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.PLAIN_C, dw(1, 1, 1, 1),
                new CmsisDims(2, 6, 6, 8), f3, out));
        CmsisDims one = new CmsisDims(1, 6, 6, 1);
        CmsisDims f1 = new CmsisDims(1, 3, 3, 4);
        CmsisDims out4 = new CmsisDims(1, 6, 6, 4);
        assertEquals(ArmDepthwiseConvS8.Kernel.CONVOLVE_WRAPPER_S8,
                ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.MVE, dw(4, 1, 1, 1), one, f1, out4));
        assertEquals(gen, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(S8Target.DSP, dw(4, 1, 1, 1), one,
                f1, out4));
    }

    @Test
    void scratchSizesFollowV700() {
        CmsisDims in = new CmsisDims(1, 8, 8, 3);
        CmsisDims f = new CmsisDims(16, 3, 3, 3);
        CmsisDims out = new CmsisDims(1, 8, 8, 16);
        ConvParams same = conv(1, 1, 1, 1, 1, 1);
        // 3*3*3 = 27 columns, aligned to 28, two int16 columns: 112; MVE: 4 * ceil(27/16) * 16 = 128.
        assertEquals(112, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(S8Target.PLAIN_C, same, in, f, out));
        assertEquals(112, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(S8Target.DSP, same, in, f, out));
        assertEquals(128, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(S8Target.MVE, same, in, f, out));
        assertEquals(112, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size_dsp(same, in, f, out));
        assertEquals(128, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size_mve(same, in, f, out));
        CmsisDims f1 = new CmsisDims(16, 1, 1, 3);
        for (S8Target t : S8Target.values()) {
            assertEquals(0, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(t, conv(1, 1, 0, 0, 1, 1), in, f1,
                    out));
            assertEquals(0, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(t, conv(2, 2, 0, 0, 1, 1), in, f1,
                    out));
        }
        // 1xN, SAME, W 8, C 4, K 3: MVE max(3*4 + 1*4, 2*4 + 4) = 16; plain C: 2 * 12 * 2 = 48.
        CmsisDims row = new CmsisDims(1, 1, 8, 4);
        CmsisDims fr = new CmsisDims(6, 1, 3, 4);
        CmsisDims outRow = new CmsisDims(1, 1, 8, 6);
        assertEquals(16, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(S8Target.MVE, conv(1, 1, 1, 0, 1, 1),
                row, fr, outRow));
        assertEquals(48, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(S8Target.PLAIN_C,
                conv(1, 1, 1, 0, 1, 1), row, fr, outRow));
        // Depthwise: 3x3 pad 1 needs nothing off MVE; opt needs C*KW*KH*2 on DSP, 4*124*KW*KH on MVE.
        CmsisDims din = new CmsisDims(1, 6, 6, 8);
        CmsisDims df = new CmsisDims(1, 3, 3, 8);
        CmsisDims dout = new CmsisDims(1, 6, 6, 8);
        assertEquals(0, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(S8Target.DSP,
                dw(1, 1, 1, 1), din, df, dout));
        assertEquals(4 * 124 * 9, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(S8Target.MVE,
                dw(1, 1, 1, 1), din, df, dout));
        assertEquals(8 * 9 * 2, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(S8Target.DSP,
                dw(1, 2, 1, 1), din, df, dout));
        assertEquals(0, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(S8Target.PLAIN_C,
                dw(1, 2, 1, 1), din, df, dout));
        // MVE one input channel, 8 outputs, 3x3: conv size 4 * ceil(9/16) * 16 = 64, plus the 72-byte filter.
        CmsisDims one = new CmsisDims(1, 6, 6, 1);
        CmsisDims f8 = new CmsisDims(1, 3, 3, 8);
        CmsisDims out8 = new CmsisDims(1, 6, 6, 8);
        assertEquals(136, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(S8Target.MVE,
                dw(8, 1, 1, 1), one, f8, out8));
        assertEquals(136, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(dw(8, 1, 1, 1), one,
                f8, out8));
        assertEquals(0, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(dw(8, 1, 1, 1), one, f8,
                out8));
        CmsisDims fcFilter = new CmsisDims(100, 1, 1, 10);
        assertEquals(40, ArmFullyConnectedS8.arm_fully_connected_s8_get_buffer_size(S8Target.MVE, fcFilter));
        assertEquals(0, ArmFullyConnectedS8.arm_fully_connected_s8_get_buffer_size(S8Target.DSP, fcFilter));
        assertEquals(4 * 7, ArmPoolS8.arm_avgpool_s8_get_buffer_size(S8Target.DSP, 5, 7));
        assertEquals(0, ArmPoolS8.arm_avgpool_s8_get_buffer_size(S8Target.MVE, 5, 7));
        assertEquals(0, ArmPoolS8.arm_avgpool_s8_get_buffer_size(S8Target.PLAIN_C, 5, 7));
    }

    @Test
    void argumentChecksReturnTheV700Status() {
        int err = NnSupportS8.ARM_CMSIS_NN_ARG_ERROR;
        CmsisDims in = new CmsisDims(1, 4, 4, 4);
        CmsisDims f = new CmsisDims(4, 3, 3, 4);
        CmsisDims out = new CmsisDims(1, 4, 4, 4);
        byte[] x = new byte[64];
        byte[] w = new byte[144];
        byte[] o = new byte[64];
        PerChannelQuantParams q = new PerChannelQuantParams(new int[] {1 << 30, 1 << 30, 1 << 30, 1 << 30},
                new int[4]);
        S8Rounding r = S8Rounding.DOUBLE;
        assertEquals(err, ArmConvolveS8.arm_convolve_s8(r, null, conv(1, 1, 1, 1, 1, 1), q, in, x, 0, f, w, 0, null,
                out, o, 0));
        assertEquals(err, ArmConvolveS8.arm_convolve_1x1_s8_fast(r, new byte[0], conv(2, 1, 0, 0, 1, 1), q, in, x, 0,
                new CmsisDims(4, 1, 1, 4), w, 0, null, out, o, 0));
        assertEquals(err, ArmConvolveS8.arm_convolve_1x1_s8(r, new byte[0], conv(2, 1, 1, 0, 1, 1), q, in, x, 0,
                new CmsisDims(4, 1, 1, 4), w, 0, null, out, o, 0));
        assertEquals(err, ArmConvolveS8.arm_convolve_1_x_n_s8(S8Target.MVE, r, new byte[256], conv(1, 1, 0, 0, 1, 1),
                q, in, x, 0, new CmsisDims(4, 1, 3, 4), w, 0, null, out, o, 0)); // in.h != 1
        // Groups: in.c 4 / filter.c 3 = 1 group... in.c 4 / filter.c 2 = 2 groups, out.c 3 not a multiple.
        assertEquals(err, ArmConvolveS8.arm_convolve_s8(r, new byte[64], conv(1, 1, 1, 1, 1, 1), q, in, x, 0,
                new CmsisDims(3, 3, 3, 2), w, 0, new int[3], new CmsisDims(1, 4, 4, 3), o, 0));
        DwConvParams d = dw(1, 1, 1, 1);
        assertEquals(err, ArmDepthwiseConvS8.arm_depthwise_conv_s8_opt(S8Target.DSP, r, null, d, q, in, x, 0,
                new CmsisDims(1, 3, 3, 4), w, 0, null, out, o, 0));
        assertEquals(0, ArmDepthwiseConvS8.arm_depthwise_conv_s8_opt(S8Target.PLAIN_C, r, null, d, q, in, x, 0,
                new CmsisDims(1, 3, 3, 4), w, 0, null, out, o, 0));
        assertEquals(err, ArmDepthwiseConvS8.arm_depthwise_conv_s8_opt(S8Target.PLAIN_C, r, null, d, q, in, x, 0,
                new CmsisDims(1, 3, 3, 8), w, 0, null, new CmsisDims(1, 4, 4, 8), new byte[128], 0));
        assertEquals(err, ArmDepthwiseConvS8.arm_depthwise_conv_3x3_s8(r, null, dw(1, 2, 0, 1), q, in, x, 0,
                new CmsisDims(1, 3, 3, 4), w, 0, null, out, o, 0));
        PoolParams pool = new PoolParams(new CmsisTile(1, 1), new CmsisTile(0, 0), CmsisActivation.NONE);
        CmsisDims win = new CmsisDims(1, 2, 2, 1);
        assertEquals(err, ArmPoolS8.arm_avgpool_s8(S8Target.DSP, null, pool, in, x, 0, win, out, o, 0));
        assertEquals(0, ArmPoolS8.arm_avgpool_s8(S8Target.PLAIN_C, null, pool, in, x, 0, win,
                new CmsisDims(1, 3, 3, 4), o, 0));
        assertEquals(err, ArmPoolS8.arm_max_pool_s8(S8Target.PLAIN_C, null, pool, new CmsisDims(0, 4, 4, 4), x, 0, win,
                out, o, 0));
    }
}
