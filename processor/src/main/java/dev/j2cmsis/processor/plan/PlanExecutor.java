package dev.j2cmsis.processor.plan;

import dev.j2cmsis.sim.kernels.ArmActivationsQ7;
import dev.j2cmsis.sim.kernels.ArmConvolveQ7;
import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ7;
import dev.j2cmsis.sim.kernels.ArmPoolQ7;
import dev.j2cmsis.sim.kernels.ArmSoftmaxQ7;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs a plan's steps with the runtime-sim kernels at compile time (for the golden vectors of the C test
 * harness). It interprets the same {@link Step}s the Java emitter writes out, so the generated simulator and
 * this executor agree by construction; the harness run under QEMU checks the C against both.
 */
public final class PlanExecutor {
    private final Plan plan;

    public PlanExecutor(Plan plan) {
        this.plan = plan;
    }

    /** The q7 output for one q7 HWC input. */
    public byte[] run(byte[] input) {
        if (input.length != plan.inputSize()) {
            throw new IllegalArgumentException("input has " + input.length + " values, expected "
                    + plan.inputSize());
        }
        Map<Buf, byte[]> mem = new EnumMap<>(Buf.class);
        mem.put(Buf.INPUT, input.clone());
        mem.put(Buf.OUTPUT, new byte[plan.outputSize()]);
        mem.put(Buf.BUF0, new byte[plan.buf0Bytes()]);
        mem.put(Buf.BUF1, new byte[plan.buf1Bytes()]);
        for (Step s : plan.prelude()) {
            execute(s, mem);
        }
        for (PlannedLayer l : plan.layers()) {
            for (Step s : l.steps()) {
                execute(s, mem);
            }
        }
        return Arrays.copyOf(mem.get(Buf.OUTPUT), plan.outputSize());
    }

    private void execute(Step st, Map<Buf, byte[]> mem) {
        byte[] w = plan.blob();
        if (st instanceof Step.Copy c) {
            System.arraycopy(mem.get(c.from()), 0, mem.get(c.to()), 0, c.size());
        } else if (st instanceof Step.Conv c) {
            byte[] in = mem.get(c.in());
            byte[] out = mem.get(c.out());
            int status = switch (c.variant()) {
                case BASIC -> ArmConvolveQ7.arm_convolve_HWC_q7_basic(in, 0, c.dimIn(), c.chIn(), w,
                        c.weights().blobOffset(), c.chOut(), c.kernel(), c.padding(), c.stride(), w,
                        c.bias().blobOffset(), c.biasShift(), c.outShift(), out, 0, c.dimOut());
                case FAST -> ArmConvolveQ7.arm_convolve_HWC_q7_fast(in, 0, c.dimIn(), c.chIn(), w,
                        c.weights().blobOffset(), c.chOut(), c.kernel(), c.padding(), c.stride(), w,
                        c.bias().blobOffset(), c.biasShift(), c.outShift(), out, 0, c.dimOut());
                case RGB -> ArmConvolveQ7.arm_convolve_HWC_q7_RGB(in, 0, c.dimIn(), c.chIn(), w,
                        c.weights().blobOffset(), c.chOut(), c.kernel(), c.padding(), c.stride(), w,
                        c.bias().blobOffset(), c.biasShift(), c.outShift(), out, 0, c.dimOut());
            };
            check(status, c);
        } else if (st instanceof Step.FullyConnected f) {
            check(ArmFullyConnectedQ7.arm_fully_connected_q7_opt(mem.get(f.in()), 0, w, f.weights().blobOffset(),
                    f.dimVec(), f.rows(), f.biasShift(), f.outShift(), w, f.bias().blobOffset(), mem.get(f.out()),
                    0), f);
        } else if (st instanceof Step.MaxPool p) {
            if (p.dsp()) {
                ArmPoolQ7.arm_maxpool_q7_HWC_dsp(mem.get(p.in()), 0, p.dimIn(), p.ch(), p.kernel(), p.padding(),
                        p.stride(), p.dimOut(), mem.get(p.out()), 0);
            } else {
                ArmPoolQ7.arm_maxpool_q7_HWC(mem.get(p.in()), 0, p.dimIn(), p.ch(), p.kernel(), p.padding(),
                        p.stride(), p.dimOut(), mem.get(p.out()), 0);
            }
        } else if (st instanceof Step.Relu r) {
            ArmActivationsQ7.arm_relu_q7(mem.get(r.buf()), r.offset(), r.size());
        } else if (st instanceof Step.Softmax s) {
            ArmSoftmaxQ7.arm_softmax_q7(mem.get(s.in()), 0, s.size(), mem.get(s.out()), 0);
        } else {
            throw new IllegalStateException(st.toString());
        }
    }

    private static void check(int status, Step st) {
        if (status != 0) {
            throw new IllegalStateException("kernel returned " + status + " for " + st);
        }
    }
}
