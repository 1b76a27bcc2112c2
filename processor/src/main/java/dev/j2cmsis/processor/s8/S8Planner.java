package dev.j2cmsis.processor.s8;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.model.Geometry;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.plan.Planner;
import dev.j2cmsis.processor.plan.arena.ArenaPlanner;
import dev.j2cmsis.processor.quant.CalibrationStats;
import dev.j2cmsis.processor.quant.stats.ActivationStats;
import dev.j2cmsis.processor.quant.stats.RangeChooser;
import dev.j2cmsis.processor.quant.stats.RangeMethod;
import dev.j2cmsis.sim.kernels.s8.ArmConvolveS8;
import dev.j2cmsis.sim.kernels.s8.ArmDepthwiseConvS8;
import dev.j2cmsis.sim.kernels.s8.ArmFullyConnectedS8;
import dev.j2cmsis.sim.kernels.s8.ArmPoolS8;
import dev.j2cmsis.sim.kernels.s8.CmsisActivation;
import dev.j2cmsis.sim.kernels.s8.CmsisDims;
import dev.j2cmsis.sim.kernels.s8.CmsisTile;
import dev.j2cmsis.sim.kernels.s8.ConvParams;
import dev.j2cmsis.sim.kernels.s8.DwConvParams;
import dev.j2cmsis.sim.kernels.s8.FcParams;
import dev.j2cmsis.sim.kernels.s8.J2cmsisActivationS8;
import dev.j2cmsis.sim.kernels.s8.NnSupportS8;
import dev.j2cmsis.sim.kernels.s8.PoolParams;
import dev.j2cmsis.sim.kernels.s8.S8Rounding;
import dev.j2cmsis.sim.kernels.s8.S8Target;
import dev.j2cmsis.sim.runtime.s8.S8Program;
import dev.j2cmsis.sim.runtime.s8.S8Ref;
import dev.j2cmsis.sim.runtime.s8.S8Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Quantizes a network with TFLite's int8 rules and plans its CMSIS-NN v7.0.0 calls, once for the C and the
 * simulator ({@link S8Plan}).
 *
 * <p>Tensors: a layer that only reinterprets its input (Flatten, a folded BatchNorm) or whose ReLU is folded into
 * the clamp of the kernel before it ({@code activation.min = zero point}, as TFLite fuses RELU) shares its input's
 * storage. Max and average pools and concatenations keep their input's scale and zero point (TFLite requires it;
 * their kernels do not requantize), so those tensors are quantized together from the union of their calibrated
 * ranges. Softmax, sigmoid and tanh have TFLite's fixed output quantization.
 *
 * <p>Kernels: the wrappers CMSIS-NN's TFLM glue calls ({@code arm_convolve_wrapper_s8},
 * {@code arm_depthwise_conv_wrapper_s8}), the per-channel fully connected kernel, the pools, softmax, the add with
 * {@code left_shift = 20}, byte concatenation and int8 lookup tables for sigmoid and tanh. Where v7.0.0's MVE build
 * computes other bytes than its plain-C build (the 1xN convolution, cmsis-nn-s8-semantics.md section 5.4), the
 * plan calls {@code arm_convolve_s8} directly on every core, so the generated C gives the same bytes on any core
 * and with the portable kernels; the scratch buffer is sized per code path in the C.
 */
public final class S8Planner {
    private final Report report;
    private final NetworkModel model;
    private final CalibrationStats stats;
    private final S8Target target;
    private final S8Rounding rounding;
    private final IntFunction<RangeMethod> methods;
    private final List<LayerSpec> layers;
    private final int n;
    /** The lowest output value that can still matter for the arg-max (see {@link #outputFloor}); -inf: none. */
    private final double outputFloor;
    /** The storage tensor of each layer's output: itself, or for pass-through layers the tensor they alias. */
    private int[] storage;
    /** Producers whose kernel clamps with a folded ReLU. */
    private boolean[] fusedRelu;
    private S8Quant.Params inputParams;
    private S8Quant.Params[] params;

    /**
     * @param methods the range method of each layer's output (per layer from the YAML, else the network's)
     */
    public S8Planner(Report report, NetworkModel model, CalibrationStats stats, S8Rounding rounding,
                     IntFunction<RangeMethod> methods, double outputFloor) {
        this.report = report;
        this.outputFloor = outputFloor;
        this.model = model;
        this.stats = stats;
        this.target = model.target().s8Path();
        this.rounding = rounding;
        this.methods = methods;
        this.layers = model.layers();
        this.n = layers.size();
    }

