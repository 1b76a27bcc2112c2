package dev.j2cmsis.processor.plan;

/**
 * One kernel call (or copy) of the generated code, with every argument decided. The C and the Java emitters
 * both translate these one to one, so the two cannot disagree.
 */
public sealed interface Step permits Step.Copy, Step.Conv, Step.FullyConnected, Step.Pool, Step.Relu,
        Step.Activation, Step.Softmax, Step.Add, Step.Concat, Step.Rescale {

    /** The CMSIS (or j2cmsis) function called. */
    String cmsisFunction();

    record Copy(Buf from, Buf to, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "memcpy";
        }
    }

    /**
     * A convolution; per-axis values (x = width, y = height), equal on both axes for the square variants.
     * {@code scratchQ15} is the im2col bufferA the kernel needs.
     */
    record Conv(ConvVariant variant, Buf in, Buf out, int dimInX, int dimInY, int chIn, Const weights, int chOut,
                int kernelX, int kernelY, int padX, int padY, int strideX, int strideY, Const bias, int biasShift,
                int outShift, int dimOutX, int dimOutY, int scratchQ15) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_" + variant.function();
        }
    }

    /** arm_fully_connected_q7_opt with its weights interleaved; {@code vec_buffer} holds dimVec q15. */
    record FullyConnected(Buf in, Buf out, Const weights, int dimVec, int rows, int biasShift, int outShift,
                          Const bias) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_fully_connected_q7_opt";
        }

        public int scratchQ15() {
            return dimVec;
        }
    }

    /**
     * Pooling. {@code custom}: j2cmsis's per-axis kernel (CMSIS has square pools only). Otherwise CMSIS's
     * square arm_maxpool_q7_HWC / arm_avepool_q7_HWC, where {@code dsp} selects the ARM_MATH_DSP path semantics
     * (used where the paths differ on a DSP target; that path destroys its input). {@code scratchQ15} is the
     * bufferA of the DSP average pool.
     */
    record Pool(boolean max, boolean custom, boolean dsp, Buf in, Buf out, int dimInX, int dimInY, int ch,
                int kernelX, int kernelY, int padX, int padY, int strideX, int strideY, int dimOutX, int dimOutY,
                int scratchQ15) implements Step {
        @Override
        public String cmsisFunction() {
            String base = max ? "maxpool_q7_HWC" : "avepool_q7_HWC";
            return custom ? "j2cmsis_" + base + "_nonsquare" : "arm_" + base;
        }
    }

    /** arm_relu_q7 in place on [offset, offset + size); size fits its uint16_t argument. */
    record Relu(Buf buf, int offset, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_relu_q7";
        }
    }

    /** arm_nn_activations_direct_q7 in place (type 0 sigmoid, 1 tanh) on [offset, offset + size). */
    record Activation(Buf buf, int offset, int size, int intWidth, int type) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_nn_activations_direct_q7";
        }
    }

    record Softmax(Buf in, Buf out, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_softmax_q7";
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
