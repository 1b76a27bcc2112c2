package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_ARG_ERROR;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_SUCCESS;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.clamp;

/**
 * The s8 pooling of CMSIS-NN v7.0.0, {@code Source/PoolingFunctions/}: {@code arm_avgpool_s8.c},
 * {@code arm_max_pool_s8.c}, {@code arm_avgpool_get_buffer_sizes_s8.c}. No offsets or multipliers (TFLite makes
 * input and output share scale and zero point). Windows ({@code filter.h x filter.w}, leading pad
 * {@code padding}) are clipped to the input: padding is excluded, not zero-filled. NHWC, batches {@code in.n}.
 */
public final class ArmPoolS8 {

    private ArmPoolS8() {
    }

    /**
     * {@code arm_avgpool_s8}: {@code avg = sum > 0 ? (sum + count/2) / count : (sum - count/2) / count} (C division,
     * so half away from zero) over the {@code count} valid taps, clamped; the same on every target. ARG_ERROR when
     * {@code in.n < 1}, when {@code ctx} is null on DSP (which needs {@link #arm_avgpool_s8_get_buffer_size}
     * bytes), or at the first output pixel whose window holds no input (the pixels before it are written).
     */
    public static int arm_avgpool_s8(S8Target target, byte[] ctx, PoolParams p, CmsisDims inDims, byte[] in,
            int inOff, CmsisDims fDims, CmsisDims outDims, byte[] out, int outOff) {
        if (inDims.n() < 1) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        if (target == S8Target.DSP && ctx == null && arm_avgpool_s8_get_buffer_size(target, outDims.w(),
                inDims.c()) != 0) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int inX = inDims.w();
        int inY = inDims.h();
        int ch = inDims.c();
        int outX = outDims.w();
        int outY = outDims.h();
        int sx = p.stride().w();
        int sy = p.stride().h();
        int px = p.padding().w();
        int py = p.padding().h();
        int kx = fDims.w();
        int ky = fDims.h();
        int actMin = p.activation().min();
        int actMax = p.activation().max();
        for (int b = 0; b < inDims.n(); b++) {
            int src = inOff + b * inX * inY * ch;
            int dst = outOff + b * outX * outY * ch;
            for (int iy = 0; iy < outY; iy++) {
                int y0 = Math.max(iy * sy - py, 0);
                int y1 = Math.min(iy * sy - py + ky, inY);
                for (int ix = 0; ix < outX; ix++) {
                    int x0 = Math.max(ix * sx - px, 0);
                    int x1 = Math.min(ix * sx - px + kx, inX);
                    int count = Math.max(y1 - y0, 0) * Math.max(x1 - x0, 0);
                    if (count == 0) {
                        return ARM_CMSIS_NN_ARG_ERROR;
                    }
                    for (int c = 0; c < ch; c++) {
                        int sum = 0;
                        for (int y = y0; y < y1; y++) {
                            for (int x = x0; x < x1; x++) {
                                sum += in[src + c + ch * (x + y * inX)];
                            }
                        }
                        sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                        out[dst + c + ch * (ix + iy * outX)] = (byte) clamp(sum, actMin, actMax);
                    }
                }
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /**
     * {@code arm_max_pool_s8}: the maximum over the valid taps, then every output byte of the batch clamped. A window
     * without valid taps leaves its output bytes as they were (then clamps them), as the C does. ARG_ERROR when
     * {@code in.n < 1}. {@code ctx} unused.
     */
    public static int arm_max_pool_s8(S8Target target, byte[] ctx, PoolParams p, CmsisDims inDims, byte[] in,
            int inOff, CmsisDims fDims, CmsisDims outDims, byte[] out, int outOff) {
        if (inDims.n() < 1) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        int inX = inDims.w();
        int inY = inDims.h();
        int ch = inDims.c();
        int outX = outDims.w();
        int outY = outDims.h();
        int sx = p.stride().w();
        int sy = p.stride().h();
        int px = p.padding().w();
        int py = p.padding().h();
        int kx = fDims.w();
        int ky = fDims.h();
        int actMin = p.activation().min();
        int actMax = p.activation().max();
        int dst = outOff;
        for (int b = 0; b < inDims.n(); b++) {
            int src = inOff + b * inX * inY * ch;
            int dstBase = dst;
            for (int iy = 0; iy < outY; iy++) {
                int baseY = iy * sy - py;
                int y0 = Math.max(0, -baseY);
                int y1 = Math.min(ky, inY - baseY);
                for (int ix = 0; ix < outX; ix++) {
                    int baseX = ix * sx - px;
                    int x0 = Math.max(0, -baseX);
                    int x1 = Math.min(kx, inX - baseX);
                    boolean first = true;
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            int s = src + ch * (x + baseX + (y + baseY) * inX);
                            if (first) {
                                System.arraycopy(in, s, out, dst, ch);
                                first = false;
                            } else {
                                // branch-free: the compare mispredicted on about every other byte
                                for (int c = 0; c < ch; c++) {
                                    out[dst + c] = (byte) Math.max(out[dst + c], in[s + c]);
                                }
                            }
                        }
                    }
                    dst += ch;
                }
            }
            for (int i = dstBase; i < dstBase + outX * outY * ch; i++) {
                out[i] = (byte) clamp(out[i], actMin, actMax);
            }
        }
        return ARM_CMSIS_NN_SUCCESS;
    }

    /** {@code arm_avgpool_s8_get_buffer_size} as compiled for {@code target}: {@code ch * 4} on DSP, else 0. */
    public static int arm_avgpool_s8_get_buffer_size(S8Target target, int outputX, int ch) {
        return target == S8Target.DSP ? arm_avgpool_s8_get_buffer_size_dsp(outputX, ch) : 0;
    }

    /** {@code arm_avgpool_s8_get_buffer_size_dsp}: {@code ch * sizeof(int32)}. */
    public static int arm_avgpool_s8_get_buffer_size_dsp(int outputX, int ch) {
        return ch * 4;
    }

    /** {@code arm_avgpool_s8_get_buffer_size_mve}: 0. */
    public static int arm_avgpool_s8_get_buffer_size_mve(int outputX, int ch) {
        return 0;
    }
}
