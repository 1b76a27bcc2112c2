package dev.j2cmsis.sim.kernels.s8;

import java.util.Arrays;

/**
 * Runs an {@link S8Case} through the Java kernels for a given target and rounding, exactly as kernel_driver_s8.c
 * runs it through C: the same parameter layout, output pre-filled with 0x5A, and a ctx buffer (zero-filled) of the
 * size the target's get_buffer_size functions ask for, or null when the case asks for a NULL ctx.
 */
final class S8JavaKernels {

    static final int NOT_AVAILABLE = -100;

    private S8JavaKernels() {
    }

    static CmsisDims dims(int[] p, int at) {
        return new CmsisDims(p[at], p[at + 1], p[at + 2], p[at + 3]);
    }

    static ConvParams convParams(int[] p) {
        return new ConvParams(p[12], p[13], new CmsisTile(p[14], p[15]), new CmsisTile(p[16], p[17]),
                new CmsisTile(p[18], p[19]), new CmsisActivation(p[20], p[21]));
    }

    static DwConvParams dwParams(int[] p) {
        return new DwConvParams(p[12], p[13], p[22], new CmsisTile(p[14], p[15]), new CmsisTile(p[16], p[17]),
                new CmsisTile(p[18], p[19]), new CmsisActivation(p[20], p[21]));
    }

    /** The ctx size kernel_driver_s8.c allocates for this case on {@code target} (real CMSIS-NN build). */
    static int ctxSize(S8Case c, S8Target target) {
        int[] p = c.p();
        CmsisDims in = dims(p, 0);
        CmsisDims f = dims(p, 4);
        CmsisDims out = dims(p, 8);
        int id = c.function().id;
        if (id >= 1 && id <= 5) {
            ConvParams cp = convParams(p);
            return Math.max(Math.max(ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(target, cp, in, f, out),
                    ArmConvolveS8.arm_convolve_s8_get_buffer_size(target, in, f)),
                    Math.max(ArmConvolveS8.arm_convolve_1_x_n_s8_get_buffer_size(target, cp, in, f, out),
                            ArmConvolveS8.arm_convolve_1x1_s8_fast_get_buffer_size(target, in)));
        }
        if (id >= 10 && id <= 13) {
            return Math.max(ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(target, dwParams(p), in,
                    f, out), ArmDepthwiseConvS8.arm_depthwise_conv_s8_opt_get_buffer_size(target, in, f));
        }
        if (id == 20 || id == 21) {
            return Math.max(ArmFullyConnectedS8.arm_fully_connected_s8_get_buffer_size(target, f), out.c() * 4);
        }
        if (id == 30 || id == 31) {
            return ArmPoolS8.arm_avgpool_s8_get_buffer_size(target, out.w(), in.c());
        }
        return 0;
    }

