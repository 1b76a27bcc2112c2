package dev.j2cmsis.sim.kernels.q15;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.kernels.ArmActivationsQ15;
import dev.j2cmsis.sim.kernels.ArmConvertQ7Q15;
import dev.j2cmsis.sim.kernels.ArmConvolveQ15;
import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ15;
import dev.j2cmsis.sim.kernels.ArmPoolQ7;
import dev.j2cmsis.sim.kernels.ArmSoftmaxQ15;
import dev.j2cmsis.sim.kernels.J2cmsisCustomQ15;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pure-Java properties of the q15 kernels: layouts, tables, documented values; no C involved. */
class Q15KernelPropertiesTest {

    @Test
    void optKernelsOnInterleavedMatricesEqualThePlainKernels() {
        Q15CaseGenerator g = new Q15CaseGenerator(42, false);
        for (Q15Kernel[] pair : new Q15Kernel[][] {{Q15Kernel.FC_Q15, Q15Kernel.FC_Q15_OPT},
            {Q15Kernel.FC_MAT_Q7_VEC_Q15, Q15Kernel.FC_MAT_Q7_VEC_Q15_OPT}}) {
            for (Q15Case rowMajor : g.cases(pair[0], 2000)) {
                Q15Case.Result plain = JavaQ15Kernels.run(rowMajor, 0);
                Q15Case.Result opt = JavaQ15Kernels.run(Q15CaseGenerator.interleaved(rowMajor, pair[1]), 1);
                assertArrayEquals(plain.out(), opt.out(), rowMajor.describe());
            }
        }
    }

    @Test
    void interleavingsMatchTheDocumentedOrder() {
        // 5 rows x 3 columns, element = 10 * row + column
        short[] m = new short[15];
        byte[] b = new byte[15];
        for (int i = 0; i < 15; i++) {
            m[i] = (short) (10 * (i / 3) + i % 3);
            b[i] = (byte) m[i];
        }
        assertArrayEquals(new short[] {0, 1, 10, 11, 20, 21, 30, 31, 2, 12, 22, 32, 40, 41, 42},
                ArmFullyConnectedQ15.interleaveQ15Opt(m, 5, 3), "layout B");
        assertArrayEquals(new byte[] {0, 10, 1, 11, 20, 30, 21, 31, 2, 12, 22, 32, 40, 41, 42},
                ArmFullyConnectedQ15.interleaveQ7Q15Opt(b, 5, 3), "layout C");
    }

    @Test
    void tablesFollowTheFormula() {
        short[] sig = ArmActivationsQ15.tableQ15(ArmActivationsQ15.ARM_SIGMOID);
        short[] tanh = ArmActivationsQ15.tableQ15(ArmActivationsQ15.ARM_TANH);
        for (int i = 0; i < 256; i++) {
            double x = ((byte) i) / 16.0;
            assertEquals(q15(1.0 / (1.0 + StrictMath.exp(-x))), sig[i], "sigmoid entry " + i);
            assertEquals(q15(StrictMath.tanh(x)), tanh[i], "tanh entry " + i);
        }
    }

    private static short q15(double v) {
        return (short) Math.max(-32768, Math.min(32767, (long) Math.floor(v * 32768 + 0.5)));
    }

    @Test
    void activationsInterpolateAndSaturateAtTheTop() {
        short[] sig = ArmActivationsQ15.tableQ15(ArmActivationsQ15.ARM_SIGMOID);
        // int_width 3: Q3.12, index = x >> 8; x = 0x0180 is halfway between entries 1 and 2
        short[] d = {0, 0x0180, 32767, -1};
        ArmActivationsQ15.arm_nn_activations_direct_q15(d, 0, 4, 3, ArmActivationsQ15.ARM_SIGMOID);
        assertEquals(sig[0], d[0]);
        assertEquals((short) ((sig[1] + sig[2]) >> 1), d[1]);
        assertEquals(sig[127], d[2], "index 127 has no right neighbour");
        // -1 >> 8 = -1: index 255 (x = -1/16), interpolated 255/256 of the way toward entry 0
        assertEquals((short) ((1 * sig[255] + 255 * sig[0]) >> 8), d[3]);
    }

    @Test
    void softmaxOfOneElementIsAlmostOne() {
        short[] v = {-1234};
        ArmSoftmaxQ15.arm_softmax_q15(v, 0, 1, v, 0);
        assertEquals(32767, v[0]);
        short[] w = {100, 100, 84, 83};
        short[] o = new short[4];
        ArmSoftmaxQ15.arm_softmax_q15(w, 0, 4, o, 0);
        // m = 100, b = 84: S = 2^16 + 2^16 (84 and 83 are not above b) -> B = 2^15; y = B >> 1 for the maxima
        assertArrayEquals(new short[] {16384, 16384, 0, 0}, o);
    }

