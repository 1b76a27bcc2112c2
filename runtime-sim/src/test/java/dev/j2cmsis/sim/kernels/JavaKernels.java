package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/**
 * Runs a {@link KernelCase} through the Java kernels. Every block is embedded at a case-dependent offset in a larger
 * array surrounded by guard bytes, so offsets are exercised and out-of-range writes are caught.
 */
final class JavaKernels {

    private static final byte GUARD = (byte) 0xC3;
    private static final byte OUT_FILL = 0x5A;

    private JavaKernels() {
    }

    static KernelCase.Result run(KernelCase kc, int salt) {
        final int offA = 1 + Math.floorMod(salt, 7);
        final int offB = 1 + Math.floorMod(salt * 3, 11);
        final int offC = Math.floorMod(salt * 5, 5);
        final int offO = 2 + Math.floorMod(salt * 7, 13);
        byte[] a = embed(kc.a(), offA);
        byte[] b = embed(kc.b(), offB);
        byte[] c = embed(kc.c(), offC);
        byte[] o = new byte[offO + kc.outLen() + 8];
        Arrays.fill(o, GUARD);
        Arrays.fill(o, offO, offO + kc.outLen(), OUT_FILL);
        int[] p = kc.p();
        int status = 0;
        switch (kc.kernel()) {
            case CONV_BASIC -> status = ArmConvolveQ7.arm_convolve_HWC_q7_basic(a, offA, p[0], p[1], b, offB, p[2],
                    p[3], p[4], p[5], c, offC, p[6], p[7], o, offO, p[8]);
            case CONV_FAST -> status = ArmConvolveQ7.arm_convolve_HWC_q7_fast(a, offA, p[0], p[1], b, offB, p[2],
                    p[3], p[4], p[5], c, offC, p[6], p[7], o, offO, p[8]);
            case CONV_RGB -> status = ArmConvolveQ7.arm_convolve_HWC_q7_RGB(a, offA, p[0], p[1], b, offB, p[2],
                    p[3], p[4], p[5], c, offC, p[6], p[7], o, offO, p[8]);
            case FC -> status = ArmFullyConnectedQ7.arm_fully_connected_q7(a, offA, b, offB, p[0], p[1], p[2], p[3],
                    c, offC, o, offO);
            case FC_OPT -> status = ArmFullyConnectedQ7.arm_fully_connected_q7_opt(a, offA, b, offB, p[0], p[1], p[2],
                    p[3], c, offC, o, offO);
            case MAXPOOL -> ArmPoolQ7.arm_maxpool_q7_HWC(a, offA, p[0], p[1], p[2], p[3], p[4], p[5], o, offO);
            case MAXPOOL_DSP -> ArmPoolQ7.arm_maxpool_q7_HWC_dsp(a, offA, p[0], p[1], p[2], p[3], p[4], p[5], o, offO);
            case AVEPOOL -> ArmPoolQ7.arm_avepool_q7_HWC(a, offA, p[0], p[1], p[2], p[3], p[4], p[5], o, offO);
            case AVEPOOL_DSP -> ArmPoolQ7.arm_avepool_q7_HWC_dsp(a, offA, p[0], p[1], p[2], p[3], p[4], p[5], o, offO);
            case RELU -> ArmActivationsQ7.arm_relu_q7(a, offA, p[0]);
            case ACTIVATIONS -> ArmActivationsQ7.arm_nn_activations_direct_q7(a, offA, p[0], p[1], p[2]);
            case SOFTMAX -> {
                if (p[1] != 0) {
                    ArmSoftmaxQ7.arm_softmax_q7(a, offA, p[0], a, offA);
                } else {
                    ArmSoftmaxQ7.arm_softmax_q7(a, offA, p[0], o, offO);
                }
            }
            case CONV_BASIC_NONSQUARE -> status = ArmConvolveQ7.arm_convolve_HWC_q7_basic_nonsquare(a, offA, p[0],
                    p[1], p[2], b, offB, p[3], p[4], p[5], p[6], p[7], p[8], p[9], c, offC, p[10], p[11], o, offO,
                    p[12], p[13]);
            case CONV_FAST_NONSQUARE -> status = ArmConvolveQ7.arm_convolve_HWC_q7_fast_nonsquare(a, offA, p[0],
                    p[1], p[2], b, offB, p[3], p[4], p[5], p[6], p[7], p[8], p[9], c, offC, p[10], p[11], o, offO,
                    p[12], p[13]);
            case CONV_1X1_FAST_NONSQUARE -> status = ArmConvolveQ7.arm_convolve_1x1_HWC_q7_fast_nonsquare(a, offA,
                    p[0], p[1], p[2], b, offB, p[3], p[4], p[5], p[6], p[7], p[8], p[9], c, offC, p[10], p[11], o,
                    offO, p[12], p[13]);
            case DEPTHWISE -> status = ArmConvolveQ7.arm_depthwise_separable_conv_HWC_q7(a, offA, p[0], p[1], b,
                    offB, p[2], p[3], p[4], p[5], c, offC, p[6], p[7], o, offO, p[8]);
            case DEPTHWISE_NONSQUARE -> status = ArmConvolveQ7.arm_depthwise_separable_conv_HWC_q7_nonsquare(a,
                    offA, p[0], p[1], p[2], b, offB, p[3], p[4], p[5], p[6], p[7], p[8], p[9], c, offC, p[10], p[11],
                    o, offO, p[12], p[13]);
            case J_MAXPOOL_NONSQUARE -> J2cmsisCustomQ7.j2cmsis_maxpool_q7_HWC_nonsquare(a, offA, p[0], p[1], p[2],
                    p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], o, offO);
            case J_AVEPOOL_NONSQUARE -> J2cmsisCustomQ7.j2cmsis_avepool_q7_HWC_nonsquare(a, offA, p[0], p[1], p[2],
                    p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], o, offO);
            case J_AVEPOOL_NONSQUARE_SHIFT -> J2cmsisCustomQ7.j2cmsis_avepool_q7_HWC_nonsquare_shift(a, offA, p[0],
                    p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], o, offO);
            case J_ADD -> {
                switch (p[4]) {
                    case 1 -> J2cmsisCustomQ7.j2cmsis_add_q7(a, offA, p[1], b, offB, p[2], p[3], a, offA, p[0]);
                    case 2 -> {
                        J2cmsisCustomQ7.j2cmsis_add_q7(a, offA, p[1], b, offB, p[2], p[3], b, offB, p[0]);
                        System.arraycopy(b, offB, o, offO, p[0]);
                        checkGuards(kc, "B", b, offB, kc.b().length);
                        b = embed(kc.b(), offB); // the driver returns the aliased b as the output
                    }
                    default -> J2cmsisCustomQ7.j2cmsis_add_q7(a, offA, p[1], b, offB, p[2], p[3], o, offO, p[0]);
                }
            }
            case J_CONCAT_CH -> J2cmsisCustomQ7.j2cmsis_concat_q7_HWC_ch(a, offA, p[0], b, offB, p[1], p[2], p[3], o,
                    offO);
            case J_RESCALE -> {
                if (p[2] != 0) {
                    J2cmsisCustomQ7.j2cmsis_q7_rescale(a, offA, p[1], a, offA, p[0]);
                } else {
                    J2cmsisCustomQ7.j2cmsis_q7_rescale(a, offA, p[1], o, offO, p[0]);
                }
            }
            case J_CONV_WIDE -> status = ArmConvolveQ7.arm_convolve_HWC_q7_basic_nonsquare(a, offA, p[0], p[1], p[2],
                    b, offB, p[3], p[4], p[5], p[6], p[7], p[8], p[9], c, offC, p[10], p[11], o, offO, p[12], p[13]);
            default -> fail("unknown kernel " + kc.kernel());
        }
        checkGuards(kc, "A", a, offA, kc.a().length);
        checkGuards(kc, "out", o, offO, kc.outLen());
        if (!Arrays.equals(b, embed(kc.b(), offB)) || !Arrays.equals(c, embed(kc.c(), offC))) {
            fail("Java kernel modified a const input: " + kc.describe());
        }
        return new KernelCase.Result(status, Arrays.copyOfRange(o, offO, offO + kc.outLen()),
                Arrays.copyOfRange(a, offA, offA + kc.a().length));
    }

    private static byte[] embed(byte[] data, int off) {
        byte[] r = new byte[off + data.length + 8];
        Arrays.fill(r, GUARD);
        System.arraycopy(data, 0, r, off, data.length);
        return r;
    }

    private static void checkGuards(KernelCase kc, String what, byte[] arr, int off, int len) {
        for (int i = 0; i < arr.length; i++) {
            if ((i < off || i >= off + len) && arr[i] != GUARD) {
                fail("Java kernel wrote outside " + what + " at relative index " + (i - off) + ": " + kc.describe());
            }
        }
    }
}
