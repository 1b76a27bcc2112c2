package dev.j2cmsis.sim.runtime.s8;

import dev.j2cmsis.sim.kernels.s8.ArmConcatenationS8;
import dev.j2cmsis.sim.kernels.s8.ArmConvolveS8;
import dev.j2cmsis.sim.kernels.s8.ArmDepthwiseConvS8;
import dev.j2cmsis.sim.kernels.s8.ArmElementwiseS8;
import dev.j2cmsis.sim.kernels.s8.ArmFullyConnectedS8;
import dev.j2cmsis.sim.kernels.s8.ArmPoolS8;
import dev.j2cmsis.sim.kernels.s8.ArmSoftmaxS8;
import dev.j2cmsis.sim.kernels.s8.CmsisDims;
import dev.j2cmsis.sim.kernels.s8.ConvParams;
import dev.j2cmsis.sim.kernels.s8.DwConvParams;
import dev.j2cmsis.sim.kernels.s8.FcParams;
import dev.j2cmsis.sim.kernels.s8.J2cmsisActivationS8;
import dev.j2cmsis.sim.kernels.s8.PerChannelQuantParams;
import dev.j2cmsis.sim.kernels.s8.PoolParams;
import java.io.Serializable;

/**
 * One CMSIS-NN v7.0.0 call of a generated s8 network, with every argument decided at generation time. The processor
 * writes the C call of each step and runs {@link #execute} for the golden vectors; the generated simulator runs the
 * same steps with the same {@link #execute}, so the two agree by construction, and the C is checked against both.
 */
