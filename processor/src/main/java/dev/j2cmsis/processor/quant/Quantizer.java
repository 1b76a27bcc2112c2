package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.model.FloatTensor;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calibrates activation ranges with the float network (method {@code minmax}) and picks per-tensor
 * power-of-two formats and the CMSIS shifts, guaranteeing {@code 0 <= bias_shift, out_shift <= 31} and no
 * int32 wrap of {@code bias << bias_shift}: where the natural formats give an illegal shift, formats are
 * adjusted and a warning says so.
 */
public final class Quantizer {
    /** CMSIS shifts are legal, and identical on every platform, only in 0..31 (dossier section 2). */
    static final int MAX_SHIFT = 31;
    /** arm_nn_activations_direct_q7 reads Q(int_width).(7 - int_width) with int_width 0..3. */
    static final int MIN_ACTIVATION_FRAC = 4;
    /** An add's left shifts keep a q7 value (|v| <= 128) inside int32 with room for the sum. */
    static final int MAX_ADD_LSHIFT = 22;

    private final Report report;

    public Quantizer(Report report) {
        this.report = report;
    }

    /**
     * @param inputs transformed float inputs (CHW), one per calibration sample
     */
    public QuantizedNetwork quantize(NetworkModel model, List<float[]> inputs) throws AbortException {
        List<LayerSpec> layers = model.layers();
        int n = layers.size();
        double inputMax = 0;
        double[] outMax = new double[n];
        for (float[] x : inputs) {
            inputMax = Math.max(inputMax, maxAbs(x));
            float[][] outs = FloatForward.run(model, x);
            for (int i = 0; i < n; i++) {
                outMax[i] = Math.max(outMax[i], maxAbs(outs[i]));
            }
        }
        int[] readers = new int[n];
        int[] soleReader = new int[n];
        java.util.Arrays.fill(soleReader, -1);
        for (LayerSpec l : layers) {
            for (int src : l.inputs()) {
                if (src != LayerSpec.INPUT) {
                    readers[src]++;
                    soleReader[src] = l.index();
                }
            }
        }
        // A producer's buffer also holds what in-place layers after it leave there: when its only reader is a
        // ReLU (or a pass-through), the format has to hold only the values that survive (negatives saturate,
        // then ReLU zeroes them).
        double[] range = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            int r = readers[i] == 1 ? soleReader[i] : -1;
            boolean passes = r >= 0 && (isRelu(layers.get(r)) || layers.get(r) instanceof LayerSpec.Flatten
                    || layers.get(r) instanceof LayerSpec.BatchNorm);
            range[i] = passes ? range[r] : outMax[i];
        }
        int inputFrac = QFormat.fracFor(inputMax);
        List<QLayer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LayerSpec layer = layers.get(i);
            List<Integer> inFracs = new ArrayList<>();
            for (int src : layer.inputs()) {
                inFracs.add(src == LayerSpec.INPUT ? inputFrac : out.get(src).outFrac());
            }
            int fin = inFracs.get(0);
            boolean feedsActivation = readers[i] == 1 && isTableActivation(layers.get(soleReader[i]));
            QLayer q;
            if (layer instanceof LayerSpec.Conv2d c) {
                q = weighted(layer, c.weight(), c.bias(), inFracs, range[i], feedsActivation);
            } else if (layer instanceof LayerSpec.Linear l) {
                q = weighted(layer, l.weight(), l.bias(), inFracs, range[i], feedsActivation);
            } else if (layer instanceof LayerSpec.Softmax) {
                // arm_softmax_q7 writes Q0.7 probabilities whatever its input format.
                q = QLayer.plain(layer, inFracs, 7, 1.0);
            } else if (layer instanceof LayerSpec.Activation a && a.function() != LayerSpec.Activation.Function.RELU) {
                // The table lookup reads Q(iw).(7-iw), iw in 0..3; the planner rescales inputs outside that.
                int iw = 7 - Math.max(MIN_ACTIVATION_FRAC, Math.min(7, fin));
                q = new QLayer(layer, inFracs, 7, 0, 0, 0, 0, null, null, 1.0, null, iw);
            } else if (layer instanceof LayerSpec.Add) {
                q = add(layer, inFracs, range[i], feedsActivation);
            } else if (layer instanceof LayerSpec.Concat) {
                // One format for the joined tensor: the coarsest input's, so no input saturates.
                int f = inFracs.stream().mapToInt(Integer::intValue).min().orElseThrow();
                q = QLayer.plain(layer, inFracs, f, outMax[i]);
            } else {
                // Pools, ReLU, Flatten and folded batch norms cannot rescale: they keep their input's format.
                q = QLayer.plain(layer, inFracs, fin, range[i]);
            }
            out.add(q);
        }
        return new QuantizedNetwork(model, inputFrac, inputMax, out, inputs.size());
    }

    private static boolean isRelu(LayerSpec l) {
        return l instanceof LayerSpec.Activation a && a.function() == LayerSpec.Activation.Function.RELU;
    }

    private static boolean isTableActivation(LayerSpec l) {
        return l instanceof LayerSpec.Activation a && a.function() != LayerSpec.Activation.Function.RELU;
    }

    /** The output format for a range; before a sigmoid or tanh, one their table lookup can read. */
    private static int outFracFor(double range, boolean feedsActivation) {
        int f = QFormat.fracFor(range);
        return feedsActivation ? Math.max(MIN_ACTIVATION_FRAC, Math.min(7, f)) : f;
    }

    private QLayer add(LayerSpec layer, List<Integer> inFracs, double range, boolean feedsActivation)
            throws AbortException {
        int fa = inFracs.get(0);
        int fb = inFracs.get(1);
        int f = Math.max(fa, fb);
        if (f - Math.min(fa, fb) > MAX_ADD_LSHIFT) {
            throw new AbortException(Tag.QUANT, Where.layer(layer.index()), String.format(Locale.ROOT,
                    "the inputs of '%s' are in %s and %s, %d bits apart; aligning them would overflow 32 bits. Fix: "
                            + "the two branches have wildly different ranges; check the weights.",
                    layer.name(), QFormat.text(fa), QFormat.text(fb), f - Math.min(fa, fb)));
        }
        int natural = outFracFor(range, feedsActivation);
        // The sum cannot gain fractional bits it does not have.
        int fo = Math.min(natural, f);
        return new QLayer(layer, inFracs, fo, 0, 0, 0, 0, null, null, range, new int[] {f - fa, f - fb, f - fo}, -1);
    }

    private QLayer weighted(LayerSpec layer, FloatTensor weight, FloatTensor bias, List<Integer> inFracs,
                            double outMax, boolean feedsActivation) throws AbortException {
        int inFrac = inFracs.get(0);
        Where where = Where.layer(layer.index());
        double wMax = weight.maxAbs();
        double bMax = bias == null ? 0 : bias.maxAbs();
        int wFrac = QFormat.fracFor(wMax);
        int naturalW = wFrac;
        int outFrac = outFracFor(outMax, feedsActivation);
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
        byte[] qb;
        while (true) {
            bFrac = bias == null ? inFrac + wFrac : Math.min(QFormat.fracFor(bMax), inFrac + wFrac);
            qb = bias == null ? new byte[layer.out().c()] : QFormat.quantize(bias.data(), bFrac);
            int biasShift = inFrac + wFrac - bFrac;
            if (biasShift <= MAX_SHIFT && fitsInt32(qb, biasShift)) {
                break;
            }
            // bias << bias_shift would leave int32 (the accumulator wraps): coarsen the weights.
            wFrac--;
        }
        if (inFrac + wFrac - outFrac < 0) {
            outFrac = inFrac + wFrac;
        }
        byte[] qw = QFormat.quantize(weight.data(), wFrac);
        if (wMax > 0 && allZero(qw)) {
            throw new AbortException(Tag.QUANT, where, String.format(Locale.ROOT,
                    "no legal shifts for '%s': its weights (max |w| = %.3g) would need %d fractional bits, but "
                            + "CMSIS shifts must stay in 0..31 with the input in %s and the output in %s, and "
                            + "with %d fractional bits every weight rounds to 0. Fix: check the weights file "
                            + "(weights this small next to a large bias or output range usually mean a broken "
                            + "export), or rescale the layer.",
                    layer.name(), wMax, naturalW, QFormat.text(inFrac), QFormat.text(outFrac), wFrac));
        }
        if (wFrac != naturalW) {
            report.warning(Tag.QUANT, where, String.format(Locale.ROOT,
                    "weights of '%s' use %s instead of %s so that bias_shift and out_shift stay in 0..31 and "
                            + "bias << bias_shift fits in 32 bits; precision is lost.",
                    layer.name(), QFormat.text(wFrac), QFormat.text(naturalW)));
        }
        if (outFrac != naturalOut) {
            report.warning(Tag.QUANT, where, String.format(Locale.ROOT,
                    "output of '%s' uses %s instead of %s: the output cannot have more fractional bits than "
                            + "input x weights (%d); small outputs lose precision.",
                    layer.name(), QFormat.text(outFrac), QFormat.text(naturalOut), inFrac + wFrac));
        }
        int biasShift = inFrac + wFrac - bFrac;
        int outShift = inFrac + wFrac - outFrac;
        return new QLayer(layer, inFracs, outFrac, wFrac, bFrac, biasShift, outShift, qw, qb, outMax, null, -1);
    }

    private static boolean fitsInt32(byte[] q, int shift) {
        for (byte b : q) {
            long v = (long) b << shift;
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] q) {
        for (byte b : q) {
            if (b != 0) {
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
