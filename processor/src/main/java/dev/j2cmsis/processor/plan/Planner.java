package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.read.config.Target;
import dev.j2cmsis.processor.quant.QLayer;
import dev.j2cmsis.processor.quant.QuantizedNetwork;
import dev.j2cmsis.sim.kernels.ArmFullyConnectedQ7;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides, once for the C and the simulator: the kernel variant of every layer, the weight layouts (HWC conv
 * weights, CHW-to-HWC column permutation and the q7_opt interleaving for fully connected layers), which
 * buffer each tensor lives in, and the exact size of every buffer.
 */
public final class Planner {
    /** arm_relu_q7 takes its size as uint16_t. */
    static final int RELU_CHUNK = 65535;

    private final Report report;
    private final List<Const> consts = new ArrayList<>();
    private final ByteArrayOutputStream blob = new ByteArrayOutputStream();
    private final int[] bufBytes = new int[Buf.values().length];
    private int scratchQ15;
    private boolean pathDependent;

    public Planner(Report report) {
        this.report = report;
    }

    public Plan plan(QuantizedNetwork q) throws AbortException {
        List<QLayer> layers = q.layers();
        Target target = q.model().target();
        int lastProducing = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).spec().producesTensor()) {
                lastProducing = i;
            }
        }
        List<Step> prelude = new ArrayList<>();
        Buf cur = Buf.INPUT;
        Shape inputShape = q.model().input();
        if (lastProducing < 0) {
            prelude.add(new Step.Copy(Buf.INPUT, Buf.OUTPUT, inputShape.size()));
            cur = Buf.OUTPUT;
        } else if (needsWritableInput(layers.get(0).spec(), layers, target)) {
            // The caller's input is const: in-place kernels, the DSP max-pool (which uses its input as work
            // space) and the RGB conv (which reads one byte past the last pixel) get a copy.
            prelude.add(new Step.Copy(Buf.INPUT, Buf.BUF0, inputShape.size()));
            cur = Buf.BUF0;
            need(Buf.BUF0, inputShape.size() + (rgb(layers.get(0).spec()) ? 1 : 0));
        }
        Shape memLayout = inputShape;
        List<PlannedLayer> planned = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            QLayer ql = layers.get(i);
            LayerSpec spec = ql.spec();
            Buf out = i == lastProducing ? Buf.OUTPUT : other(cur);
            List<Step> steps = new ArrayList<>();
            String function;
            int ram;
            int flash = 0;
            long params = 0;
            long macs = 0;
            if (spec instanceof LayerSpec.Conv2d c) {
                ConvVariant v = variant(c);
                int scratch = 2 * (v == ConvVariant.RGB ? 3 : c.in().c()) * c.kernel() * c.kernel();
                Const w = add(spec.name() + "_weights", convWeightsHwc(ql.weights(), c));
                Const b = add(spec.name() + "_bias", ql.bias());
                steps.add(new Step.Conv(v, cur, out, c.in().h(), c.in().c(), w, c.out().c(), c.kernel(),
                        c.padding(), c.stride(), b, ql.biasShift(), ql.outShift(), c.out().h(), scratch));
                scratchQ15 = Math.max(scratchQ15, scratch);
                needOut(out, c.out().size(), layers, i);
                function = steps.get(0).cmsisFunction();
                flash = w.length() + b.length();
                params = (long) c.weight().data().length + (c.bias() == null ? 0 : c.bias().data().length);
                macs = c.macs();
                ram = c.in().size() + c.out().size() + 2 * scratch;
                memLayout = c.out();
            } else if (spec instanceof LayerSpec.Linear l) {
                byte[] rowMajor = memLayout.needsChwToHwcPermutation()
                        ? permuteColumnsChwToHwc(ql.weights(), l.out().size(), memLayout) : ql.weights();
                byte[] interleaved = ArmFullyConnectedQ7.interleaveQ7Opt(rowMajor, l.out().size(), l.in().size());
                Const w = add(spec.name() + "_weights", interleaved);
                Const b = add(spec.name() + "_bias", ql.bias());
                Step.FullyConnected fc = new Step.FullyConnected(cur, out, w, l.in().size(), l.out().size(),
                        ql.biasShift(), ql.outShift(), b);
                steps.add(fc);
                scratchQ15 = Math.max(scratchQ15, fc.scratchQ15());
                needOut(out, l.out().size(), layers, i);
                function = fc.cmsisFunction();
                flash = w.length() + b.length();
                params = (long) l.weight().data().length + (l.bias() == null ? 0 : l.bias().data().length);
                macs = l.macs();
                ram = l.in().size() + l.out().size() + 2 * fc.scratchQ15();
                memLayout = l.out();
            } else if (spec instanceof LayerSpec.MaxPool p) {
                boolean agree = p.padding() < p.stride();
                boolean dsp = !agree && target.dsp();
                if (!agree) {
                    pathDependent = true;
                    if (dsp && p.out().h() > p.in().h()) {
                        throw new AbortException(Tag.UNSUPPORTED, Where.layer(p.index(), "padding"),
                                String.format(Locale.ROOT, "'%s' pools %dx%d to %dx%d; the CMSIS DSP path of "
                                        + "arm_maxpool_q7_HWC writes its output rows into the input rows and cannot "
                                        + "produce a larger output. Fix: use padding < stride.", p.name(),
                                        p.in().h(), p.in().h(), p.out().h(), p.out().h()));
                    }
                    report.warning(Tag.UNSUPPORTED, Where.layer(p.index(), "padding"), String.format(Locale.ROOT,
                            "'%s' has padding %d >= stride %d, where CMSIS-NN's DSP and plain-C max-pool give "
                                    + "different results (the DSP path pools in place and is not a true max-pool "
                                    + "there); the C and the simulator follow the %s path of target %s, so build "
                                    + "the C for that target (or with J2CMSIS_PORTABLE). Use padding < stride for a "
                                    + "network that computes the same everywhere.",
                            p.name(), p.padding(), p.stride(), target.dsp() ? "DSP" : "plain-C",
                            target.yamlName()));
                }
                steps.add(new Step.MaxPool(dsp, cur, out, p.in().h(), p.in().c(), p.kernel(), p.padding(),
                        p.stride(), p.out().h()));
                needOut(out, p.out().size(), layers, i);
                function = steps.get(0).cmsisFunction() + (!agree ? (dsp ? " (DSP path)" : " (plain-C path)") : "");
                ram = p.in().size() + p.out().size();
                memLayout = p.out();
            } else if (spec instanceof LayerSpec.Softmax s) {
                steps.add(new Step.Softmax(cur, out, s.out().size()));
                needOut(out, s.out().size(), layers, i);
                function = steps.get(0).cmsisFunction();
                ram = s.in().size() + s.out().size();
                memLayout = s.out();
            } else if (spec instanceof LayerSpec.Relu r) {
                for (int off = 0; off < r.out().size(); off += RELU_CHUNK) {
                    steps.add(new Step.Relu(cur, off, Math.min(RELU_CHUNK, r.out().size() - off)));
                }
                function = "arm_relu_q7";
                ram = r.out().size();
                out = cur;
            } else {
                function = "-";
                ram = spec.out().size();
                out = cur;
            }
            planned.add(new PlannedLayer(i, spec.name(), spec.kind(), spec.out(), ql.inFrac(), ql.outFrac(),
                    ql.wFrac(), ql.bFrac(), ql.biasShift(), ql.outShift(), steps, out, function, params, macs, ram,
                    flash));
            cur = out;
        }
        return new Plan(q, prelude, planned, bufBytes[Buf.BUF0.ordinal()], bufBytes[Buf.BUF1.ordinal()],
                scratchQ15, consts, blob.toByteArray(), pathDependent);
    }

    private static boolean needsWritableInput(LayerSpec first, List<QLayer> layers, Target target) {
        if (first instanceof LayerSpec.Relu || rgb(first)) {
            return true;
        }
        if (first instanceof LayerSpec.Flatten && layers.size() > 1) {
            return needsWritableInput(layers.get(1).spec(), layers.subList(1, layers.size()), target);
        }
        return first instanceof LayerSpec.MaxPool p && p.padding() >= p.stride() && target.dsp();
    }

    private static boolean rgb(LayerSpec s) {
        return s instanceof LayerSpec.Conv2d c && c.in().c() == 3;
    }

    /**
     * RGB for 3 input channels; fast where both CMSIS paths compute the reference result (ch_in % 4 == 0,
     * ch_out % 2 == 0, padding <= output size; the output size is always the valid one here); basic otherwise.
     */
    static ConvVariant variant(LayerSpec.Conv2d c) {
        if (c.in().c() == 3) {
            return ConvVariant.RGB;
        }
        if (c.in().c() % 4 == 0 && c.out().c() % 2 == 0 && c.padding() <= c.out().h()) {
            return ConvVariant.FAST;
        }
        return ConvVariant.BASIC;
    }

    private static Buf other(Buf cur) {
        return cur == Buf.BUF0 ? Buf.BUF1 : Buf.BUF0;
    }

    /** Sizes the buffer for a tensor, plus the byte the RGB conv reads past its input when it is next. */
    private void needOut(Buf out, int size, List<QLayer> layers, int producer) {
        int next = producer + 1;
        while (next < layers.size() && !layers.get(next).spec().producesTensor()) {
            next++;
        }
        boolean rgbNext = next < layers.size() && rgb(layers.get(next).spec());
        need(out, size + (rgbNext ? 1 : 0));
    }

    private void need(Buf buf, int size) {
        bufBytes[buf.ordinal()] = Math.max(bufBytes[buf.ordinal()], size);
    }

    private Const add(String name, byte[] data) {
        while (blob.size() % 4 != 0) {
            blob.write(0);
        }
        Const c = new Const(name, data, blob.size());
        blob.write(data, 0, data.length);
        consts.add(c);
        return c;
    }

    /** PyTorch OIHW to CMSIS [out][ky][kx][in]. */
    static byte[] convWeightsHwc(byte[] oihw, LayerSpec.Conv2d c) {
        int o = c.out().c();
        int in = c.in().c();
        int k = c.kernel();
        byte[] out = new byte[oihw.length];
        for (int co = 0; co < o; co++) {
            for (int ci = 0; ci < in; ci++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        out[((co * k + y) * k + x) * in + ci] = oihw[((co * in + ci) * k + y) * k + x];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Reorders the columns of a [rows][C*H*W] matrix from PyTorch's CHW flatten order to the HWC order in which
     * the C holds the tensor, so the fully connected layer sees the same products.
     */
    static byte[] permuteColumnsChwToHwc(byte[] w, int rows, Shape s) {
        int c = s.c();
        int hw = s.h() * s.w();
        int cols = c * hw;
        byte[] out = new byte[w.length];
        for (int r = 0; r < rows; r++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    out[r * cols + p * c + ch] = w[r * cols + ch * hw + p];
                }
            }
        }
        return out;
    }
}