    /**
     * The floor of a classifier's output range: on every calibration sample the two largest outputs lie above
     * {@code m} = the smallest second-largest output ({@link CalibrationStats#outputSecondLargestMin}), so values
     * below it decide no arg-max. The floor keeps a quarter of the range above it as margin: {@code m - (max - m) /
     * 4}. Saturating the logits below it to -128 halves the output's quantization step on typical classifiers, and
     * int8 ties between the two winners were most of what separated the int8 and float arg-max. -inf (no floor)
     * for fewer than two outputs or samples.
     */
    public static double outputFloor(CalibrationStats stats, int outputLayer, int samples) {
        double m = stats.outputSecondLargestMin();
        double max = stats.layer(outputLayer).max();
        return samples < 2 || Double.isInfinite(m) ? Double.NEGATIVE_INFINITY : m - (max - m) / 4;
    }

    public S8Plan plan(int calibrationSamples) throws AbortException {
        aliases();
        quantize();
        return build(calibrationSamples);
    }

    // ---- tensors ----

    private static boolean passThrough(LayerSpec l) {
        return l instanceof LayerSpec.Flatten || l instanceof LayerSpec.BatchNorm
                || l instanceof LayerSpec.Activation a && a.function() == LayerSpec.Activation.Function.RELU;
    }

    /**
     * The storage tensor of each layer's output: the layer itself, or for a pass-through layer (flatten, batch norm,
     * ReLU) that of the layer it reads, which it aliases. (A pass-through of the network input keeps its own; {@link
     * #plan} rejects it.)
     */
    public static int[] storage(List<LayerSpec> layers) {
        int[] storage = new int[layers.size()];
        for (int i = 0; i < storage.length; i++) {
            LayerSpec l = layers.get(i);
            int src = passThrough(l) ? l.inputs().get(0) : LayerSpec.INPUT;
            storage[i] = src == LayerSpec.INPUT ? i : storage[src];
        }
        return storage;
    }

