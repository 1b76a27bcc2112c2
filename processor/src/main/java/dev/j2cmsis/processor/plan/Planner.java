package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.model.Geometry;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.plan.arena.ArenaPlanner;
import dev.j2cmsis.processor.quant.Precision;
import dev.j2cmsis.processor.quant.QLayer;
import dev.j2cmsis.processor.quant.QuantizedNetwork;
import dev.j2cmsis.processor.read.config.Target;
import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ15;
import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ7;
import dev.j2cmsis.sim.kernels.J2cmsisWideConv;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides, once for the C and the simulator: the kernel variant of every layer, the weight layouts (HWC conv
 * weights, CHW-to-HWC column permutation and the q7_opt interleaving for fully connected layers), and where
 * every tensor and every kernel scratch lies in one static arena. Each tensor and scratch is an allocation
 * live from the step that writes it to the last step that reads it (a layer's result also until its trace
 * point, right after the layer's steps); {@link ArenaPlanner} places them by those lifetimes, so RAM is what
 * the busiest step needs rather than ping-pong buffers plus a scratch that sit beside dead tensors. In-place
 * kernels (activations) work in their input's allocation when nothing reads that tensor later, and on a copy
 * otherwise; the caller's input is never written.
 */
public final class Planner {
    /** arm_relu_q7 and arm_nn_activations_direct_q7 take their size as uint16_t. */
    static final int U16_CHUNK = 65535;
    /** Every allocation is word aligned: the DSP kernels read q15 pairs and q7 quads through it. */
    static final int ALIGNMENT = 4;

    private final Report report;
    private final List<Const> consts = new ArrayList<>();
    private final ByteArrayOutputStream blob = new ByteArrayOutputStream();
    private final List<Short> blob15 = new ArrayList<>();
    /** Bytes of each arena allocation, by {@link Buf#index()}. */
    private final List<Integer> bufBytes = new ArrayList<>();
    private boolean pathDependent;
    private Target target;
    private int[] lastReader;
    private List<QLayer> layers;
    private Buf[] loc;
    /** Layers (max-pools) that apply the ReLU before them to their output; see deferrableRelu. */
    private boolean[] reluAfterPool;
    /** The spatial shape whose HWC order a flat tensor's bytes follow (after a Flatten). */
    private Shape[] layout;

    public Planner(Report report) {
        this.report = report;
    }

    public Plan plan(QuantizedNetwork q) throws AbortException {
        layers = q.layers();
        target = q.model().target();
        int n = layers.size();
        lastReader = new int[n];
        Arrays.fill(lastReader, -1);
        for (QLayer l : layers) {
            for (int src : l.spec().inputs()) {
                if (src != LayerSpec.INPUT) {
                    lastReader[src] = Math.max(lastReader[src], l.spec().index());
                }
            }
        }
        lastReader[n - 1] = Integer.MAX_VALUE;
        int outputProducer = outputProducer();
        loc = new Buf[n];
        reluAfterPool = new boolean[n];
        layout = new Shape[n];
        List<Step> prelude = new ArrayList<>();
        if (outputProducer == -1) {
            throw new AbortException(Tag.ORDER, Where.network(), "the network's output is computed by no "
                    + "convolution, linear, pooling, softmax, add or concat layer; there is nothing to generate. "
                    + "Fix: add the layers that compute the output.");
        }
        List<PlannedLayer> planned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            planned.add(layer(i, outputProducer, prelude));
        }
        PlannedLayer last = planned.get(n - 1);
        if (!last.result().equals(Buf.OUTPUT)) {
            // A q15 output is converted to the q7 the API returns; an output tensor also read elsewhere could not
            // be computed in the caller's array and is copied there.
            List<Step> steps = new ArrayList<>(last.steps());
            steps.add(q.outputConversion() != null
                    ? new Step.Convert(last.result(), Buf.OUTPUT, q.outputConversion().rightShift(), last.out().size())
                    : new Step.Copy(last.result(), Buf.OUTPUT, last.out().size()));
            planned.set(n - 1, new PlannedLayer(last.index(), last.name(), last.kind(), last.out(), last.inFrac(),
                    last.outFrac(), last.wFrac(), last.bFrac(), last.biasShift(), last.outShift(), steps, Buf.OUTPUT,
                    last.function(), last.params(), last.macs(), last.ramBytes(), last.flashBytes(), last.layout()));
        }
        short[] b15 = new short[blob15.size()];
        for (int k = 0; k < b15.length; k++) {
            b15[k] = blob15.get(k);
        }
        return arena(q, prelude, planned, b15);
    }

    /**
     * Numbers the prelude's steps, then each layer's steps followed by its trace point, takes every allocation's
     * lifetime from the first to the last of them that uses it, and places the allocations in one arena.
     */
    private Plan arena(QuantizedNetwork q, List<Step> prelude, List<PlannedLayer> planned, short[] b15) {
        int ids = bufBytes.size();
        int[] first = new int[ids];
        int[] last = new int[ids];
        Arrays.fill(first, -1);
        List<List<Buf>> events = new ArrayList<>();
        List<int[]> layerEvents = new ArrayList<>();
        prelude.forEach(st -> events.add(st.buffers()));
        for (PlannedLayer l : planned) {
            int from = events.size();
            l.steps().forEach(st -> events.add(st.buffers()));
            events.add(List.of(l.result()));
            layerEvents.add(new int[] {from, events.size() - 1});
        }
        for (int t = 0; t < events.size(); t++) {
            for (Buf b : events.get(t)) {
                if (b.inArena()) {
                    first[b.index()] = first[b.index()] < 0 ? t : first[b.index()];
                    last[b.index()] = t;
                }
            }
        }
        List<ArenaPlanner.Allocation> allocations = new ArrayList<>();
        for (int id = 0; id < ids; id++) {
            if (first[id] >= 0) {
                allocations.add(new ArenaPlanner.Allocation(id, bufBytes.get(id), ALIGNMENT, first[id], last[id]));
            }
        }
        ArenaPlanner.Arena arena = ArenaPlanner.plan(allocations);
        List<Integer> offsets = new ArrayList<>();
        for (int id = 0; id < ids; id++) {
            offsets.add(first[id] >= 0 ? arena.offset(id) : 0);
        }
        List<PlannedLayer> withRam = new ArrayList<>();
        for (int k = 0; k < planned.size(); k++) {
            int live = 0;
            for (int t = layerEvents.get(k)[0]; t <= layerEvents.get(k)[1]; t++) {
                int bytes = 0;
                for (ArenaPlanner.Allocation a : allocations) {
                    bytes += a.first() <= t && t <= a.last() ? (a.bytes() + ALIGNMENT - 1) & -ALIGNMENT : 0;
                }
                live = Math.max(live, bytes);
            }
            withRam.add(planned.get(k).withRamBytes(live));
        }
        return new Plan(q, prelude, withRam, offsets, arena.totalBytes(), arena.lowerBound(), consts,
                blob.toByteArray(), b15, pathDependent);
    }

    /**
     * The layer whose result becomes the network output, before any in-place or pass-through layers; none (-2)
     * when the output is q15 and must be converted into the caller's q7 array.
     */
    private int outputProducer() {
        if (layers.get(layers.size() - 1).q15()) {
            return -2;
        }
        int i = layers.size() - 1;
        while (i >= 0 && !layers.get(i).spec().producesTensor()) {
            int src = layers.get(i).spec().inputs().get(0);
            if (src == LayerSpec.INPUT) {
                return -1;
            }
            i = src;
        }
        return i;
    }

    private Buf source(int src) {
        return src == LayerSpec.INPUT ? Buf.INPUT : loc[src];
    }

    private Shape layoutOf(int src, Shape fallback) {
        return src == LayerSpec.INPUT || layout[src] == null ? fallback : layout[src];
    }

    /** A new q7 arena allocation of {@code bytes}; where it lies follows from its lifetime (see {@link #arena}). */
    private Buf allocate(int bytes) {
        return allocate(bytes, false);
    }

    /** The same for {@code elements} values of the given width. */
    private Buf allocate(int elements, boolean q15) {
        bufBytes.add(q15 ? 2 * elements : elements);
        return Buf.activation(bufBytes.size() - 1, q15);
    }

    /** A kernel's scratch of {@code q15} elements, or null when it needs none. */
    private Buf scratch(int q15) {
        if (q15 == 0) {
            return null;
        }
        bufBytes.add(2 * q15);
        return Buf.scratch(bufBytes.size() - 1);
    }

    /** Makes sure an allocation holds {@code elements} values (a layer that reuses its input's storage). */
    private void grow(Buf b, int elements) {
        if (b.kind() == Buf.Kind.ACTIVATION) {
            bufBytes.set(b.index(), Math.max(bufBytes.get(b.index()), b.q15() ? 2 * elements : elements));
        }
    }

    /** True when layer i is the only (and last) reader of src, so i may overwrite src's storage. */
    private boolean mayOverwrite(int src, int i) {
        return src != LayerSpec.INPUT && lastReader[src] == i && loc[src].kind() != Buf.Kind.INPUT;
    }

    /** Bytes a consumer needs beyond a tensor: the RGB conv reads one byte past the last pixel. */
    private int slack(int producer) {
        for (QLayer l : layers) {
            if (l.spec().inputs().contains(producer) && overReads(l.spec())) {
                return 1;
            }
        }
        return 0;
    }

    private PlannedLayer layer(int i, int outputProducer, List<Step> prelude) throws AbortException {
        QLayer ql = layers.get(i);
        LayerSpec spec = ql.spec();
        List<Step> steps = new ArrayList<>();
        int src = spec.inputs().get(0);
        Buf in = source(src);
        Shape outShape = spec.out();
        String function;
        int flash = 0;
        long params = 0;
        long macs = 0;
        Buf out;
        // Inputs in the other width (q7 or q15) are converted into a temporary buffer first.
        List<Buf> ins = new ArrayList<>();
        for (int k = 0; k < spec.inputs().size(); k++) {
            Buf b = source(spec.inputs().get(k));
            QLayer.Conversion conv = ql.inConversions().get(k);
            if (conv != null) {
                int elems = spec.ins().get(k).size();
                Buf tmp = allocate(elems, conv.toQ15());
                steps.add(new Step.Convert(b, tmp, conv.rightShift(), elems));
                b = tmp;
            }
            ins.add(b);
        }
        boolean converted = !ins.get(0).equals(in);
        in = ins.get(0);
        if (spec.producesTensor()) {
            int bytes = outShape.size() + slack(i);
            out = i == outputProducer ? Buf.OUTPUT : null;
            // Inputs a kernel may modify or over-read get a private copy first.
            if (overReads(spec) && src == LayerSpec.INPUT) {
                Buf copy = allocate(spec.in().size() + 1);
                (i == 0 ? prelude : steps).add(new Step.Copy(Buf.INPUT, copy, spec.in().size()));
                in = copy;
            }
            if (destroysInput(spec) && !converted && !mayOverwrite(src, i)) {
                Buf copy = allocate(spec.in().size());
                steps.add(new Step.Copy(in, copy, spec.in().size()));
                in = copy;
            }
            if (out == null) {
                out = allocate(bytes, ql.q15());
            }
            if (spec instanceof LayerSpec.Conv2d c && wholeInputConv(c, ql)) {
                // One output pixel whose window is the whole unpadded input: a fully connected layer on the same
                // HWC bytes (conv weights [out][ky][kx][in] are its row-major matrix), and the _opt kernel is
                // cheaper (BENCHMARKS.md); wrapping int32 sums do not depend on the order, so the bytes agree.
                int rows = c.out().c();
                int cols = c.in().size();
                Const w = add(spec.name() + "_weights",
                        ArmFullyConnectedQ7.interleaveQ7Opt(reorder(ql.weights(), convOrder(c)), rows, cols));
                Const b = add(spec.name() + "_bias", ql.bias());
                Step.FullyConnected fc = new Step.FullyConnected(Step.FullyConnected.FcKind.Q7, in, out, w, cols, rows,
                        ql.biasShift(), ql.outShift(), b, scratch(cols));
                steps.add(fc);
                function = fc.cmsisFunction();
                flash = w.bytes() + b.bytes();
                params = (long) c.weight().data().length + (c.bias() == null ? 0 : c.bias().data().length);
                macs = c.macs();
            } else if (spec instanceof LayerSpec.Conv2d c) {
                Step.Conv conv = conv(c, ql, in, out);
                steps.add(conv);
                function = conv.cmsisFunction();
                flash = conv.weights().bytes() + conv.bias().bytes();
                params = (long) c.weight().data().length + (c.bias() == null ? 0 : c.bias().data().length);
                macs = c.macs();
            } else if (spec instanceof LayerSpec.Linear l) {
                Shape mem = layoutOf(src, l.in());
                int rows = l.out().size();
                int cols = l.in().size();
                int[] perm = mem.needsChwToHwcPermutation() ? chwToHwcColumns(rows, mem) : null;
                Const w;
                Const b;
                Step.FullyConnected.FcKind kind;
                if (ql.precision() == Precision.Q15) {
                    kind = Step.FullyConnected.FcKind.Q15;
                    w = add15(spec.name() + "_weights",
                            ArmFullyConnectedQ15.interleaveQ15Opt(permute(ql.weights15(), perm), rows, cols));
                    b = add15(spec.name() + "_bias", ql.bias15());
                } else {
                    byte[] rowMajor = permute(ql.weights(), perm);
                    kind = ql.precision() == Precision.Q7Q15 ? Step.FullyConnected.FcKind.Q7_Q15
                            : Step.FullyConnected.FcKind.Q7;
                    w = add(spec.name() + "_weights", kind == Step.FullyConnected.FcKind.Q7
                            ? ArmFullyConnectedQ7.interleaveQ7Opt(rowMajor, rows, cols)
                            : ArmFullyConnectedQ15.interleaveQ7Q15Opt(rowMajor, rows, cols));
                    b = add(spec.name() + "_bias", ql.bias());
                }
                Step.FullyConnected fc = new Step.FullyConnected(kind, in, out, w, cols, rows, ql.biasShift(),
                        ql.outShift(), b, scratch(kind == Step.FullyConnected.FcKind.Q7 ? cols : 0));
                steps.add(fc);
                function = fc.cmsisFunction();
                flash = w.bytes() + b.bytes();
                params = (long) l.weight().data().length + (l.bias() == null ? 0 : l.bias().data().length);
                macs = l.macs();
            } else if (spec instanceof LayerSpec.Pool p) {
                Step.Pool pool = pool(p, ql.q15(), in, out);
                steps.add(pool);
                function = pool.cmsisFunction() + (pool.dsp() ? " (DSP path)" : "");
            } else if (spec instanceof LayerSpec.Softmax s) {
                steps.add(new Step.Softmax(in, out, s.out().size()));
                function = "arm_softmax_q7";
            } else if (spec instanceof LayerSpec.Add a) {
                int[] sh = ql.addShifts();
                steps.add(new Step.Add(ins.get(0), sh[0], ins.get(1), sh[1], sh[2], out, a.out().size()));
                function = "j2cmsis_add_q7";
            } else if (spec instanceof LayerSpec.Concat c) {
                function = concat(c, ql, ins, out, steps, i);
            } else {
                throw new IllegalStateException(spec.toString());
            }
        } else if (spec instanceof LayerSpec.Activation a && deferrableRelu(a, ql, converted)) {
            // ReLU commutes with a max-pool (both are monotonic): the pool that reads it applies it to its
            // smaller output instead. This layer's trace therefore shows its input, not yet rectified.
            int pool = lastReader[i];
            reluAfterPool[pool] = true;
            out = in;
            grow(out, a.out().size());
            function = "applied after '" + layers.get(pool).spec().name() + "'";
            layout[i] = layoutOf(src, null);
        } else if (spec instanceof LayerSpec.Activation a) {
            int size = a.out().size();
            boolean rescale = a.function() != LayerSpec.Activation.Function.RELU
                    && ql.inFrac() != 7 - ql.intWidth();
            if (mayOverwrite(src, i) && !converted) {
                out = in;
            } else {
                out = allocate(size, in.q15());
                if (!rescale) {
                    steps.add(new Step.Copy(in, out, size));
                }
            }
            if (rescale) {
                // The table lookup reads Q(iw).(7-iw): bring the input there first.
                steps.add(new Step.Rescale(in, 7 - ql.intWidth() - ql.inFrac(), out, size));
            }
            grow(out, size);
            for (int off = 0; off < size; off += U16_CHUNK) {
                int chunk = Math.min(U16_CHUNK, size - off);
                steps.add(a.function() == LayerSpec.Activation.Function.RELU ? new Step.Relu(out, off, chunk)
                        : new Step.Activation(out, off, chunk, ql.intWidth(),
                                a.function() == LayerSpec.Activation.Function.SIGMOID ? 0 : 1));
            }
            function = steps.isEmpty() ? "-" : steps.get(steps.size() - 1).cmsisFunction();
            layout[i] = layoutOf(src, null);
        } else {
            // Flatten and folded batch norms only reinterpret their input.
            out = in;
            grow(out, spec.out().size());
            function = spec instanceof LayerSpec.BatchNorm bn ? "folded into " + bn.foldedInto() : "-";
            layout[i] = spec instanceof LayerSpec.Flatten ? layoutOf(src, spec.in()) : layoutOf(src, null);
        }
        if (reluAfterPool[i]) {
            for (int off = 0; off < outShape.size(); off += U16_CHUNK) {
                steps.add(new Step.Relu(out, off, Math.min(U16_CHUNK, outShape.size() - off)));
            }
            function += " + " + steps.get(steps.size() - 1).cmsisFunction();
        }
        loc[i] = out;
        return new PlannedLayer(i, spec.name(), spec.kind(), outShape, ql.inFrac(), ql.outFrac(), ql.wFrac(),
                ql.bFrac(), ql.biasShift(), ql.outShift(), steps, out, function, params, macs, 0, flash,
                layout[i] != null ? layout[i] : outShape);
    }

    /**
     * A ReLU whose only reader is a max-pool of the same width, reading it without a conversion, and whose own
     * input nothing else reads (so the ReLU may be moved: the pool then reads the unrectified tensor).
     */
    private boolean deferrableRelu(LayerSpec.Activation a, QLayer ql, boolean converted) {
        int i = a.index();
        int src = a.inputs().get(0);
        if (a.function() != LayerSpec.Activation.Function.RELU || converted || !mayOverwrite(src, i)
                || lastReader[i] == Integer.MAX_VALUE || lastReader[i] < 0) {
            return false;
        }
        QLayer reader = layers.get(lastReader[i]);
        long readers = layers.stream().filter(l -> l.spec().inputs().contains(i)).count();
        return readers == 1 && reader.spec() instanceof LayerSpec.Pool p && p.max() && p.inputs().get(0) == i
                && reader.inConversions().get(0) == null && reader.q15() == ql.q15()
                && p.out().size() < p.in().size();
    }

    /** A q7 convolution with one output pixel whose unpadded window is its whole input. */
    private static boolean wholeInputConv(LayerSpec.Conv2d c, QLayer ql) {
        Geometry g = c.geometry();
        return ql.precision() == Precision.Q7 && !c.depthwise() && c.out().h() == 1 && c.out().w() == 1
                && g.padX() == 0 && g.padY() == 0 && g.kernelY() == c.in().h() && g.kernelX() == c.in().w();
    }

    private String concat(LayerSpec.Concat c, QLayer ql, List<Buf> ins, Buf out, List<Step> steps, int i)
            throws AbortException {
        if (ins.size() != 2) {
            throw new AbortException(Tag.UNSUPPORTED, Where.layer(c.index(), "inputs"), "@Concat '" + c.name()
                    + "' joins " + ins.size() + " tensors; this version joins two. Fix: chain @Concat layers.");
        }
        Buf[] parts = new Buf[2];
        for (int k = 0; k < 2; k++) {
            int shift = ql.outFrac() - ql.inFracs().get(k);
            parts[k] = ins.get(k);
            if (shift != 0) {
                // Both halves must be in the joined format; the finer one is rounded to it.
                Buf tmp = allocate(c.ins().get(k).size());
                steps.add(new Step.Rescale(ins.get(k), shift, tmp, c.ins().get(k).size()));
                parts[k] = tmp;
            }
        }
        steps.add(new Step.Concat(parts[0], c.ins().get(0).c(), parts[1], c.ins().get(1).c(), c.out().w(),
                c.out().h(), out));
        return "j2cmsis_concat_q7_HWC_ch";
    }

    private boolean destroysInput(LayerSpec spec) {
        if (spec instanceof LayerSpec.Pool p) {
            return dspPool(p) && !layers.get(p.index()).q15();
        }
        return false;
    }

    /** CMSIS square pools on a DSP target where that path differs from the reference (dossier section 5). */
    private boolean dspPool(LayerSpec.Pool p) {
        Geometry g = p.geometry();
        if (!squarePool(p) || !target.dsp() || layers.get(p.index()).q15()) {
            return false;
        }
        // Average pools on DSP targets use j2cmsis's kernel (see pool()).
        return p.max() && g.padY() >= g.strideY();
    }

    private static boolean squarePool(LayerSpec.Pool p) {
        return p.geometry().square() && p.in().h() == p.in().w();
    }

    private Step.Pool pool(LayerSpec.Pool p, boolean q15, Buf in, Buf out) throws AbortException {
        Geometry g = p.geometry();
        // CMSIS-NN has no q15 pooling at all: j2cmsis's per-axis kernels do it. The DSP path of
        // arm_avepool_q7_HWC truncates twice (rows, then columns), which costs accuracy and differs from the
        // plain-C path; the average is avoidable, so on DSP targets j2cmsis's single-division kernel takes it.
        boolean avgOnDsp = !p.max() && target.dsp() && g.kernelY() * g.kernelX() > 1;
        // q7 average pools always take j2cmsis's kernel: it can rescale (see Quantizer) and is path-independent.
        boolean custom = !squarePool(p) || q15 || !p.max();
        boolean dsp = dspPool(p);
        boolean divergent = !custom && (p.max() ? g.padY() >= g.strideY() : g.kernelY() > 1);
        if (!p.max() && squarePool(p) && !q15) {
            report.note(Tag.KERNEL, Where.layer(p.index(), "kernel"), String.format(Locale.ROOT,
                    "'%s' averages with j2cmsis_avepool_q7_HWC_nonsquare_shift instead of CMSIS-NN's "
                            + "arm_avepool_q7_HWC: CMSIS's pool cannot rescale (its output keeps the input's Q "
                            + "format, so averages lose bits)%s; j2cmsis's kernel divides once, the same on every "
                            + "target, and its output gains %d fractional bits here.", p.name(), avgOnDsp
                            ? ", and its DSP path on " + target.yamlName() + " truncates twice (rows, then columns)"
                            : "", layers.get(p.index()).outFrac() - layers.get(p.index()).inFrac()));
        }
        if (custom && !q15 && !squarePool(p)) {
            report.note(Tag.KERNEL, Where.layer(p.index(), "kernel"), String.format(Locale.ROOT,
                    "'%s' pools with %s on %s; CMSIS-NN has square pooling only, so j2cmsis generates "
                            + "j2cmsis_%s_q7_HWC_nonsquare (the plain-C semantics of CMSIS's pool per axis) for "
                            + "every target, in the C and the simulator alike.", p.name(), g.text(), p.in(),
                    p.max() ? "maxpool" : "avepool"));
        } else if (divergent) {
            pathDependent = true;
            if (dsp && (p.out().h() > p.in().h()
                    || (p.out().h() - 1) * g.strideY() - g.padY() >= p.in().h())) {
                throw new AbortException(Tag.UNSUPPORTED, Where.layer(p.index(), "padding"), String.format(Locale.ROOT,
                        "'%s' pools %dx%d to %dx%d; the CMSIS DSP path of arm_%s_q7_HWC writes its output rows into "
                                + "the input rows and cannot produce this output. Fix: use padding < stride.",
                        p.name(), p.in().h(), p.in().h(), p.out().h(), p.out().h(), p.max() ? "maxpool" : "avepool"));
            }
            report.warning(Tag.TARGET, Where.layer(p.index(), p.max() ? "padding" : "kernel"), p.max()
                    ? String.format(Locale.ROOT, "'%s' has padding %d >= stride %d, where CMSIS-NN's DSP and "
                                    + "plain-C max-pool give different results (the DSP path pools in place and is "
                                    + "not a true max-pool there); the C and the simulator follow the %s path of "
                                    + "target %s, so build the C for that target (or with J2CMSIS_PORTABLE). Use "
                                    + "padding < stride for a network that computes the same everywhere.",
                            p.name(), g.padY(), g.strideY(), target.dsp() ? "DSP" : "plain-C", target.yamlName())
                    : String.format(Locale.ROOT, "'%s' averages %dx%d windows with CMSIS-NN's arm_avepool_q7_HWC, "
                                    + "whose DSP path divides twice (rows, then columns, truncating each time) while "
                                    + "the plain-C path divides once; the C and the simulator follow the %s path of "
                                    + "target %s, so build the C for that target (or with J2CMSIS_PORTABLE).",
                            p.name(), g.kernelY(), g.kernelX(), target.dsp() ? "DSP" : "plain-C",
                            target.yamlName()));
        }
        int scratch = !p.max() && !custom ? p.out().w() * p.in().c() : 0;
        QLayer ql = layers.get(p.index());
        return new Step.Pool(p.max(), custom, dsp && !custom, q15, in, out, p.in().w(), p.in().h(), p.in().c(),
                g.kernelX(), g.kernelY(), g.padX(), g.padY(), g.strideX(), g.strideY(), p.out().w(), p.out().h(),
                scratch, ql.outFrac() - ql.inFrac(), scratch(scratch));
    }

    private static boolean rgb(LayerSpec s) {
        return s instanceof LayerSpec.Conv2d c && c.in().c() == 3 && !c.depthwise() && square(c);
    }

    /** CMSIS's RGB convolution reads one byte past its input; j2cmsis_convolve_HWC_q7_wide, which replaces it on
     * cores with the DSP extension, does not. */
    private boolean overReads(LayerSpec s) {
        return rgb(s) && !(s instanceof LayerSpec.Conv2d c && wideConv(variant(c), c));
    }

    private static boolean square(LayerSpec.Conv2d c) {
        return c.geometry().square() && c.in().h() == c.in().w();
    }

    /**
     * The kernel variant: depthwise for groups == channels; for square shapes RGB for 3 input channels, fast
     * where both CMSIS paths compute the reference result (ch_in % 4 == 0, ch_out % 2 == 0, padding <= output
     * size on each axis; the output size is always the valid one here), basic otherwise; the 1x1 kernel for
     * 1x1, stride-1, unpadded convolutions it accepts; the nonsquare variants under the same rules otherwise.
     */
    static ConvVariant variant(LayerSpec.Conv2d c) {
        Geometry g = c.geometry();
        if (c.depthwise()) {
            return square(c) ? ConvVariant.DEPTHWISE : ConvVariant.DEPTHWISE_NONSQUARE;
        }
        boolean fastOk = c.in().c() % 4 == 0 && c.out().c() % 2 == 0 && g.padX() <= c.out().w()
                && g.padY() <= c.out().h();
        if (fastOk && g.kernelX() == 1 && g.kernelY() == 1 && g.padX() == 0 && g.padY() == 0 && g.strideX() == 1
                && g.strideY() == 1) {
            return ConvVariant.ONE_BY_ONE;
        }
        if (square(c)) {
            if (c.in().c() == 3) {
                return ConvVariant.RGB;
            }
            return fastOk ? ConvVariant.FAST : ConvVariant.BASIC;
        }
        return fastOk ? ConvVariant.FAST_NONSQUARE : ConvVariant.BASIC_NONSQUARE;
    }

    private Step.Conv conv(LayerSpec.Conv2d c, QLayer ql, Buf in, Buf out) throws AbortException {
        ConvVariant v = ql.precision() == Precision.Q15 ? variant15(c) : variant(c);
        Geometry g = c.geometry();
        int taps = g.kernelX() * g.kernelY();
        boolean wide = wideConv(v, c);
        int scratch = wide ? J2cmsisWideConv.bufferQ15(c.in().c(), g.kernelX(), g.kernelY()) : switch (v) {
            case RGB -> 2 * 3 * taps;
            case ONE_BY_ONE -> 2 * c.in().c();
            default -> 2 * c.in().c() * taps;
        };
        int[] order = c.depthwise() ? depthwiseOrder(c) : convOrder(c);
        Const w;
        Const b;
        if (v.q15()) {
            w = add15(c.name() + "_weights", reorder(ql.weights15(), order));
            b = add15(c.name() + "_bias", ql.bias15());
        } else {
            byte[] data = reorder(ql.weights(), order);
            w = add(c.name() + "_weights", data, wide
                    ? J2cmsisWideConv.widen(data, 0, c.in().c(), c.out().c(), g.kernelX(), g.kernelY()) : null);
            b = add(c.name() + "_bias", ql.bias());
        }
        return new Step.Conv(v, in, out, c.in().w(), c.in().h(), c.in().c(), w, c.out().c(), g.kernelX(),
                g.kernelY(), g.padX(), g.padY(), g.strideX(), g.strideY(), b, ql.biasShift(), ql.outShift(),
                c.out().w(), c.out().h(), scratch, scratch(scratch), wide);
    }

    /**
     * j2cmsis_convolve_HWC_q7_wide replaces CMSIS's q7 convolution on cores with the DSP extension: every variant
     * chosen here computes the reference result there, which that kernel computes for any geometry in fewer
     * instructions (BENCHMARKS.md), at the price of its weights widened to q15 in flash. Not for depthwise or q15
     * layers, nor for columns of 65,536 taps or more.
     */
    private boolean wideConv(ConvVariant v, LayerSpec.Conv2d c) {
        Geometry g = c.geometry();
        return target.dsp() && !v.q15() && !c.depthwise()
                && (long) c.in().c() * g.kernelX() * g.kernelY() < 65536;
    }

    /**
     * CMSIS's q15 convolutions: fast where its checks pass on the planned path (even channel counts; on the DSP
     * path an even output size, which 5.9.0 checks for the square kernel and silently needs for the non-square
     * one), basic otherwise; there is no q15 basic non-square kernel.
     */
    private ConvVariant variant15(LayerSpec.Conv2d c) throws AbortException {
        boolean channelsOk = c.in().c() % 2 == 0 && c.out().c() % 2 == 0;
        if (square(c)) {
            return channelsOk && (!target.dsp() || c.out().w() % 2 == 0) ? ConvVariant.Q15_FAST : ConvVariant.Q15_BASIC;
        }
        if (channelsOk && (!target.dsp() || c.out().w() % 2 == 0)) {
            return ConvVariant.Q15_FAST_NONSQUARE;
        }
        // Quantizer.precision runs such layers in q7 (or rejects an explicit q15).
        throw new IllegalStateException("q15 '" + c.name() + "' has no CMSIS q15 kernel; Quantizer.hasQ15Conv "
                + "should have made it q7");
    }

    private Const add(String name, byte[] data) {
        return add(name, data, null);
    }

    /** A q7 constant of the simulator's blob; {@code wide}: the q15 values the C holds instead (or null). */
    private Const add(String name, byte[] data, short[] wide) {
        while (blob.size() % 4 != 0) {
            blob.write(0);
        }
        Const c = new Const(name, data, null, blob.size(), wide);
        blob.write(data, 0, data.length);
        consts.add(c);
        return c;
    }

    private Const add15(String name, short[] data) {
        while (blob15.size() % 2 != 0) {
            blob15.add((short) 0);
        }
        Const c = new Const(name, null, data, blob15.size());
        for (short v : data) {
            blob15.add(v);
        }
        consts.add(c);
        return c;
    }

    /** For each CMSIS [out][ky][kx][in] position, the PyTorch OIHW index it takes. */
    public static int[] convOrder(LayerSpec.Conv2d c) {
        int o = c.out().c();
        int in = c.in().c();
        int kh = c.geometry().kernelY();
        int kw = c.geometry().kernelX();
        int[] order = new int[o * in * kh * kw];
        for (int co = 0; co < o; co++) {
            for (int ci = 0; ci < in; ci++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        order[((co * kh + y) * kw + x) * in + ci] = ((co * in + ci) * kh + y) * kw + x;
                    }
                }
            }
        }
        return order;
    }

    /** For each CMSIS depthwise [ky][kx][C] position, the PyTorch [C][1][kh][kw] index it takes. */
    public static int[] depthwiseOrder(LayerSpec.Conv2d c) {
        int ch = c.out().c();
        int kh = c.geometry().kernelY();
        int kw = c.geometry().kernelX();
        int[] order = new int[ch * kh * kw];
        for (int k = 0; k < ch; k++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    order[(y * kw + x) * ch + k] = (k * kh + y) * kw + x;
                }
            }
        }
        return order;
    }

    /**
     * The column order that takes a [rows][C*H*W] matrix from PyTorch's CHW flatten order to the HWC order in
     * which the C holds the tensor, so the fully connected layer sees the same products.
     */
    public static int[] chwToHwcColumns(int rows, Shape s) {
        int c = s.c();
        int hw = s.h() * s.w();
        int cols = c * hw;
        int[] order = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    order[r * cols + p * c + ch] = r * cols + ch * hw + p;
                }
            }
        }
        return order;
    }

    public static byte[] reorder(byte[] src, int[] order) {
        byte[] out = new byte[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = src[order[i]];
        }
        return out;
    }

    static short[] reorder(short[] src, int[] order) {
        short[] out = new short[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = src[order[i]];
        }
        return out;
    }

    private static byte[] permute(byte[] src, int[] order) {
        return order == null ? src : reorder(src, order);
    }

    private static short[] permute(short[] src, int[] order) {
        return order == null ? src : reorder(src, order);
    }
}
