package dev.j2cmsis.processor.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A step as a call of a runtime-sim kernel: the class (in {@code dev.j2cmsis.sim.kernels}), the method and its
 * arguments, where an array argument names a buffer or {@code w}, the weight blob. The simulator writer prints
 * these calls and the compile-time executor invokes them, so both run exactly the same kernels with the same
 * arguments.
 */
public record JavaCall(String owner, String method, List<Object> args, boolean returnsStatus) {
    /** An array argument: a buffer variable or the weight blob {@code w}. */
    public record Arr(String name) {
    }

    public static final String KERNELS = "dev.j2cmsis.sim.kernels";
    static final Arr W = new Arr("w");
    static final Arr W15 = new Arr("w15");

    private static Arr a(Buf b) {
        return new Arr(b.var());
    }

    /**
     * The call for a step; {@link Step.Copy} has none (it is an array copy). {@code off} gives each buffer's
     * offset in its array, in elements ({@link Plan#elementOffset}).
     */
    public static JavaCall of(Step st, ToIntFunction<Buf> off) {
        List<Object> args = new ArrayList<>();
        if (st instanceof Step.Conv c) {
            boolean sq = c.variant().square();
            Arr w = c.variant().q15() ? W15 : W;
            args.add(a(c.in()));
            args.add(off.applyAsInt(c.in()));
            args.add(c.dimInX());
            if (!sq) {
                args.add(c.dimInY());
            }
            args.add(c.chIn());
            args.add(w);
            args.add(c.weights().blobOffset());
            args.add(c.chOut());
            args.add(c.kernelX());
            if (!sq) {
                args.add(c.kernelY());
            }
            args.add(c.padX());
            if (!sq) {
                args.add(c.padY());
            }
            args.add(c.strideX());
            if (!sq) {
                args.add(c.strideY());
            }
            args.add(w);
            args.add(c.bias().blobOffset());
            args.add(c.biasShift());
            args.add(c.outShift());
            args.add(a(c.out()));
            args.add(off.applyAsInt(c.out()));
            args.add(c.dimOutX());
            if (!sq) {
                args.add(c.dimOutY());
            }
            return new JavaCall(c.variant().q15() ? "ArmConvolveQ15" : "ArmConvolveQ7", "arm_" + c.variant().function(),
                    args, true);
        } else if (st instanceof Step.FullyConnected f) {
            Arr w = f.weights().q15() ? W15 : W;
            args.addAll(List.of(a(f.in()), off.applyAsInt(f.in()), w, f.weights().blobOffset(), f.dimVec(), f.rows(), f.biasShift(),
                    f.outShift(), w, f.bias().blobOffset(), a(f.out()), off.applyAsInt(f.out())));
            return new JavaCall(f.kind() == Step.FullyConnected.FcKind.Q7 ? "ArmFullyConnectedQ7"
                    : "ArmFullyConnectedQ15", "arm_" + f.kind().function(), args, true);
        } else if (st instanceof Step.Pool p) {
            String base = (p.max() ? "maxpool_" : "avepool_") + (p.q15() ? "q15" : "q7") + "_HWC";
            if (p.custom()) {
                args.addAll(List.of(a(p.in()), off.applyAsInt(p.in()), p.dimInX(), p.dimInY(), p.ch(), p.kernelX(), p.kernelY(),
                        p.padX(), p.padY(), p.strideX(), p.strideY(), p.dimOutX(), p.dimOutY()));
                if (p.shifted()) {
                    args.add(p.avgShift());
                }
                args.add(a(p.out()));
                args.add(off.applyAsInt(p.out()));
                return new JavaCall(p.q15() ? "J2cmsisCustomQ15" : "J2cmsisCustomQ7", p.cmsisFunction(), args, false);
            }
            args.addAll(List.of(a(p.in()), off.applyAsInt(p.in()), p.dimInX(), p.ch(), p.kernelX(), p.padX(), p.strideX(), p.dimOutX(),
                    a(p.out()), off.applyAsInt(p.out())));
            return new JavaCall("ArmPoolQ7", "arm_" + base + (p.dsp() ? "_dsp" : ""), args, false);
        } else if (st instanceof Step.Relu r) {
            args.addAll(List.of(a(r.buf()), off.applyAsInt(r.buf()) + r.offset(), r.size()));
            return r.buf().q15() ? new JavaCall("ArmActivationsQ15", "arm_relu_q15", args, false)
                    : new JavaCall("ArmActivationsQ7", "arm_relu_q7", args, false);
        } else if (st instanceof Step.Activation act) {
            args.addAll(List.of(a(act.buf()), off.applyAsInt(act.buf()) + act.offset(), act.size(), act.intWidth(), act.type()));
            return new JavaCall("ArmActivationsQ7", "arm_nn_activations_direct_q7", args, false);
        } else if (st instanceof Step.Softmax s) {
            args.addAll(List.of(a(s.in()), off.applyAsInt(s.in()), s.size(), a(s.out()), off.applyAsInt(s.out())));
            return s.in().q15() ? new JavaCall("ArmSoftmaxQ15", "arm_softmax_q15", args, false)
                    : new JavaCall("ArmSoftmaxQ7", "arm_softmax_q7", args, false);
        } else if (st instanceof Step.Convert cv) {
            args.addAll(List.of(a(cv.in()), off.applyAsInt(cv.in()), a(cv.out()), off.applyAsInt(cv.out()), cv.size()));
            if (cv.out().q15()) {
                return new JavaCall("ArmConvertQ7Q15", "arm_q7_to_q15_no_shift", args, false);
            }
            args.add(cv.rightShift());
            return new JavaCall("ArmConvertQ7Q15", "j2cmsis_q15_to_q7", args, false);
        } else if (st instanceof Step.Add ad) {
            args.addAll(List.of(a(ad.a()), off.applyAsInt(ad.a()), ad.aShift(), a(ad.b()), off.applyAsInt(ad.b()), ad.bShift(), ad.outShift(), a(ad.out()), off.applyAsInt(ad.out()),
                    ad.size()));
            return new JavaCall("J2cmsisCustomQ7", "j2cmsis_add_q7", args, false);
        } else if (st instanceof Step.Concat c) {
            args.addAll(List.of(a(c.a()), off.applyAsInt(c.a()), c.chA(), a(c.b()), off.applyAsInt(c.b()), c.chB(), c.dimX(), c.dimY(), a(c.out()), off.applyAsInt(c.out())));
            return new JavaCall("J2cmsisCustomQ7", "j2cmsis_concat_q7_HWC_ch", args, false);
        } else if (st instanceof Step.Rescale r) {
            args.addAll(List.of(a(r.in()), off.applyAsInt(r.in()), r.shift(), a(r.out()), off.applyAsInt(r.out()), r.size()));
            return new JavaCall("J2cmsisCustomQ7", "j2cmsis_q7_rescale", args, false);
        }
        throw new IllegalArgumentException("no kernel call for " + st);
    }
}