    private void aliases() throws AbortException {
        storage = storage(layers);
        fusedRelu = new boolean[n];
        int[] readers = new int[n];
        for (LayerSpec l : layers) {
            for (int src : l.inputs()) {
                if (src != LayerSpec.INPUT) {
                    readers[src]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            LayerSpec l = layers.get(i);
            if (!passThrough(l)) {
                continue;
            }
            int src = l.inputs().get(0);
            if (l instanceof LayerSpec.Activation) {
                String why = src == LayerSpec.INPUT ? "it reads the network input, which no kernel produces"
                        : readers[src] > 1 ? "'" + layers.get(src).name() + "' is also read by another layer, so its "
                        + "kernel cannot clamp for the ReLU alone" : null;
                List<Integer> clampers = new ArrayList<>();
                if (why == null) {
                    LayerSpec producer = layers.get(storage[src]);
                    // A ReLU after a concatenation commutes with it: each input's kernel clamps instead.
                    List<Integer> candidates = producer instanceof LayerSpec.Concat ? producer.inputs()
                            : List.of(storage[src]);
                    for (int c : candidates) {
                        LayerSpec k = c == LayerSpec.INPUT ? null : layers.get(storage[c]);
                        if (k == null || !(k instanceof LayerSpec.Conv2d || k instanceof LayerSpec.Linear
                                || k instanceof LayerSpec.Pool || k instanceof LayerSpec.Add)) {
                            why = "it follows " + (k == null ? "the network input" : "a " + k.kind() + " ('" + k.name()
                                    + "')") + ", whose kernel has no activation clamp";
                            break;
                        }
                        if (c != storage[src] && readers[c] > 1) {
                            why = "'" + k.name() + "' is also read by another layer than the concatenation";
                            break;
                        }
                        clampers.add(storage[c]);
                    }
                }
                if (why != null) {
                    throw new AbortException(Tag.UNSUPPORTED, Where.layer(i), String.format(Locale.ROOT,
                            "@ReLU '%s' cannot be folded into the kernel before it under scheme s8: %s. CMSIS-NN "
                                    + "v7.0.0 has no int8 ReLU of its own (TFLite fuses it into the producing "
                                    + "convolution, fully connected, pooling or add). Fix: put the ReLU directly "
                                    + "after such a layer that nothing else reads, or use scheme q7.",
                            l.name(), why));
                }
                clampers.forEach(c -> fusedRelu[c] = true);
                fusedRelu[storage[src]] = true;
            }
            if (src == LayerSpec.INPUT) {
                throw new AbortException(Tag.UNSUPPORTED, Where.layer(i), "'" + l.name() + "' (" + l.kind()
                        + ") reads the network input directly; under scheme s8 it needs a layer before it. Fix: "
                        + "remove it, or use scheme q7.");
            }
        }
        if (!layers.get(storage[n - 1]).producesTensor()) {
            throw new AbortException(Tag.ORDER, Where.network(), "the network's output is computed by no "
                    + "convolution, linear, pooling, softmax, add or concat layer; there is nothing to generate. "
                    + "Fix: add the layers that compute the output.");
        }
    }

    /** The calibrated range of a storage tensor: that of the last layer aliasing it (after its folded ReLU). */
    private double[] range(int s) {
        int last = s;
        for (int i = s; i < n; i++) {
            if (storage[i] == s) {
                last = i;
            }
        }
        ActivationStats st = stats.layer(last);
        if (s == storage[n - 1]) {
            // Clipping the top of the output could tie the winners; below the floor nothing competes for the arg-max.
            return new double[] {Math.max(st.min(), outputFloor), st.max()};
        }
        double t = RangeChooser.threshold(st.absHistogram(), methods.apply(last));
        return new double[] {Math.max(st.min(), -t), Math.min(st.max(), t)};
    }

    /** TFLite's fixed output quantization of softmax, sigmoid and tanh; null for others. */
    private static S8Quant.Params fixed(LayerSpec l) {
        if (l instanceof LayerSpec.Softmax) {
            return new S8Quant.Params(1.0f / 256, -128);
        }
        if (l instanceof LayerSpec.Activation a && a.function() == LayerSpec.Activation.Function.SIGMOID) {
            return new S8Quant.Params(J2cmsisActivationS8.SIGMOID_OUTPUT_SCALE,
                    J2cmsisActivationS8.SIGMOID_OUTPUT_ZERO_POINT);
        }
        if (l instanceof LayerSpec.Activation a && a.function() == LayerSpec.Activation.Function.TANH) {
            return new S8Quant.Params(J2cmsisActivationS8.TANH_OUTPUT_SCALE, J2cmsisActivationS8.TANH_OUTPUT_ZERO_POINT);
        }
        return null;
    }

    /** Union-find over storage tensors (index n is the network input) that must share their quantization. */
    private int[] groups;

    private int find(int t) {
        while (groups[t] != t) {
            groups[t] = groups[groups[t]];
            t = groups[t];
        }
        return t;
    }

    private int tensorOf(int src) {
        return src == LayerSpec.INPUT ? n : storage[src];
    }

    private void quantize() throws AbortException {
        groups = new int[n + 1];
        for (int t = 0; t <= n; t++) {
            groups[t] = t;
        }
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Pool || l instanceof LayerSpec.Concat) {
                for (int src : l.inputs()) {
                    groups[find(tensorOf(src))] = find(storage[l.index()]);
                }
            }
        }
        double[] lo = new double[n + 1];
        double[] hi = new double[n + 1];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        S8Quant.Params[] fixedOf = new S8Quant.Params[n + 1];
        String[] fixedBy = new String[n + 1];
        for (int t = 0; t <= n; t++) {
            if (t < n && storage[t] != t) {
                continue;
            }
            int g = find(t);
            double[] r = t == n ? new double[] {stats.input().min(), stats.input().max()} : range(t);
            if (t < n && fusedRelu[t]) {
                // A clamped kernel output never goes below 0, whatever the float layer before the ReLU saw.
                r[0] = Math.max(r[0], 0);
            }
            lo[g] = Math.min(lo[g], r[0]);
            hi[g] = Math.max(hi[g], r[1]);
            S8Quant.Params f = t == n ? null : fixed(layers.get(t));
            if (f != null) {
                if (fixedOf[g] != null && !fixedOf[g].equals(f)) {
                    throw new AbortException(Tag.UNSUPPORTED, Where.layer(t), String.format(Locale.ROOT,
                            "'%s' and '%s' have different fixed int8 output quantizations (TFLite's %s and %s), but "
                                    + "a pooling or concatenation makes them share one. Fix: do not pool or "
                                    + "concatenate their outputs together, or use scheme q7.", fixedBy[g],
                            layers.get(t).name(), fixedOf[g], f));
                }
                fixedOf[g] = f;
                fixedBy[g] = layers.get(t).name();
            }
        }
        params = new S8Quant.Params[n];
        for (int t = 0; t < n; t++) {
            int g = find(storage[t]);
            params[t] = fixedOf[g] != null ? fixedOf[g] : S8Quant.activation(lo[g], hi[g]);
        }
        int gi = find(n);
        inputParams = fixedOf[gi] != null ? fixedOf[gi] : S8Quant.activation(lo[gi], hi[gi]);
    }