    @Test
    void fastDspRejectsOddOutputsAndWritesNothing() {
        short[] in = new short[4 * 4 * 2];
        short[] wt = new short[2 * 2 * 9];
        short[] bias = {1, 2};
        short[] out = new short[3 * 3 * 2];
        Arrays.fill(out, (short) 7);
        assertEquals(ArmConvolveQ15.ARM_MATH_SIZE_MISMATCH, ArmConvolveQ15.arm_convolve_HWC_q15_fast_dsp(in, 0, 4, 2,
                wt, 0, 2, 3, 1, 1, bias, 0, 0, 0, out, 0, 3));
        assertArrayEquals(filled(18, (short) 7), out);
        assertEquals(ArmConvolveQ15.ARM_MATH_SUCCESS, ArmConvolveQ15.arm_convolve_HWC_q15_fast(in, 0, 4, 2, wt, 0, 2,
                3, 1, 1, bias, 0, 0, 0, out, 0, 3));
        assertEquals(1, out[0]);
        assertEquals(2, out[1]);
    }

    private static short[] filled(int n, short v) {
        short[] r = new short[n];
        Arrays.fill(r, v);
        return r;
    }

    @Test
    void q15ToQ7RoundsHalfUpAndSaturates() {
        short[] src = {0x4000, -32768, 32767, -384, -385, 127, 0};
        byte[] dst = new byte[src.length];
        ArmConvertQ7Q15.j2cmsis_q15_to_q7(src, 0, dst, 0, src.length, 8);
        assertArrayEquals(new byte[] {64, -128, 127, -1, -2, 0, 0}, dst);
        ArmConvertQ7Q15.j2cmsis_q15_to_q7(src, 0, dst, 0, src.length, 0);
        assertArrayEquals(new byte[] {127, -128, 127, -128, -128, 127, 0}, dst);
        ArmConvertQ7Q15.j2cmsis_q15_to_q7(src, 0, dst, 0, src.length, 31);
        assertArrayEquals(filled8(src.length, (byte) -1), dst, "NN_ROUND(31) = -2^30");
    }

    private static byte[] filled8(int n, byte v) {
        byte[] r = new byte[n];
        Arrays.fill(r, v);
        return r;
    }

    @Test
    void q7ToQ15ConversionsKeepOrShiftTheValue() {
        byte[] src = {-128, 127, -1, 1, 0};
        short[] dst = new short[5];
        ArmConvertQ7Q15.arm_q7_to_q15_no_shift(src, 0, dst, 0, 5);
        assertArrayEquals(new short[] {-128, 127, -1, 1, 0}, dst);
        ArmConvertQ7Q15.j2cmsis_q7_to_q15_shift(src, 0, dst, 0, 5, 8);
        assertArrayEquals(new short[] {-32768, 32512, -256, 256, 0}, dst);
        ArmConvertQ7Q15.j2cmsis_q7_to_q15_shift(src, 0, dst, 0, 5, 9);
        assertArrayEquals(new short[] {-32768, 32767, -512, 512, 0}, dst);
        ArmConvertQ7Q15.j2cmsis_q7_to_q15_shift(src, 0, dst, 0, 5, 65535);
        assertArrayEquals(new short[] {-32768, 32767, -32768, 32767, 0}, dst);
    }

