package dev.j2cmsis.processor.plan;

/**
 * One kernel call (or copy) of the generated code, with every argument decided. The C and the Java emitters
 * both translate these one to one, so the two cannot disagree.
 */
public sealed interface Step permits Step.Copy, Step.Conv, Step.FullyConnected, Step.MaxPool, Step.Relu,
        Step.Softmax {

    /** The CMSIS function called (or memcpy). */
    String cmsisFunction();

    record Copy(Buf from, Buf to, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "memcpy";
        }
    }

    /** arm_convolve_HWC_q7_{basic,fast,RGB}; {@code scratchQ15} is the im2col bufferA it needs. */
    record Conv(ConvVariant variant, Buf in, Buf out, int dimIn, int chIn, Const weights, int chOut, int kernel,
                int padding, int stride, Const bias, int biasShift, int outShift, int dimOut, int scratchQ15)
            implements Step {
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
     * arm_maxpool_q7_HWC. {@code dsp} selects the ARM_MATH_DSP path semantics, needed only where the two paths
     * differ (padding >= stride) on a DSP target; the input buffer is destroyed on that path.
     */
    record MaxPool(boolean dsp, Buf in, Buf out, int dimIn, int ch, int kernel, int padding, int stride,
                   int dimOut) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_maxpool_q7_HWC";
        }
    }

    /** arm_relu_q7 in place on [offset, offset + size); size fits its uint16_t argument. */
    record Relu(Buf buf, int offset, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_relu_q7";
        }
    }

    record Softmax(Buf in, Buf out, int size) implements Step {
        @Override
        public String cmsisFunction() {
            return "arm_softmax_q7";
        }
    }
}