    private S8Quant.Params paramsOf(int src) {
        return src == LayerSpec.INPUT ? inputParams : params[src];
    }

    // ---- steps ----

    private S8Plan build(int calibrationSamples) throws AbortException {
        int[] lastRead = new int[n];
        Arrays.fill(lastRead, -1);
        for (LayerSpec l : layers) {
            for (int src : l.inputs()) {
                if (src != LayerSpec.INPUT) {
                    lastRead[storage[src]] = Math.max(lastRead[storage[src]], l.index());
                }
            }
        }
        int out = storage[n - 1];
        Map<S8Target, int[]> scratch = new EnumMap<>(S8Target.class);
        for (S8Target p : S8Target.values()) {
            scratch.put(p, new int[n]);
        }
        List<S8Program.Layer> programLayers = new ArrayList<>();
        List<S8Plan.LayerInfo> infos = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LayerSpec l = layers.get(i);
            S8Ref result = ref(storage[i], out);
            List<S8Step> steps = new ArrayList<>();
            S8Plan.LayerInfo info = passThrough(l) ? passInfo(l)
                    : step(l, result, i2 -> i2 == LayerSpec.INPUT ? S8Ref.INPUT : ref(storage[i2], out), steps,
                    scratch);
            Shape shape = l.out();
            int[] hwc = shape.flat() ? new int[] {shape.c()} : new int[] {shape.h(), shape.w(), shape.c()};
            programLayers.add(new S8Program.Layer(l.name(), l.kind(), hwc, params[i].scale(), params[i].zeroPoint(),
                    steps, result, shape.size()));
            infos.add(info);
        }
        // One arena per code path: every tensor from its producer to its last reader, every kernel scratch during its
        // layer, placed by lifetime; the paths differ only in their scratch sizes.
        Map<S8Target, ArenaPlanner.Arena> arenas = new EnumMap<>(S8Target.class);
        for (S8Target p : S8Target.values()) {
            List<ArenaPlanner.Allocation> a = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                if (storage[t] == t && t != out) {
                    a.add(new ArenaPlanner.Allocation(t, layers.get(t).out().size(), 4, t, Math.max(t, lastRead[t]),
                            inPlaceOver(t, out, lastRead)));
                }
                if (scratch.get(p)[t] > 0) {
                    a.add(new ArenaPlanner.Allocation(n + t, scratch.get(p)[t], 4, t, t));
                }
            }
            arenas.put(p, ArenaPlanner.plan(a));
        }
        ArenaPlanner.Arena arena = arenas.get(target);
        int[] offsets = new int[n];
        for (int t = 0; t < n; t++) {
            offsets[t] = arena.offsets().getOrDefault(t, 0);
        }
        int scratchBytes = Math.max(1, Arrays.stream(scratch.get(target)).max().orElse(0));
        S8Program program = new S8Program(target, rounding, model.input().size(), model.output().size(),
                inputParams.scale(), inputParams.zeroPoint(), params[n - 1].scale(), params[n - 1].zeroPoint(),
                Math.max(arena.totalBytes(), 4), offsets, scratchBytes, programLayers);
        return new S8Plan(model, program, infos, scratch, arenas, calibrationSamples);
    }

    /**
     * The tensor a layer may overwrite: j2cmsis_lut_s8 reads each byte before it writes it, so a sigmoid or tanh
     * computes in place over its input when nothing reads that input later; -1 otherwise.
     */
    private int inPlaceOver(int t, int out, int[] lastRead) {
        LayerSpec l = layers.get(t);
        if (!(l instanceof LayerSpec.Activation)) {
            return -1;
        }
        int src = l.inputs().get(0);
        int s = src == LayerSpec.INPUT ? -1 : storage[src];
        return s >= 0 && s != out && lastRead[s] == t ? s : -1;
    }

    private static S8Ref ref(int tensor, int out) {
        return tensor == out ? S8Ref.OUTPUT : S8Ref.arena(tensor);
    }

    private S8Plan.LayerInfo passInfo(LayerSpec l) {
        String what = l instanceof LayerSpec.BatchNorm bn ? "folded into " + bn.foldedInto()
                : l instanceof LayerSpec.Activation ? "clamp of " + layers.get(storage[l.index()]).name() : "-";
        return new S8Plan.LayerInfo(l.index(), l.name(), l.kind(), l.out(), what, 0, 0, 0, 0,
                paramsOf(l.inputs().get(0)), params[l.index()], null, layers.get(storage[l.index()]).out());
    }

    private CmsisActivation clamp(int producer) {
        return fusedRelu[producer] ? new CmsisActivation(params[producer].reluMin(), 127) : CmsisActivation.NONE;
    }

    private static CmsisDims dims(Shape s) {
        return s.flat() ? new CmsisDims(1, 1, 1, s.c()) : new CmsisDims(1, s.h(), s.w(), s.c());
    }

    /** Layer {@code layer}'s scratch on each code path. */
    private static void needScratch(Map<S8Target, int[]> scratch, int layer,
                                    java.util.function.ToIntFunction<S8Target> size) {
        for (S8Target p : S8Target.values()) {
            scratch.get(p)[layer] = Math.max(scratch.get(p)[layer], size.applyAsInt(p));
        }
    }

    private S8Plan.LayerInfo step(LayerSpec l, S8Ref result, IntFunction<S8Ref> ref, List<S8Step> steps,
                                  Map<S8Target, int[]> scratch) throws AbortException {
        int i = l.index();
        S8Ref in = ref.apply(l.inputs().get(0));
        S8Quant.Params pin = paramsOf(l.inputs().get(0));
        S8Quant.Params pout = params[i];
        CmsisDims inDims = dims(l.in());
        CmsisDims outDims = dims(l.out());
        if (l instanceof LayerSpec.Conv2d c) {
            Geometry g = c.geometry();
            int cout = c.out().c();
            float[] ws = S8Quant.weightScales(c.weight().data(), cout);
            byte[] wq = S8Quant.weights(c.weight().data(), ws);
            int[] bias = S8Quant.bias(c.bias() == null ? null : c.bias().data(), pin.scale(), ws);
            int[][] ms = S8Quant.multipliers(pin.scale(), ws, pout.scale(), rounding);
            CmsisTile stride = new CmsisTile(g.strideX(), g.strideY());
            CmsisTile pad = new CmsisTile(g.padX(), g.padY());
            CmsisTile dil = new CmsisTile(1, 1);
            int flash = wq.length + 12 * cout;
            String fn;
            int layerScratch;
            if (c.depthwise()) {
                byte[] w = Planner.reorder(wq, Planner.depthwiseOrder(c));
                DwConvParams p = new DwConvParams(-pin.zeroPoint(), pout.zeroPoint(), 1, stride, pad, dil, clamp(i));
                CmsisDims f = new CmsisDims(1, g.kernelY(), g.kernelX(), cout);
                // groups == channels with one filter per channel (ch_mult 1): never the one-input-channel case that
                // the MVE wrapper turns into a (possibly 1xN) convolution.
                steps.add(new S8Step.DepthwiseConv(in, result, p, inDims, f, outDims, w, bias, ms[0], ms[1]));
                needScratch(scratch, i, t -> ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(t, p,
                        inDims, f, outDims));
                layerScratch = ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(target, p, inDims,
                        f, outDims);
                fn = "arm_depthwise_conv_wrapper_s8 -> arm_" + ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(
                        target, p, inDims, f, outDims).name().toLowerCase(Locale.ROOT);
            } else {
                byte[] w = Planner.reorder(wq, Planner.convOrder(c));
                ConvParams p = new ConvParams(-pin.zeroPoint(), pout.zeroPoint(), stride, pad, dil, clamp(i));
                CmsisDims f = new CmsisDims(cout, g.kernelY(), g.kernelX(), c.in().c());
                boolean direct = ArmConvolveS8.arm_convolve_wrapper_s8_kernel(S8Target.MVE, p, inDims, f)
                        == ArmConvolveS8.Kernel.CONVOLVE_1_X_N_S8
                        && !ArmConvolveS8.arm_convolve_1_x_n_s8_mve_exact(p, inDims, f, outDims);
                steps.add(new S8Step.Conv(in, result, p, inDims, f, outDims, w, bias, ms[0], ms[1], direct));
                if (direct) {
                    needScratch(scratch, i, t -> ArmConvolveS8.arm_convolve_s8_get_buffer_size(t, inDims, f));
                    layerScratch = ArmConvolveS8.arm_convolve_s8_get_buffer_size(target, inDims, f);
                    fn = "arm_convolve_s8";
                    report.note(Tag.KERNEL, Where.layer(i, "kernel"), String.format(Locale.ROOT, "'%s' calls "
                            + "arm_convolve_s8 directly instead of arm_convolve_wrapper_s8: the wrapper would pick "
                            + "arm_convolve_1_x_n_s8, whose Helium (MVE) build in CMSIS-NN v7.0.0 computes wrong "
                            + "bytes for this geometry (%s on %s); the generic kernel gives the same bytes on every "
                            + "core.", l.name(), g.text(), l.in()));
                } else {
                    needScratch(scratch, i, t -> ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(t, p, inDims, f,
                            outDims));
                    layerScratch = ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(target, p, inDims, f,
                            outDims);
                    fn = "arm_convolve_wrapper_s8 -> arm_" + ArmConvolveS8.arm_convolve_wrapper_s8_kernel(target, p,
                            inDims, f).name().toLowerCase(Locale.ROOT);
                }
            }
            long params = (long) c.weight().data().length + (c.bias() == null ? 0 : c.bias().data().length);
            return new S8Plan.LayerInfo(i, l.name(), l.kind(), l.out(), fn, params, c.macs(),
                    inDims.size() + outDims.size() + layerScratch, flash, pin, pout, ws, l.out());
        } else if (l instanceof LayerSpec.Linear lin) {
            int rows = lin.out().size();
            int cols = lin.in().size();
            float[] ws = S8Quant.weightScales(lin.weight().data(), rows);
            byte[] wq = S8Quant.weights(lin.weight().data(), ws);
            // The bytes a flattened tensor holds are in its producer's HWC order; PyTorch's columns in CHW order.
            int src = l.inputs().get(0);
            Shape mem = src == LayerSpec.INPUT ? model.input() : layers.get(storage[src]).out();
            if (mem.needsChwToHwcPermutation() && mem.size() == cols) {
                wq = Planner.reorder(wq, Planner.chwToHwcColumns(rows, mem));
            }
            int[] bias = S8Quant.bias(lin.bias() == null ? null : lin.bias().data(), pin.scale(), ws);
            int[][] ms = S8Quant.multipliers(pin.scale(), ws, pout.scale(), rounding);
            FcParams p = new FcParams(-pin.zeroPoint(), 0, pout.zeroPoint(), clamp(i));
            CmsisDims fin = new CmsisDims(1, 1, 1, cols);
            CmsisDims f = new CmsisDims(cols, 1, 1, rows);
            CmsisDims fout = new CmsisDims(1, 1, 1, rows);
            int[] sums = new int[rows];
            ArmFullyConnectedS8.arm_vector_sum_s8(sums, cols, rows, wq, 0, -pin.zeroPoint(), 0, bias);
            steps.add(new S8Step.FullyConnected(in, result, p, fin, f, fout, wq, bias, ms[0], ms[1], sums));
            int flash = wq.length + 12 * rows + (target == S8Target.MVE ? 4 * rows : 0);
            long params = (long) lin.weight().data().length + (lin.bias() == null ? 0 : lin.bias().data().length);
            return new S8Plan.LayerInfo(i, l.name(), l.kind(), l.out(), "arm_fully_connected_per_channel_s8", params,
                    lin.macs(), cols + rows, flash, pin, pout, ws, l.out());
        } else if (l instanceof LayerSpec.Pool p) {
            Geometry g = p.geometry();
            PoolParams pp = new PoolParams(new CmsisTile(g.strideX(), g.strideY()), new CmsisTile(g.padX(), g.padY()),
                    clamp(i));
            CmsisDims f = new CmsisDims(1, g.kernelY(), g.kernelX(), 1);
            steps.add(new S8Step.Pool(p.max(), in, result, pp, inDims, f, outDims));
            int layerScratch = 0;
            if (!p.max()) {
                needScratch(scratch, i, t -> ArmPoolS8.arm_avgpool_s8_get_buffer_size(t, outDims.w(), inDims.c()));
                layerScratch = ArmPoolS8.arm_avgpool_s8_get_buffer_size(target, outDims.w(), inDims.c());
            }
            return new S8Plan.LayerInfo(i, l.name(), l.kind(), l.out(), p.max() ? "arm_max_pool_s8"
                    : "arm_avgpool_s8", 0, 0, inDims.size() + outDims.size() + layerScratch, 0, pin, pout, null, l.out());
        } else if (l instanceof LayerSpec.Softmax s) {
            NnSupportS8.QuantizedMultiplier q = NnSupportS8.preprocessSoftmaxScaling(1.0, pin.scale(), 5, rounding);
            int diffMin = -NnSupportS8.calculateInputRadius(5, q.shift(), 31);
            steps.add(new S8Step.Softmax(in, result, 1, s.out().size(), q.multiplier(), q.shift(), diffMin));
            return new S8Plan.LayerInfo(i, l.name(), l.kind(), l.out(), "arm_softmax_s8", 0, 0, 2 * s.out().size(), 0,
                    pin, pout, null, l.out());
        } else if (l instanceof LayerSpec.Activation a) {
            byte[] table = a.function() == LayerSpec.Activation.Function.SIGMOID
                    ? J2cmsisActivationS8.sigmoidTable(pin.scale(), pin.zeroPoint())
                    : J2cmsisActivationS8.tanhTable(pin.scale(), pin.zeroPoint());
            steps.add(new S8Step.Lut(in, result, table, a.out().size()));
            return new S8Plan.LayerInfo(i, l.name(), l.kind(), l.out(), "j2cmsis_lut_s8", 0, 0, 2 * a.out().size(),
                    256, pin, pout, null, l.out());
        } else if (l instanceof LayerSpec.Add a) {
            S8Quant.Params p2 = paramsOf(l.inputs().get(1));
            // TFLite/TFLM int8 ADD prepare, with its left shift of 20 (the DSP kernel is exact only from 16 on).
            int leftShift = 20;
            double twiceMax = 2 * Math.max((double) pin.scale(), (double) p2.scale());
            NnSupportS8.QuantizedMultiplier m1 = NnSupportS8.quantizeMultiplier(pin.scale() / twiceMax, rounding);
            NnSupportS8.QuantizedMultiplier m2 = NnSupportS8.quantizeMultiplier(p2.scale() / twiceMax, rounding);
            NnSupportS8.QuantizedMultiplier mo = NnSupportS8.quantizeMultiplier(
                    twiceMax / ((1 << leftShift) * (double) pout.scale()), rounding);
            CmsisActivation act = clamp(i);
            steps.add(new S8Step.Add(in, ref.apply(l.inputs().get(1)), result, -pin.zeroPoint(), m1.multiplier(),
                    m1.shift(), -p2.zeroPoint(), m2.multiplier(), m2.shift(), leftShift, pout.zeroPoint(),
                    mo.multiplier(), mo.shift(), act.min(), act.max(), a.out().size()));
            return new S8Plan.LayerInfo(i, l.name(), l.kind(), l.out(), "arm_elementwise_add_s8", 0, 0,
                    3 * a.out().size(), 0, pin, pout, null, l.out());
        } else if (l instanceof LayerSpec.Concat c) {
            int at = 0;
            for (int k = 0; k < c.inputs().size(); k++) {
                Shape s = c.ins().get(k);
                steps.add(new S8Step.Concat(ref.apply(c.inputs().get(k)), result, dims(s), c.out().c(), at));
                at += s.c();
            }
            return new S8Plan.LayerInfo(i, l.name(), l.kind(), l.out(), "arm_concatenation_s8_x", 0, 0,
                    2 * c.out().size(), 0, pin, pout, null, l.out());
        }
        throw new IllegalStateException("no s8 step for " + l);
    }
}
