package dev.j2cmsis.sim.kernels.q15;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.kernels.ArmActivationsQ15;
import dev.j2cmsis.sim.kernels.ArmConvertQ7Q15;
import dev.j2cmsis.sim.kernels.ArmConvolveQ15;
import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ15;
import dev.j2cmsis.sim.kernels.ArmSoftmaxQ15;
import java.util.Arrays;
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
}
