package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The new q7 kernels against independent formulations of their documented semantics, in Java only: nonsquare
 * kernels with equal axes == the square ones, depthwise == a full convolution with channel-diagonal weights, and the
 * j2cmsis-only add / rescale / concat == exact integer arithmetic written from their Javadoc.
 */
class NonsquareAndCustomSemanticsTest {

    private static final int N = 1500;

    @Test
    void nonsquareConvolutionsWithEqualAxesEqualSquareOnes() {
        CaseGenerator g = new CaseGenerator(7, false);
        for (KernelCase sq : g.cases(Kernel.CONV_BASIC, N)) {
            int[] p = sq.p();
            KernelCase ns = new KernelCase(Kernel.CONV_BASIC_NONSQUARE, new int[] {p[0], p[0], p[1], p[2], p[3], p[3],
                    p[4], p[4], p[5], p[5], p[6], p[7], p[8], p[8]}, sq.a(), sq.b(), sq.c(), sq.outLen());
            assertArrayEquals(JavaKernels.run(sq, 1).out(), JavaKernels.run(ns, 2).out(), sq.describe());
        }
        for (KernelCase sq : g.cases(Kernel.DEPTHWISE, N)) {
            int[] p = sq.p();
            KernelCase ns = new KernelCase(Kernel.DEPTHWISE_NONSQUARE, new int[] {p[0], p[0], p[1], p[2], p[3], p[3],
                    p[4], p[4], p[5], p[5], p[6], p[7], p[8], p[8]}, sq.a(), sq.b(), sq.c(), sq.outLen());
            KernelCase.Result a = JavaKernels.run(sq, 3);
            KernelCase.Result b = JavaKernels.run(ns, 4);
            assertEquals(a.status(), b.status(), sq.describe());
            assertArrayEquals(a.out(), b.out(), sq.describe());
        }
    }

    @Test
    void depthwiseEqualsConvolutionWithDiagonalWeights() {
        for (KernelCase dw : new CaseGenerator(8, false).cases(Kernel.DEPTHWISE_NONSQUARE, N)) {
            int[] p = dw.p();
            int chIn = p[2];
            int chOut = p[3];
            int taps = p[4] * p[5];
            KernelCase.Result d = JavaKernels.run(dw, 5);
            if (chIn != chOut) {
                assertEquals(ArmConvolveQ7.ARM_MATH_SIZE_MISMATCH, d.status(), dw.describe());
                continue;
            }
            byte[] full = new byte[chOut * taps * chIn];
            for (int co = 0; co < chOut; co++) {
                for (int t = 0; t < taps; t++) {
                    full[(co * taps + t) * chIn + co] = dw.b()[t * chOut + co];
                }
            }
            KernelCase conv = new KernelCase(Kernel.CONV_BASIC_NONSQUARE, p, dw.a(), full, dw.c(), dw.outLen());
            assertEquals(ArmConvolveQ7.ARM_MATH_SUCCESS, d.status());
            assertArrayEquals(JavaKernels.run(conv, 6).out(), d.out(), dw.describe());
        }
    }

    @Test
    void nonsquarePoolsWithEqualAxesEqualPlainCmsisPools() {
        CaseGenerator g = new CaseGenerator(9, false);
        for (Kernel k : new Kernel[] {Kernel.MAXPOOL, Kernel.AVEPOOL}) {
            Kernel ns = k == Kernel.MAXPOOL ? Kernel.J_MAXPOOL_NONSQUARE : Kernel.J_AVEPOOL_NONSQUARE;
            for (KernelCase sq : g.cases(k, N)) {
                int[] p = sq.p();
                KernelCase c = new KernelCase(ns, new int[] {p[0], p[0], p[1], p[2], p[2], p[3], p[3], p[4], p[4],
                        p[5], p[5]}, sq.a(), sq.b(), sq.c(), sq.outLen());
                KernelCase.Result r = JavaKernels.run(c, 7);
                assertArrayEquals(JavaKernels.run(sq, 8).out(), r.out(), sq.describe());
                assertArrayEquals(sq.a(), r.aAfter(), "input modified: " + sq.describe());
            }
        }
    }

    @Test
    void addIsRoundHalfUpOfTheExactSum() {
        Random r = new Random(10);
        byte[] a = new byte[256];
        byte[] b = new byte[256];
        byte[] out = new byte[256];
        for (int iter = 0; iter < N; iter++) {
            r.nextBytes(a);
            r.nextBytes(b);
            int sa = r.nextInt(23);
            int sb = r.nextInt(23);
            int s = r.nextInt(31);
            J2cmsisCustomQ7.j2cmsis_add_q7(a, 0, sa, b, 0, sb, s, out, 0, a.length);
            for (int i = 0; i < a.length; i++) {
                long exact = ((long) a[i] << sa) + ((long) b[i] << sb);
                long rounded = s == 0 ? exact : Math.floorDiv(exact + (1L << (s - 1)), 1L << s);
                assertEquals(Math.max(-128, Math.min(127, rounded)), out[i], "a=" + a[i] + " b=" + b[i] + " sa=" + sa
                        + " sb=" + sb + " s=" + s);
            }
        }
    }

    @Test
    void addInPlaceEqualsSeparateOutput() {
        Random r = new Random(11);
        byte[] a = new byte[100];
        byte[] b = new byte[100];
        r.nextBytes(a);
        r.nextBytes(b);
        byte[] expected = new byte[100];
        J2cmsisCustomQ7.j2cmsis_add_q7(a, 0, 3, b, 0, 1, 2, expected, 0, 100);
        byte[] a2 = a.clone();
        J2cmsisCustomQ7.j2cmsis_add_q7(a2, 0, 3, b, 0, 1, 2, a2, 0, 100);
        assertArrayEquals(expected, a2);
        byte[] b2 = b.clone();
        J2cmsisCustomQ7.j2cmsis_add_q7(a, 0, 3, b2, 0, 1, 2, b2, 0, 100);
        assertArrayEquals(expected, b2);
    }

    @Test
    void rescaleIsRoundHalfUpOfTheScaledValue() {
        byte[] in = new byte[256];
        for (int i = 0; i < 256; i++) {
            in[i] = (byte) i;
        }
        byte[] out = new byte[256];
        for (int shift = -30; shift <= 31; shift++) {
            J2cmsisCustomQ7.j2cmsis_q7_rescale(in, 0, shift, out, 0, 256);
            for (int i = 0; i < 256; i++) {
                long x = in[i];
                long v = shift >= 0 ? x << shift : Math.floorDiv(x + (1L << (-shift - 1)), 1L << -shift);
                assertEquals(Math.max(-128, Math.min(127, v)), out[i], "x=" + x + " shift=" + shift);
            }
        }
        // NN_ROUND(31) = -2^30: every value becomes -1, as the CMSIS kernels round at 31
        J2cmsisCustomQ7.j2cmsis_q7_rescale(in, 0, -31, out, 0, 256);
        for (byte v : out) {
            assertEquals(-1, v);
        }
    }

    @Test
    void concatInterleavesChannelsPerPixel() {
        byte[] a = {1, 2, 3, 4, 5, 6}; // 3 pixels x 2 channels
        byte[] b = {-1, -2, -3}; // 3 pixels x 1 channel
        byte[] out = new byte[9];
        J2cmsisCustomQ7.j2cmsis_concat_q7_HWC_ch(a, 0, 2, b, 0, 1, 3, 1, out, 0);
        assertArrayEquals(new byte[] {1, 2, -1, 3, 4, -2, 5, 6, -3}, out);
    }
}
