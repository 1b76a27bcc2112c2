package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.model.FloatTensor;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.quant.stats.RangeChooser;
import dev.j2cmsis.processor.quant.stats.RangeMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calibrates activation ranges with the float network (per layer: {@code minmax}, {@code percentile} or
 * {@code kld} on the calibrated distribution of the tensor the layer leaves in its buffer) and picks per-tensor
 * power-of-two formats and the CMSIS shifts, guaranteeing {@code 0 <= bias_shift, out_shift <= 31}, no int32
 * wrap of {@code bias << bias_shift}, and for q15 activations no wrap of the accumulator (CMSIS's q15 kernels
 * accumulate 16x16-bit products in 32 bits): where the natural formats break a rule, formats are adjusted and a
 * warning says so. Where a layer's input is in the other width (q7 or q15), it records the conversion.
 */
public final class Quantizer {
    /** CMSIS shifts are legal, and identical on every platform, only in 0..31 (dossier section 2). */
    static final int MAX_SHIFT = 31;
    /** arm_nn_activations_direct_q7 reads Q(int_width).(7 - int_width) with int_width 0..3. */
    static final int MIN_ACTIVATION_FRAC = 4;
    /** An add's left shifts keep a q7 value (|v| <= 128) inside int32 with room for the sum. */
    static final int MAX_ADD_LSHIFT = 22;
    private static final int[] NO_NUDGE = {0, 0};
    /** j2cmsis_avepool_q7_HWC_nonsquare_shift takes a left shift of 0..7. */
    static final int AVG_MAX_LSHIFT = 7;

    private final Report report;
    /** What this quantization adjusted or fell back on, summarized in one note each per network. */
    private final List<String> coarserWeights = new ArrayList<>();
    private final List<String> coarserOutputs = new ArrayList<>();
    private final List<String> q7Fallbacks = new ArrayList<>();

    public Quantizer(Report report) {
        this.report = report;
    }

    public QuantizedNetwork quantize(NetworkModel model, List<float[]> inputs) throws AbortException {
        return quantize(model, inputs, QuantOptions.q7());
    }

    /**
     * @param inputs transformed float inputs (CHW), one per calibration sample
     */
    public QuantizedNetwork quantize(NetworkModel model, List<float[]> inputs, QuantOptions options)
            throws AbortException {
        return quantize(model, CalibrationStats.collect(model, inputs), inputs.size(), options, Map.of());
    }