    static S8Case.Result run(S8Case c, S8Target target, S8Rounding rounding) {
        int[] p = c.p();
        byte[] out = new byte[c.outLen()];
        Arrays.fill(out, (byte) 0x5A);
        byte[] a = c.a().clone();
        byte[] b = c.b();
        CmsisDims in = dims(p, 0);
        CmsisDims f = dims(p, 4);
        CmsisDims od = dims(p, 8);
        boolean nullCtx = p[23] != 0;
        byte[] ctx = nullCtx ? null : new byte[ctxSize(c, target)];
        PerChannelQuantParams q = new PerChannelQuantParams(c.mult(), c.shift());
        int status = 0;
        switch (c.function()) {
            case CONVOLVE_WRAPPER -> status = ArmConvolveS8.arm_convolve_wrapper_s8(target, rounding, ctx,
                    convParams(p), q, in, a, 0, f, b, 0, c.bias(), od, out, 0);
            case CONVOLVE -> status = ArmConvolveS8.arm_convolve_s8(rounding, ctx, convParams(p), q, in, a, 0, f, b,
                    0, c.bias(), od, out, 0);
            case CONVOLVE_1X1_FAST -> status = ArmConvolveS8.arm_convolve_1x1_s8_fast(rounding, ctx, convParams(p), q,
                    in, a, 0, f, b, 0, c.bias(), od, out, 0);
            case CONVOLVE_1X1 -> status = ArmConvolveS8.arm_convolve_1x1_s8(rounding, ctx, convParams(p), q, in, a, 0,
                    f, b, 0, c.bias(), od, out, 0);
            case CONVOLVE_1_X_N -> status = ArmConvolveS8.arm_convolve_1_x_n_s8(target, rounding, ctx, convParams(p),
                    q, in, a, 0, f, b, 0, c.bias(), od, out, 0);
            case DEPTHWISE_WRAPPER -> status = ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8(target, rounding, ctx,
                    dwParams(p), q, in, a, 0, f, b, 0, c.bias(), od, out, 0);
            case DEPTHWISE -> status = ArmDepthwiseConvS8.arm_depthwise_conv_s8(rounding, ctx, dwParams(p), q, in, a,
                    0, f, b, 0, c.bias(), od, out, 0);
            case DEPTHWISE_OPT -> status = ArmDepthwiseConvS8.arm_depthwise_conv_s8_opt(target, rounding, ctx,
                    dwParams(p), q, in, a, 0, f, b, 0, c.bias(), od, out, 0);
            case DEPTHWISE_3X3 -> status = ArmDepthwiseConvS8.arm_depthwise_conv_3x3_s8(rounding, ctx, dwParams(p), q,
                    in, a, 0, f, b, 0, c.bias(), od, out, 0);
            case FULLY_CONNECTED, FULLY_CONNECTED_PER_CHANNEL -> {
                FcParams fp = new FcParams(p[12], p[14], p[13], new CmsisActivation(p[20], p[21]));
                int[] sums = null;
                if (!nullCtx) {
                    sums = new int[od.c()];
                    ArmFullyConnectedS8.arm_vector_sum_s8(sums, f.n(), od.c(), b, 0, fp.inputOffset(),
                            fp.filterOffset(), c.bias());
                }
                status = c.function() == S8Function.FULLY_CONNECTED
                        ? ArmFullyConnectedS8.arm_fully_connected_s8(target, rounding, sums, fp,
                                new PerTensorQuantParams(c.mult()[0], c.shift()[0]), in, a, 0, f, b, 0, c.bias(), od,
                                out, 0)
                        : ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(target, rounding, sums, fp, q, in, a,
                                0, f, b, 0, c.bias(), od, out, 0);
            }
            case AVGPOOL -> status = ArmPoolS8.arm_avgpool_s8(target, ctx, poolParams(p), in, a, 0, f, od, out, 0);
            case MAX_POOL -> status = ArmPoolS8.arm_max_pool_s8(target, ctx, poolParams(p), in, a, 0, f, od, out, 0);
            case SOFTMAX -> ArmSoftmaxS8.arm_softmax_s8(a, 0, p[0], p[1], p[2], p[3], p[4], out, 0);
            case ADD -> status = ArmElementwiseS8.arm_elementwise_add_s8(target, rounding, a, 0, b, 0, p[1], p[2],
                    p[3], p[4], p[5], p[6], p[7], out, 0, p[8], p[9], p[10], p[11], p[12], p[0]);
            case MUL -> status = ArmElementwiseS8.arm_elementwise_mul_s8(target, rounding, a, 0, b, 0, p[1], p[2],
                    out, 0, p[3], p[4], p[5], p[6], p[7], p[0]);
            case RELU6 -> {
                ArmActivationS8.arm_relu6_s8(a, 0, p[0]);
                System.arraycopy(a, 0, out, 0, Math.min(out.length, a.length));
            }
            case CONCATENATION_X -> {
                System.arraycopy(b, 0, out, 0, Math.min(out.length, b.length));
                ArmConcatenationS8.arm_concatenation_s8_x(a, 0, p[0], p[1], p[2], p[3], out, 0, p[4], p[5]);
            }
            case LUT -> J2cmsisActivationS8.lookup(b, a, 0, out, 0, p[0]);
            case REQUANTIZE -> {
                for (int i = 0; i < c.bias().length; i++) {
                    putInt(out, i, NnSupportS8.arm_nn_requantize(c.bias()[i], c.mult()[i], c.shift()[i], rounding));
                }
            }
            case BUFFER_SIZES -> {
                ConvParams cp = convParams(p);
                putInt(out, 0, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(target, cp, in, f, od));
                putInt(out, 1, ArmConvolveS8.arm_convolve_s8_get_buffer_size(target, in, f));
                putInt(out, 2, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(target, dwParams(p),
                        in, f, od));
                putInt(out, 3, ArmFullyConnectedS8.arm_fully_connected_s8_get_buffer_size(target, f));
                putInt(out, 4, ArmPoolS8.arm_avgpool_s8_get_buffer_size(target, od.w(), in.c()));
            }
            case BUFFER_SIZE_VARIANTS -> {
                ConvParams cp = convParams(p);
                DwConvParams dp = dwParams(p);
                putInt(out, 0, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size_dsp(target, cp, in, f, od));
                putInt(out, 1, ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size_mve(cp, in, f, od));
                putInt(out, 2, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(dp, in, f, od));
                putInt(out, 3, ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(dp, in, f, od));
                putInt(out, 4, ArmFullyConnectedS8.arm_fully_connected_s8_get_buffer_size_dsp(f));
                putInt(out, 5, ArmFullyConnectedS8.arm_fully_connected_s8_get_buffer_size_mve(f));
                putInt(out, 6, ArmPoolS8.arm_avgpool_s8_get_buffer_size_dsp(od.w(), in.c()));
                putInt(out, 7, ArmPoolS8.arm_avgpool_s8_get_buffer_size_mve(od.w(), in.c()));
            }
        }
        return new S8Case.Result(status, out);
    }

    static PoolParams poolParams(int[] p) {
        return new PoolParams(new CmsisTile(p[14], p[15]), new CmsisTile(p[16], p[17]),
                new CmsisActivation(p[20], p[21]));
    }

    static void putInt(byte[] out, int idx, int v) {
        out[4 * idx] = (byte) v;
        out[4 * idx + 1] = (byte) (v >>> 8);
        out[4 * idx + 2] = (byte) (v >>> 16);
        out[4 * idx + 3] = (byte) (v >>> 24);
    }
}
