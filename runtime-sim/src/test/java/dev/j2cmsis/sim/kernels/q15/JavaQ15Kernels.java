package dev.j2cmsis.sim.kernels.q15;

import static org.junit.jupiter.api.Assertions.fail;

import dev.j2cmsis.sim.kernels.ArmActivationsQ15;
import dev.j2cmsis.sim.kernels.ArmConvertQ7Q15;
import dev.j2cmsis.sim.kernels.ArmConvolveQ15;
import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ15;
import dev.j2cmsis.sim.kernels.ArmSoftmaxQ15;
import dev.j2cmsis.sim.kernels.J2cmsisCustomQ15;
import java.util.Arrays;

/**
 * Runs a {@link Q15Case} through the Java kernels. Every block sits at a case-dependent offset inside a larger
 * array of guard values, so offsets are exercised and out-of-range writes and writes to const inputs are caught.
 * The output is pre-filled with 0x5A bytes, as in the C driver, so unwritten elements compare equal.
 */
final class JavaQ15Kernels {

    private static final short GUARD = (short) 0xC3C3;
    private static final short OUT_FILL = 0x5A5A;

    private JavaQ15Kernels() {
    }

    static Q15Case.Result run(Q15Case kc, int salt) {
        final Q15Kernel k = kc.kernel();
        final int offA = 1 + Math.floorMod(salt, 7);
        final int offB = 1 + Math.floorMod(salt * 3, 11);
        final int offC = Math.floorMod(salt * 5, 5);
        final int offO = 2 + Math.floorMod(salt * 7, 13);
        final short[] a = embed(kc.a(), offA, GUARD);
        final short[] b = embed(kc.b(), offB, GUARD);
        final short[] c = embed(kc.c(), offC, GUARD);
        final short[] o = new short[offO + kc.outLen() + 8];
        Arrays.fill(o, GUARD);
        Arrays.fill(o, offO, offO + kc.outLen(), k.outIsQ7() ? (short) 0x5A : OUT_FILL);
        // q7 views of the blocks a kernel reads as bytes (copied back for the guard checks below)
        final byte[] a8 = bytes(a);
        final byte[] b8 = bytes(b);
        final byte[] c8 = bytes(c);
        final byte[] o8 = bytes(o);
        final int[] p = kc.p();
        int status = 0;
        switch (k) {
            case CONV_BASIC -> status = ArmConvolveQ15.arm_convolve_HWC_q15_basic(a, offA, p[0], p[1], b, offB, p[2],
                    p[3], p[4], p[5], c, offC, p[6], p[7], o, offO, p[8]);
            case CONV_FAST -> status = ArmConvolveQ15.arm_convolve_HWC_q15_fast(a, offA, p[0], p[1], b, offB, p[2],
                    p[3], p[4], p[5], c, offC, p[6], p[7], o, offO, p[8]);
            case CONV_FAST_DSP -> status = ArmConvolveQ15.arm_convolve_HWC_q15_fast_dsp(a, offA, p[0], p[1], b, offB,
                    p[2], p[3], p[4], p[5], c, offC, p[6], p[7], o, offO, p[8]);
            case CONV_FAST_NONSQUARE -> status = ArmConvolveQ15.arm_convolve_HWC_q15_fast_nonsquare(a, offA, p[0],
                    p[1], p[2], b, offB, p[3], p[4], p[5], p[6], p[7], p[8], p[9], c, offC, p[10], p[11], o, offO,
                    p[12], p[13]);
            case FC_Q15 -> status = ArmFullyConnectedQ15.arm_fully_connected_q15(a, offA, b, offB, p[0], p[1], p[2],
                    p[3], c, offC, o, offO);
            case FC_Q15_OPT -> status = ArmFullyConnectedQ15.arm_fully_connected_q15_opt(a, offA, b, offB, p[0], p[1],
                    p[2], p[3], c, offC, o, offO);
            case FC_MAT_Q7_VEC_Q15 -> status = ArmFullyConnectedQ15.arm_fully_connected_mat_q7_vec_q15(a, offA, b8,
                    offB, p[0], p[1], p[2], p[3], c8, offC, o, offO);
            case FC_MAT_Q7_VEC_Q15_OPT -> status = ArmFullyConnectedQ15.arm_fully_connected_mat_q7_vec_q15_opt(a,
                    offA, b8, offB, p[0], p[1], p[2], p[3], c8, offC, o, offO);
            case RELU -> ArmActivationsQ15.arm_relu_q15(a, offA, p[0]);
            case ACTIVATIONS -> ArmActivationsQ15.arm_nn_activations_direct_q15(a, offA, p[0], p[1], p[2]);
            case SOFTMAX -> {
                if (p[1] != 0) {
                    ArmSoftmaxQ15.arm_softmax_q15(a, offA, p[0], a, offA);
                } else {
                    ArmSoftmaxQ15.arm_softmax_q15(a, offA, p[0], o, offO);
                }
            }
            case Q7_TO_Q15_NO_SHIFT -> ArmConvertQ7Q15.arm_q7_to_q15_no_shift(a8, offA, o, offO, p[0]);
            case Q15_TO_Q7 -> ArmConvertQ7Q15.j2cmsis_q15_to_q7(a, offA, o8, offO, p[0], p[1]);
            case Q7_TO_Q15_SHIFT -> ArmConvertQ7Q15.j2cmsis_q7_to_q15_shift(a8, offA, o, offO, p[0], p[1]);
            case MAXPOOL_NONSQUARE -> J2cmsisCustomQ15.j2cmsis_maxpool_q15_HWC_nonsquare(a, offA, p[0], p[1], p[2],
                    p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], o, offO);
            case AVEPOOL_NONSQUARE -> J2cmsisCustomQ15.j2cmsis_avepool_q15_HWC_nonsquare(a, offA, p[0], p[1], p[2],
                    p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], o, offO);
            default -> fail("unknown kernel " + k);
        }
        if (k.outIsQ7()) {
            for (int i = 0; i < o.length; i++) {
                if (i >= offO && i < offO + kc.outLen()) {
                    o[i] = o8[i];
                } else if (o8[i] != (byte) GUARD) {
                    fail("Java kernel wrote outside the q7 output at relative index " + (i - offO) + ": "
                            + kc.describe());
                }
            }
        }
        if (k.aIsQ7() && !Arrays.equals(a8, bytes(a))) {
            fail("Java kernel modified the q7 input: " + kc.describe());
        }
        if (k.bcAreQ7() && (!Arrays.equals(b8, bytes(b)) || !Arrays.equals(c8, bytes(c)))) {
            fail("Java kernel modified a q7 const input: " + kc.describe());
        }
        if (k.pool() && !Arrays.equals(a, embed(kc.a(), offA, GUARD))) {
            fail("Java pool modified its input: " + kc.describe());
        }
        checkGuards(kc, "A", a, offA, kc.a().length);
        checkGuards(kc, "out", o, offO, kc.outLen());
        if (!Arrays.equals(b, embed(kc.b(), offB, GUARD)) || !Arrays.equals(c, embed(kc.c(), offC, GUARD))) {
            fail("Java kernel modified a const input: " + kc.describe());
        }
        return new Q15Case.Result(status, Arrays.copyOfRange(o, offO, offO + kc.outLen()),
                Arrays.copyOfRange(a, offA, offA + kc.a().length));
    }

    private static short[] embed(short[] data, int off, short guard) {
        short[] r = new short[off + data.length + 8];
        Arrays.fill(r, guard);
        System.arraycopy(data, 0, r, off, data.length);
        return r;
    }

    private static byte[] bytes(short[] v) {
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (byte) v[i];
        }
        return r;
    }

    private static void checkGuards(Q15Case kc, String what, short[] arr, int off, int len) {
        for (int i = 0; i < arr.length; i++) {
            if ((i < off || i >= off + len) && arr[i] != GUARD) {
                fail("Java kernel wrote outside " + what + " at relative index " + (i - off) + ": " + kc.describe());
            }
        }
    }
}