    /**
     * With equal axes and int8-range data, the q15 pools compute what the plain-C {@code arm_maxpool_q7_HWC} /
     * {@code arm_avepool_q7_HWC} compute on the same values (padding at or above the stride and clipped windows
     * included). The one documented exception is an empty max window: +127 in q7, +32767 in q15 (each the start
     * value one below the type's minimum, stored in the type).
     */
    @Test
    void q15PoolsWithEqualAxesEqualTheQ7PlainPools() {
        Random r = new Random(0x9007);
        int cases = 0;
        int emptyWindows = 0;
        int compared = 0;
        int padAtLeastStride = 0;
        for (int n = 0; n < 3000; n++) {
            int dimIn = 1 + r.nextInt(12);
            int ch = 1 + r.nextInt(r.nextBoolean() ? 4 : 17);
            int k = 1 + r.nextInt(5);
            int stride = 1 + r.nextInt(3);
            int pad = r.nextInt(4) == 0 ? r.nextInt(k + 2) : r.nextInt(Math.max(1, k));
            int valid = dimIn + 2 * pad >= k ? (dimIn + 2 * pad - k) / stride + 1 : 0;
            int dimOut = valid >= 1 && r.nextInt(4) != 0 ? valid : 1 + r.nextInt(dimIn + 2);
            byte[] in8 = new byte[dimIn * dimIn * ch];
            short[] in16 = new short[in8.length];
            boolean extremes = r.nextInt(4) == 0;
            for (int i = 0; i < in8.length; i++) {
                in8[i] = extremes ? (r.nextBoolean() ? (byte) 127 : (byte) -128) : (byte) r.nextInt(256);
                in16[i] = in8[i];
            }
            byte[] max8 = new byte[dimOut * dimOut * ch];
            byte[] ave8 = new byte[max8.length];
            short[] max16 = new short[max8.length];
            short[] ave16 = new short[max8.length];
            ArmPoolQ7.arm_maxpool_q7_HWC(in8, 0, dimIn, ch, k, pad, stride, dimOut, max8, 0);
            ArmPoolQ7.arm_avepool_q7_HWC(in8, 0, dimIn, ch, k, pad, stride, dimOut, ave8, 0);
            J2cmsisCustomQ15.j2cmsis_maxpool_q15_HWC_nonsquare(in16, 0, dimIn, dimIn, ch, k, k, pad, pad, stride,
                    stride, dimOut, dimOut, max16, 0);
            J2cmsisCustomQ15.j2cmsis_avepool_q15_HWC_nonsquare(in16, 0, dimIn, dimIn, ch, k, k, pad, pad, stride,
                    stride, dimOut, dimOut, ave16, 0);
            String where = "dimIn=" + dimIn + " ch=" + ch + " k=" + k + " pad=" + pad + " stride=" + stride
                    + " dimOut=" + dimOut;
            for (int y = 0; y < dimOut; y++) {
                boolean emptyY = Math.max(0, y * stride - pad) >= Math.min(dimIn, y * stride - pad + k);
                for (int x = 0; x < dimOut; x++) {
                    boolean empty = emptyY
                            || Math.max(0, x * stride - pad) >= Math.min(dimIn, x * stride - pad + k);
                    for (int c = 0; c < ch; c++) {
                        int i = (y * dimOut + x) * ch + c;
                        if (empty) {
                            emptyWindows++;
                            assertEquals(127, max8[i], where);
                            assertEquals(32767, max16[i], where);
                        } else {
                            compared++;
                            assertEquals(max8[i], max16[i], "max " + where + " at " + i);
                        }
                        assertEquals(ave8[i], ave16[i], "ave " + where + " at " + i);
                    }
                }
            }
            if (pad >= stride) {
                padAtLeastStride++;
            }
            cases++;
        }
        assertTrue(emptyWindows > 0 && padAtLeastStride > 100, "coverage: " + emptyWindows + " empty windows, "
                + padAtLeastStride + " cases with pad >= stride");
        System.out.println(Q15Harness.LOG + "q15 pools == q7 plain pools on int8 data: " + cases + " cases ("
                + padAtLeastStride + " with pad >= stride; " + compared + " outputs from non-empty windows, "
                + emptyWindows + " from empty ones)");
    }

    @Test
    void q15PoolsOnNonsquareWindowsSaturatedValuesAndEmptyWindows() {
        // 3 wide x 2 high, 1 channel; kernel 2 wide x 1 high, stride 2 x 1, pad 1 x 0: windows clip on the left
        short[] in = {-32768, 32767, -3, -4, -32768, 5};
        short[] max = new short[2 * 2];
        short[] ave = new short[2 * 2];
        J2cmsisCustomQ15.j2cmsis_maxpool_q15_HWC_nonsquare(in, 0, 3, 2, 1, 2, 1, 1, 0, 2, 1, 2, 2, max, 0);
        J2cmsisCustomQ15.j2cmsis_avepool_q15_HWC_nonsquare(in, 0, 3, 2, 1, 2, 1, 1, 0, 2, 1, 2, 2, ave, 0);
        assertArrayEquals(new short[] {-32768, 32767, -4, 5}, max);
        // (32767 - 3) / 2 = 16382; (-32768 + 5) / 2 = -16381.5 truncated toward zero
        assertArrayEquals(new short[] {-32768, 16382, -4, -16381}, ave);
        // every window of an output beyond the padded image is empty: max +32767 (-32769 stored as int16), ave 0
        short[] far = new short[3];
        J2cmsisCustomQ15.j2cmsis_maxpool_q15_HWC_nonsquare(in, 0, 3, 2, 1, 1, 1, 0, 0, 5, 1, 3, 1, far, 0);
        assertArrayEquals(new short[] {-32768, 32767, 32767}, far);
        J2cmsisCustomQ15.j2cmsis_avepool_q15_HWC_nonsquare(in, 0, 3, 2, 1, 1, 1, 0, 0, 5, 1, 3, 1, far, 0);
        assertArrayEquals(new short[] {-32768, 0, 0}, far);
        short[] full = new short[4 * 4];
        Arrays.fill(full, (short) -32768);
        short[] one = new short[1];
        J2cmsisCustomQ15.j2cmsis_avepool_q15_HWC_nonsquare(full, 0, 4, 4, 1, 4, 4, 0, 0, 1, 1, 1, 1, one, 0);
        assertEquals(-32768, one[0], "the int32 sum of a full window of -32768 divides back exactly");
    }
}