public sealed interface S8Step extends Serializable permits S8Step.Conv, S8Step.DepthwiseConv,
        S8Step.FullyConnected, S8Step.Pool, S8Step.Softmax, S8Step.Add, S8Step.Lut, S8Step.Concat {

    /** Runs the step; 0 on success, else the CMSIS-NN status. */
    int execute(S8Memory m);

    /** The CMSIS-NN (or j2cmsis) function the generated C calls. */
    String function();

    /**
     * A convolution through {@code arm_convolve_wrapper_s8}, or, when {@code direct}, through {@code arm_convolve_s8}
     * itself (the planner routes a 1xN convolution that v7.0.0's MVE {@code arm_convolve_1_x_n_s8} computes wrongly
     * around it, on every target, so the bytes do not depend on the core).
     */
    record Conv(S8Ref in, S8Ref out, ConvParams params, CmsisDims inDims, CmsisDims filterDims, CmsisDims outDims,
                byte[] weights, int[] bias, int[] multiplier, int[] shift, boolean direct) implements S8Step {
        @Override
        public int execute(S8Memory m) {
            PerChannelQuantParams q = new PerChannelQuantParams(multiplier, shift);
            return direct
                    ? ArmConvolveS8.arm_convolve_s8(m.rounding(), m.scratch(), params, q, inDims, m.array(in),
                            m.offset(in), filterDims, weights, 0, bias, outDims, m.array(out), m.offset(out))
                    : ArmConvolveS8.arm_convolve_wrapper_s8(m.target(), m.rounding(), m.scratch(), params, q, inDims,
                            m.array(in), m.offset(in), filterDims, weights, 0, bias, outDims, m.array(out),
                            m.offset(out));
        }

        @Override
        public String function() {
            return direct ? "arm_convolve_s8" : "arm_convolve_wrapper_s8";
        }
    }

    /** A depthwise convolution through {@code arm_depthwise_conv_wrapper_s8}. */
    record DepthwiseConv(S8Ref in, S8Ref out, DwConvParams params, CmsisDims inDims, CmsisDims filterDims,
                         CmsisDims outDims, byte[] weights, int[] bias, int[] multiplier, int[] shift)
            implements S8Step {
        @Override
        public int execute(S8Memory m) {
            return ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8(m.target(), m.rounding(), m.scratch(), params,
                    new PerChannelQuantParams(multiplier, shift), inDims, m.array(in), m.offset(in), filterDims,
                    weights, 0, bias, outDims, m.array(out), m.offset(out));
        }

        @Override
        public String function() {
            return "arm_depthwise_conv_wrapper_s8";
        }
    }

    /**
     * {@code arm_fully_connected_per_channel_s8}. {@code kernelSums} ({@code bias[o] + input_offset * sum(w[o])},
     * {@code arm_vector_sum_s8}'s result) is what the MVE kernel reads from {@code ctx->buf} instead of the bias.
     */
    record FullyConnected(S8Ref in, S8Ref out, FcParams params, CmsisDims inDims, CmsisDims filterDims,
                          CmsisDims outDims, byte[] weights, int[] bias, int[] multiplier, int[] shift,
                          int[] kernelSums) implements S8Step {
        @Override
        public int execute(S8Memory m) {
            return ArmFullyConnectedS8.arm_fully_connected_per_channel_s8(m.target(), m.rounding(), kernelSums,
                    params, new PerChannelQuantParams(multiplier, shift), inDims, m.array(in), m.offset(in),
                    filterDims, weights, 0, bias, outDims, m.array(out), m.offset(out));
        }

        @Override
        public String function() {
            return "arm_fully_connected_per_channel_s8";
        }
    }

    /** {@code arm_max_pool_s8} or {@code arm_avgpool_s8} (input and output share scale and zero point). */
    record Pool(boolean max, S8Ref in, S8Ref out, PoolParams params, CmsisDims inDims, CmsisDims filterDims,
                CmsisDims outDims) implements S8Step {
        @Override
        public int execute(S8Memory m) {
            return max
                    ? ArmPoolS8.arm_max_pool_s8(m.target(), m.scratch(), params, inDims, m.array(in), m.offset(in),
                            filterDims, outDims, m.array(out), m.offset(out))
                    : ArmPoolS8.arm_avgpool_s8(m.target(), m.scratch(), params, inDims, m.array(in), m.offset(in),
                            filterDims, outDims, m.array(out), m.offset(out));
        }

        @Override
        public String function() {
            return max ? "arm_max_pool_s8" : "arm_avgpool_s8";
        }
    }

    /** {@code arm_softmax_s8} over {@code rows} rows of {@code rowSize}; output scale 1/256, zero point -128. */
    record Softmax(S8Ref in, S8Ref out, int rows, int rowSize, int mult, int shift, int diffMin) implements S8Step {
        @Override
        public int execute(S8Memory m) {
            ArmSoftmaxS8.arm_softmax_s8(m.array(in), m.offset(in), rows, rowSize, mult, shift, diffMin,
                    m.array(out), m.offset(out));
            return 0;
        }

        @Override
        public String function() {
            return "arm_softmax_s8";
        }
    }

    /** {@code arm_elementwise_add_s8} with TFLite's parameters ({@code leftShift} 20). */
    record Add(S8Ref a, S8Ref b, S8Ref out, int aOffset, int aMult, int aShift, int bOffset, int bMult, int bShift,
               int leftShift, int outOffset, int outMult, int outShift, int actMin, int actMax, int size)
            implements S8Step {
        @Override
        public int execute(S8Memory m) {
            return ArmElementwiseS8.arm_elementwise_add_s8(m.target(), m.rounding(), m.array(a), m.offset(a),
                    m.array(b), m.offset(b), aOffset, aMult, aShift, bOffset, bMult, bShift, leftShift, m.array(out),
                    m.offset(out), outOffset, outMult, outShift, actMin, actMax, size);
        }

        @Override
        public String function() {
            return "arm_elementwise_add_s8";
        }
    }

    /** {@code j2cmsis_lut_s8}: int8 sigmoid or tanh by a 256-entry table made at generation time. */
    record Lut(S8Ref in, S8Ref out, byte[] table, int size) implements S8Step {
        @Override
        public int execute(S8Memory m) {
            J2cmsisActivationS8.lookup(table, m.array(in), m.offset(in), m.array(out), m.offset(out), size);
            return 0;
        }

        @Override
        public String function() {
            return "j2cmsis_lut_s8";
        }
    }

    /**
     * One input of a channel concatenation: {@code arm_concatenation_s8_x} copies its channels to output channels
     * {@code [chOffset, chOffset + in.c)} of an {@code outCh}-channel tensor.
     */
    record Concat(S8Ref in, S8Ref out, CmsisDims inDims, int outCh, int chOffset) implements S8Step {
        @Override
        public int execute(S8Memory m) {
            ArmConcatenationS8.concatChannels(m.array(in), m.offset(in), inDims, m.array(out), m.offset(out), outCh,
                    chOffset);
            return 0;
        }

        @Override
        public String function() {
            return "arm_concatenation_s8_x";
        }
    }
}