    /**
     * Quantizes from collected statistics, with optional per-layer adjustments of the chosen formats
     * ({@code nudges}: layer index to {weight fractional bits delta, output fractional bits delta}), which the
     * accuracy-driven search tries.
     */
    public QuantizedNetwork quantize(NetworkModel model, CalibrationStats stats, int samples, QuantOptions options,
                                     Map<Integer, int[]> nudges) throws AbortException {
        List<LayerSpec> layers = model.layers();
        int n = layers.size();
        coarserWeights.clear();
        coarserOutputs.clear();
        q7Fallbacks.clear();
        double inputMax = stats.input().maxAbs();
        double[] outMax = new double[n];
        for (int i = 0; i < n; i++) {
            outMax[i] = stats.layer(i).maxAbs();
        }
        int[] soleReader = soleReader(layers);
        int[] decidedBy = decidedBy(layers);
        double[] range = new double[n];
        for (int i = 0; i < n; i++) {
            range[i] = outMax[decidedBy[i]];
        }
        // The q7 format each layer's output would get from its calibrated distribution and range method.
        int[] natural = new int[n];
        for (int i = 0; i < n; i++) {
            RangeMethod m = options.method(i);
            if (feedsOutput(layers, i) && !options.methods().containsKey(i)) {
                // Clipping the output (or the logits before a softmax) can change the arg-max: keep its range.
                m = RangeMethod.minmax();
            }
            natural[i] = RangeChooser.chooseFrac(m instanceof RangeMethod.Kld
                    ? stats.absHistogramWithoutZeros(decidedBy[i]) : stats.layer(decidedBy[i]).absHistogram(), m)
                    + nudges.getOrDefault(i, NO_NUDGE)[1];
        }
        int inputFrac = RangeChooser.chooseFrac(stats.input().absHistogram(), options.defaultMethod());
        List<QLayer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LayerSpec layer = layers.get(i);
            boolean followsInput = followsInput(layer);
            int src0 = layer.inputs().get(0);
            boolean srcQ15 = src0 != LayerSpec.INPUT && out.get(src0).q15();
            Precision p = followsInput ? (srcQ15 ? Precision.Q15 : Precision.Q7) : precision(layer, options,
                    model.target().dsp());
            List<Integer> inFracs = new ArrayList<>();
            List<QLayer.Conversion> conversions = new ArrayList<>();
            for (int src : layer.inputs()) {
                boolean q15 = src != LayerSpec.INPUT && out.get(src).q15();
                int f = src == LayerSpec.INPUT ? inputFrac : out.get(src).outFrac();
                int chosen = src == LayerSpec.INPUT ? inputFrac : natural[src];
                QLayer.Conversion c = null;
                if (p.q15Activations() && !q15) {
                    // q7 to q15 keeps the value and its fractional bits: exact.
                    c = new QLayer.Conversion(true, 0, f, f);
                } else if (!p.q15Activations() && q15) {
                    int f7 = Math.min(chosen, f);
                    c = new QLayer.Conversion(false, f - f7, f, f7);
                    f = f7;
                }
                conversions.add(c);
                inFracs.add(f);
            }
            int fin = inFracs.get(0);
            boolean feedsActivation = soleReader[i] >= 0 && isTableActivation(layers.get(soleReader[i]));
            QLayer q;
            if (layer instanceof LayerSpec.Conv2d c) {
                q = weighted(layer, p, c.weight(), c.bias(), inFracs, conversions, natural[i], range[i],
                        feedsActivation, nudges.getOrDefault(i, NO_NUDGE)[0]);
            } else if (layer instanceof LayerSpec.Linear l) {
                q = weighted(layer, p, l.weight(), l.bias(), inFracs, conversions, natural[i], range[i],
                        feedsActivation, nudges.getOrDefault(i, NO_NUDGE)[0]);
            } else if (layer instanceof LayerSpec.Softmax) {
                // arm_softmax_q7 writes Q0.7 probabilities whatever its input format; arm_softmax_q15 Q0.15.
                q = QLayer.plain(layer, p, inFracs, conversions, p.q15Activations() ? 15 : 7,
                        p.q15Activations(), 1.0);
            } else if (layer instanceof LayerSpec.Activation a && a.function() != LayerSpec.Activation.Function.RELU) {
                // The table lookup reads Q(iw).(7-iw), iw in 0..3; the planner rescales inputs outside that.
                int iw = 7 - Math.max(MIN_ACTIVATION_FRAC, Math.min(7, fin));
                q = new QLayer(layer, p, inFracs, conversions, 7, false, 0, 0, 0, 0, null, null, null, null, 1.0,
                        null, iw);
            } else if (layer instanceof LayerSpec.Add) {
                q = add(layer, p, inFracs, conversions, natural[i], range[i], feedsActivation);
            } else if (layer instanceof LayerSpec.Concat) {
                // One format for the joined tensor: the coarsest input's, so no input saturates.
                int f = inFracs.stream().mapToInt(Integer::intValue).min().orElseThrow();
                q = QLayer.plain(layer, p, inFracs, conversions, f, false, outMax[i]);
            } else if (layer instanceof LayerSpec.Pool pool && !pool.max() && !p.q15Activations()) {
                // j2cmsis's q7 average pool scales the window sum before its one division, so its output can
                // gain up to 7 fractional bits over the input (an average of many values is smaller than their
                // maximum): CMSIS's pools cannot.
                int fo = Math.max(fin, Math.min(fin + AVG_MAX_LSHIFT, natural[i]));
                q = QLayer.plain(layer, p, inFracs, conversions, fo, false, range[i]);
            } else {
                // Max pools, ReLU, Flatten and folded batch norms cannot rescale: they keep their input's format.
                q = QLayer.plain(layer, p, inFracs, conversions, fin, p.q15Activations(), range[i]);
            }
            out.add(q);
        }
        QLayer last = out.get(n - 1);
        QLayer.Conversion outConv = null;
        if (last.q15()) {
            int f7 = Math.min(natural[n - 1], last.outFrac());
            outConv = new QLayer.Conversion(false, last.outFrac() - f7, last.outFrac(), f7);
        }
        warnAbsurdFormats(out);
        summarize();
        return new QuantizedNetwork(model, inputFrac, inputMax, out, samples, outConv, stats);
    }

    /**
     * The layer whose calibrated outputs decide each layer's q7 format: itself, or, when its only reader is a ReLU
     * (or a pass-through: flatten, batch norm), that reader's. A producer's buffer also holds what in-place layers
     * after it leave there, so its format has to hold only the values that survive (negatives saturate, then ReLU
     * zeroes them). The range methods read the |x| histograms of these layers only.
     */
    public static int[] decidedBy(List<LayerSpec> layers) {
        int n = layers.size();
        int[] soleReader = soleReader(layers);
        int[] decidedBy = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int r = soleReader[i];
            boolean passes = r >= 0 && (isRelu(layers.get(r)) || layers.get(r) instanceof LayerSpec.Flatten
                    || layers.get(r) instanceof LayerSpec.BatchNorm);
            decidedBy[i] = passes ? decidedBy[r] : i;
        }
        return decidedBy;
    }

    /** Each layer's only reader, -1 for a layer read by none or by several. */
    private static int[] soleReader(List<LayerSpec> layers) {
        int n = layers.size();
        int[] readers = new int[n];
        int[] soleReader = new int[n];
        for (LayerSpec l : layers) {
            for (int src : l.inputs()) {
                if (src != LayerSpec.INPUT) {
                    readers[src]++;
                    soleReader[src] = l.index();
                }
            }
        }
        for (int i = 0; i < n; i++) {
            soleReader[i] = readers[i] == 1 ? soleReader[i] : -1;
        }
        return soleReader;
    }

    /** The network output, or a layer whose values reach it unchanged but for a softmax and pass-throughs. */
    private static boolean feedsOutput(List<LayerSpec> layers, int i) {
        int j = layers.size() - 1;
        while (j > i && !layers.get(j).producesTensor() || j > i && layers.get(j) instanceof LayerSpec.Softmax) {
            j = layers.get(j).inputs().get(0);
        }
        return j == i;
    }

    /** Layers whose width follows their input: they have no kernel of their own width to choose. */
    private static boolean followsInput(LayerSpec l) {
        return isRelu(l) || l instanceof LayerSpec.Flatten || l instanceof LayerSpec.BatchNorm;
    }

    /**
     * The precision a layer runs in: as asked, or q7 where CMSIS-NN has no q15 kernel for it (depthwise, add,
     * concat, sigmoid, tanh, and non-square convolutions {@link #hasQ15Conv} rejects); asking for q15 on such a
     * layer explicitly in quantization.layers is an error, getting it from the network-wide scheme a note.
     */
    private Precision precision(LayerSpec l, QuantOptions options, boolean dsp) throws AbortException {
        Precision asked = options.explicit().getOrDefault(l.index(), options.defaultPrecision());
        boolean explicit = options.explicit().containsKey(l.index());
        if (asked == Precision.Q7) {
            return asked;
        }
        boolean linear = l instanceof LayerSpec.Linear;
        boolean q15Ok = (l instanceof LayerSpec.Conv2d c && !c.depthwise()) || linear || l instanceof LayerSpec.Pool
                || l instanceof LayerSpec.Softmax;
        if (asked == Precision.Q7Q15 && !linear) {
            if (explicit) {
                throw new AbortException(Tag.UNSUPPORTED, Where.network("config"), "quantization.layers gives '"
                        + l.name() + "' (" + l.kind() + ") scheme q7q15, which only Linear layers have "
                        + "(arm_fully_connected_mat_q7_vec_q15). Fix: use q15 or q7 for it.");
            }
            asked = Precision.Q15;
        }
        String scheme = asked.name().toLowerCase(Locale.ROOT);
        if (!q15Ok) {
            if (explicit) {
                throw new AbortException(Tag.UNSUPPORTED, Where.network("config"), "quantization.layers gives '"
                        + l.name() + "' (" + l.kind() + ") scheme " + scheme
                        + ", but CMSIS-NN's legacy API (and j2cmsis) has no q15 " + l.kind() + ". Fix: use q7 for it;"
                        + " j2cmsis converts between q15 and q7 around it.");
            }
            q7Fallbacks.add("'" + l.name() + "' (" + l.kind() + ": no q15 kernel)");
            return Precision.Q7;
        }
        if (l instanceof LayerSpec.Conv2d c && !hasQ15Conv(c, dsp)) {
            String why = String.format(Locale.ROOT, "non-square (%s on %s); CMSIS-NN's only non-square q15 "
                            + "convolution, arm_convolve_HWC_q15_fast_nonsquare, needs even channel counts%s (here "
                            + "%d -> %d channels, width %d)", c.geometry().text(), c.in(),
                    dsp ? " and, on the DSP path, an even output width" : "", c.in().c(), c.out().c(), c.out().w());
            if (explicit) {
                throw new AbortException(Tag.UNSUPPORTED, Where.network("config"), "quantization.layers gives '"
                        + l.name() + "' scheme " + scheme + ", but it is " + why + ". Fix: use q7 for it (j2cmsis "
                        + "converts between q15 and q7 around it), or make its channel counts even.");
            }
            q7Fallbacks.add("'" + l.name() + "' (" + why + ")");
            return Precision.Q7;
        }
        return asked;
    }

    /**
     * Whether CMSIS_5 5.9.0 has a q15 kernel for a (non-depthwise) convolution on the planned path: every square
     * one (arm_convolve_HWC_q15_fast or _basic); a non-square one only through
     * arm_convolve_HWC_q15_fast_nonsquare, with even channel counts and, on the DSP path, an even output width
     * (5.9.0 checks it for the square kernel and silently needs it for the non-square one).
     */
    public static boolean hasQ15Conv(LayerSpec.Conv2d c, boolean dsp) {
        boolean square = c.geometry().square() && c.in().h() == c.in().w();
        return square || c.in().c() % 2 == 0 && c.out().c() % 2 == 0 && (!dsp || c.out().w() % 2 == 0);
    }

    /**
     * Outputs whose format needs more than 16 integer bits past the 8 (or 16) stored ones, e.g. Q102.-95: a
     * float range no trained network produces, so almost always an outlier weight or a diverged model. Built
     * as asked, but said, with the numbers.
     */
    static final int ABSURD_FRAC = -16;

    private void warnAbsurdFormats(List<QLayer> out) {
        List<String> absurd = new ArrayList<>();
        for (QLayer q : out) {
            if (q.outFrac() < ABSURD_FRAC) {
                absurd.add(String.format(java.util.Locale.ROOT, "'%s' %s (max |output| %.3g)", q.spec().name(),
                        q.q15() ? QFormat.text16(q.outFrac()) : QFormat.text(q.outFrac()), q.maxAbs()));
            }
        }
        if (!absurd.isEmpty()) {
            report.warning(Tag.QUANT, Where.network(), "outputs reach magnitudes no trained network should have, "
                    + "so their formats are extreme: " + String.join(", ", absurd) + ". Fix: check the weights "
                    + "(an outlier or a diverged model) and the calibration transform (scale, mean, std).");
        }
    }

    /** One note per kind of adjustment, for the whole network, instead of one line per layer. */
    private void summarize() {
        if (!coarserWeights.isEmpty()) {
            report.note(Tag.QUANT, Where.network(), "weights use fewer fractional bits than their range allows in "
                    + coarserWeights.size() + " layer(s), so that bias_shift and out_shift stay in 0..31 and "
                    + "bias << bias_shift fits in 32 bits (and, for q15, the 32-bit accumulator cannot wrap): "
                    + String.join(", ", coarserWeights) + "; the report's SQNR column shows what it costs.");
        }
        if (!coarserOutputs.isEmpty()) {
            report.note(Tag.QUANT, Where.network(), "outputs use fewer fractional bits than their range allows in "
                    + coarserOutputs.size() + " layer(s), because an output cannot have more fractional bits "
                    + "than input x weights: " + String.join(", ", coarserOutputs) + ".");
        }
        if (!q7Fallbacks.isEmpty()) {
            report.note(Tag.QUANT, Where.network("config"), "these layers run in q7 under the q15 scheme, with "
                    + "conversions between q15 and q7 around them: " + String.join("; ", q7Fallbacks)
                    + ". Give them scheme q7 in quantization.layers to silence this note.");
        }
    }

    private static boolean isRelu(LayerSpec l) {
        return l instanceof LayerSpec.Activation a && a.function() == LayerSpec.Activation.Function.RELU;
    }

    private static boolean isTableActivation(LayerSpec l) {
        return l instanceof LayerSpec.Activation a && a.function() != LayerSpec.Activation.Function.RELU;
    }

    /** The output format chosen for a layer; before a sigmoid or tanh, one their table lookup can read. */
    private static int outFracFor(int chosen, boolean feedsActivation) {
        return feedsActivation ? Math.max(MIN_ACTIVATION_FRAC, Math.min(7, chosen)) : chosen;
    }

    private QLayer add(LayerSpec layer, Precision p, List<Integer> inFracs, List<QLayer.Conversion> conv,
                       int chosen, double range, boolean feedsActivation) throws AbortException {
        int fa = inFracs.get(0);
        int fb = inFracs.get(1);
        int f = Math.max(fa, fb);
        if (f - Math.min(fa, fb) > MAX_ADD_LSHIFT) {
            throw new AbortException(Tag.QUANT, Where.layer(layer.index()), String.format(Locale.ROOT,
                    "the inputs of '%s' are in %s and %s, %d bits apart; aligning them would overflow 32 bits. Fix: "
                            + "the two branches have wildly different ranges; check the weights.",
                    layer.name(), QFormat.text(fa), QFormat.text(fb), f - Math.min(fa, fb)));
        }
        // The sum cannot gain fractional bits it does not have.
        int fo = Math.min(outFracFor(chosen, feedsActivation), f);
        return new QLayer(layer, p, inFracs, conv, fo, false, 0, 0, 0, 0, null, null, null, null, range,
                new int[] {f - fa, f - fb, f - fo}, -1);
    }

    private QLayer weighted(LayerSpec layer, Precision p, FloatTensor weight, FloatTensor bias, List<Integer> inFracs,
                            List<QLayer.Conversion> conv, int chosen, double outMax, boolean feedsActivation,
                            int weightNudge) throws AbortException {
        int wExtra = p == Precision.Q15 ? 8 : 0;
        int aExtra = p.q15Activations() ? 8 : 0;
        int inFrac = inFracs.get(0);
        Where where = Where.layer(layer.index());
        double wMax = weight.maxAbs();
        double bMax = bias == null ? 0 : bias.maxAbs();
        int rows = layer.out().c();
        int wFrac = QFormat.fracFor(wMax) + wExtra + weightNudge;
        int naturalW = wFrac;
        int outFrac = (p.q15Activations() ? chosen : outFracFor(chosen, feedsActivation)) + aExtra;
        int naturalOut = outFrac;
        // out_shift < 0 would be a left shift CMSIS cannot do: the output cannot be finer than the products.
        if (inFrac + wFrac - outFrac < 0) {
            outFrac = inFrac + wFrac;
        }
        // out_shift > 31 is undefined in C (and differs between Arm and x86): coarsen the weights instead.
        if (inFrac + wFrac - outFrac > MAX_SHIFT) {
            wFrac = outFrac + MAX_SHIFT - inFrac;
        }
        int bFrac;
        long[] qb;
        long[] qw;
        boolean accumulatorLimited = false;
        while (true) {
            bFrac = bias == null ? inFrac + wFrac : Math.min(QFormat.fracFor(bMax) + wExtra, inFrac + wFrac);
            qb = bias == null ? new long[rows] : quantizeWide(bias.data(), bFrac, wExtra == 0 ? 8 : 16);
            qw = quantizeWide(weight.data(), wFrac, wExtra == 0 ? 8 : 16);
            int biasShift = inFrac + wFrac - bFrac;
            boolean ok = biasShift <= MAX_SHIFT && fitsInt32(qb, biasShift);
            if (ok && p.q15Activations() && !accumulatorFits(qw, qb, biasShift, rows)) {
                ok = false;
                accumulatorLimited = true;
            }
            if (ok) {
                break;
            }
            // bias << bias_shift would leave int32, or the accumulator could wrap: coarsen the weights.
            wFrac--;
        }
        if (inFrac + wFrac - outFrac < 0) {
            outFrac = inFrac + wFrac;
        }
        if (wMax > 0 && Arrays.stream(qw).allMatch(v -> v == 0)) {
            throw new AbortException(Tag.QUANT, where, String.format(Locale.ROOT,
                    "no legal shifts for '%s': its weights (max |w| = %.3g) would need %d fractional bits, but "
                            + "CMSIS shifts must stay in 0..31 with the input in %s and the output in %s, and "
                            + "with %d fractional bits every weight rounds to 0. Fix: check the weights file "
                            + "(weights this small next to a large bias or output range usually mean a broken "
                            + "export), or rescale the layer.",
                    layer.name(), wMax, naturalW, text(inFrac, p), text(outFrac, p), wFrac));
        }
        if (wFrac != naturalW) {
            coarserWeights.add(String.format(Locale.ROOT, "'%s' %d instead of %d%s", layer.name(), wFrac, naturalW,
                    accumulatorLimited ? " (q15 accumulator)" : ""));
        }
        if (outFrac != naturalOut) {
            coarserOutputs.add(String.format(Locale.ROOT, "'%s' %s instead of %s", layer.name(), text(outFrac, p),
                    text(naturalOut, p)));
        }
        int biasShift = inFrac + wFrac - bFrac;
        int outShift = inFrac + wFrac - outFrac;
        if (p == Precision.Q15) {
            return new QLayer(layer, p, inFracs, conv, outFrac, true, wFrac, bFrac, biasShift, outShift, null, null,
                    QFormat.quantize16(weight.data(), wFrac), bias == null ? new short[rows]
                    : QFormat.quantize16(bias.data(), bFrac), outMax, null, -1);
        }
        return new QLayer(layer, p, inFracs, conv, outFrac, p.q15Activations(), wFrac, bFrac, biasShift, outShift,
                QFormat.quantize(weight.data(), wFrac), bias == null ? new byte[rows]
                : QFormat.quantize(bias.data(), bFrac), null, null, outMax, null, -1);
    }

    private static String text(int frac, Precision p) {
        return p.q15Activations() ? QFormat.text16(frac) : QFormat.text(frac);
    }

    private static long[] quantizeWide(float[] x, int frac, int bits) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = bits == 8 ? QFormat.quantize(x[i], frac) : QFormat.quantize16(x[i], frac);
        }
        return out;
    }

    /**
     * Whether {@code (bias << shift) + round + sum(in * w)} stays in int32 for every q15 input (|in| <= 32768):
     * per output, 32768 * sum |w| plus the shifted bias and the rounding half.
     */
    private static boolean accumulatorFits(long[] qw, long[] qb, int biasShift, int rows) {
        int per = qw.length / rows;
        for (int r = 0; r < rows; r++) {
            long sum = 0;
            for (int j = 0; j < per; j++) {
                sum += Math.abs(qw[r * per + j]);
            }
            long bound = 32768L * sum + (Math.abs(qb[r]) << biasShift) + (1L << 30);
            if (bound > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private static boolean fitsInt32(long[] q, int shift) {
        for (long b : q) {
            long v = b << shift;
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                return false;
            }
        }
        return true;
    }

    static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
