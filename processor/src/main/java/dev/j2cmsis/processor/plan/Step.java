package dev.j2cmsis.processor.plan;

/**
 * One kernel call (or copy) of the generated code, with every argument decided. The C and the Java emitters
 * both translate these one to one, so the two cannot disagree.
 */
public sealed interface Step permits Step.Copy, Step.Conv, Step.FullyConnected, Step.Pool, Step.Relu,
        Step.Activation, Step.Softmax, Step.Add, Step.Concat, Step.Rescale, Step.Convert {

    /** The CMSIS (or j2cmsis) function called. */
    String cmsisFunction();

    /** Every buffer the step reads or writes (scratch included), in component order. */
    default java.util.List<Buf> buffers() {
        java.util.List<Buf> out = new java.util.ArrayList<>();
        for (java.lang.reflect.RecordComponent rc : getClass().getRecordComponents()) {
            if (rc.getType() == Buf.class) {
                try {
                    Buf b = (Buf) rc.getAccessor().invoke(this);
                    if (b != null) {
                        out.add(b);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** {@code size} elements (of the buffers' width). */
    record Copy(Buf from, Buf to, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "memcpy";
        }
    }

    /**
     * A convolution; per-axis values (x = width, y = height), equal on both axes for the square variants.
     * {@code scratchQ15} is the im2col bufferA the kernel needs, at {@code scratch} (null when none).
     * {@code wide}: the C calls {@code j2cmsis_convolve_HWC_q7_wide} on the widened weights
     * ({@link Const#wide()}), which computes the reference result of every q7 variant here, faster than CMSIS's
     * kernels on cores with the DSP extension; the simulator runs {@code variant} as for the other kernels.
     */
    record Conv(ConvVariant variant, Buf in, Buf out, int dimInX, int dimInY, int chIn, Const weights, int chOut,
                int kernelX, int kernelY, int padX, int padY, int strideX, int strideY, Const bias, int biasShift,
                int outShift, int dimOutX, int dimOutY, int scratchQ15, Buf scratch, boolean wide)
            implements Step {
        @Override
        public String cmsisFunction() {
            return wide ? "j2cmsis_convolve_HWC_q7_wide" : "arm_" + variant.function();
        }
    }

    /**
     * A fully connected layer with its weights interleaved for the {@code _opt} kernel: q7
     * (arm_fully_connected_q7_opt, whose {@code vec_buffer}, at {@code scratch}, holds dimVec q15), q15
     * (arm_fully_connected_q15_opt) or q7 weights on q15 activations (arm_fully_connected_mat_q7_vec_q15_opt).
     */
    record FullyConnected(FcKind kind, Buf in, Buf out, Const weights, int dimVec, int rows, int biasShift,
                          int outShift, Const bias, Buf scratch) implements Step {
        public enum FcKind {
            Q7("fully_connected_q7_opt"), Q15("fully_connected_q15_opt"), Q7_Q15("fully_connected_mat_q7_vec_q15_opt");

            private final String function;

            FcKind(String function) {
                this.function = function;
            }

            public String function() {
                return function;
            }
        }

        @Override
        public String cmsisFunction() {
            return "arm_" + kind.function();
        }

        public int scratchQ15() {
            return kind == FcKind.Q7 ? dimVec : 0;
        }
    }

    /**
     * Pooling. {@code custom}: j2cmsis's per-axis kernel (CMSIS has square pools only). Otherwise CMSIS's
     * square arm_maxpool_q7_HWC / arm_avepool_q7_HWC, where {@code dsp} selects the ARM_MATH_DSP path semantics
     * (used where the paths differ on a DSP target; that path destroys its input). {@code scratchQ15} is the
     * bufferA of CMSIS's average pool (at {@code scratch}, null when none); {@code avgShift} the left shift of
     * j2cmsis's q7 average pool.
     */
    record Pool(boolean max, boolean custom, boolean dsp, boolean q15, Buf in, Buf out, int dimInX, int dimInY, int ch,
                int kernelX, int kernelY, int padX, int padY, int strideX, int strideY, int dimOutX, int dimOutY,
                int scratchQ15, int avgShift, Buf scratch) implements Step {
        @Override
        public String cmsisFunction() {
            String base = (max ? "maxpool_" : "avepool_") + (q15 ? "q15" : "q7") + "_HWC";
            return custom ? "j2cmsis_" + base + "_nonsquare" + (shifted() ? "_shift" : "") : "arm_" + base;
        }

        /** j2cmsis's q7 average pool with a left shift (it gains fractional bits over its input). */
        public boolean shifted() {
            return custom && !max && !q15;
        }
    }

    /** arm_relu_q7 (or _q15 for a q15 buffer) in place on [offset, offset + size); size fits uint16_t. */
    record Relu(Buf buf, int offset, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return buf.q15() ? "arm_relu_q15" : "arm_relu_q7";
        }
    }

    /** arm_nn_activations_direct_q7 in place (type 0 sigmoid, 1 tanh) on [offset, offset + size). */
    record Activation(Buf buf, int offset, int size, int intWidth, int type) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_nn_activations_direct_q7";
        }
    }

    /** arm_softmax_q7, or arm_softmax_q15 on q15 buffers. */
    record Softmax(Buf in, Buf out, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return in.q15() ? "arm_softmax_q15" : "arm_softmax_q7";
        }
    }

    /**
     * Between widths: q7 to q15 keeps values and fractional bits (arm_q7_to_q15_no_shift); q15 to q7 shifts
     * right with CMSIS rounding and saturates (j2cmsis_q15_to_q7).
     */
    record Convert(Buf in, Buf out, int rightShift, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return out.q15() ? "arm_q7_to_q15_no_shift" : "j2cmsis_q15_to_q7";
        }
    }

    /** j2cmsis_add_q7: {@code sat8(((a << aShift) + (b << bShift) + R(s)) >> s)}. */
    record Add(Buf a, int aShift, Buf b, int bShift, int outShift, Buf out, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "j2cmsis_add_q7";
        }
    }

    /** j2cmsis_concat_q7_HWC_ch: per pixel, chA bytes of a then chB bytes of b. */
    record Concat(Buf a, int chA, Buf b, int chB, int dimX, int dimY, Buf out) implements Step {
        @Override
        public String cmsisFunction() {
            return "j2cmsis_concat_q7_HWC_ch";
        }
    }

    /** j2cmsis_q7_rescale: {@code out = in * 2^shift}, rounded like CMSIS and saturated. */
    record Rescale(Buf in, int shift, Buf out, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "j2cmsis_q7_rescale";
        }
    }
}
