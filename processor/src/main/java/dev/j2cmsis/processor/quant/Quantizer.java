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

    private final Report report;

    public Quantizer(Report report) {
        this.report = report;
    }

    /**
     * @param inputs transformed float inputs (CHW), one per calibration sample
     */
    public QuantizedNetwork quantize(NetworkModel model, List<float[]> inputs) throws AbortException {
        int n = model.layers().size();
        double inputMax = 0;
        double[] outMax = new double[n];
        for (float[] x : inputs) {
            inputMax = Math.max(inputMax, maxAbs(x));
            float[][] outs = FloatForward.run(model, x);
            for (int i = 0; i < n; i++) {
                outMax[i] = Math.max(outMax[i], maxAbs(outs[i]));
            }
        }
        // A producing layer's buffer is also what the in-place layers after it (ReLU, Flatten) leave there: the
        // format has to hold only the values that survive them (negatives saturate, then ReLU zeroes them).
        double[] tensorMax = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            boolean inPlaceNext = i + 1 < n && !model.layers().get(i + 1).producesTensor();
            tensorMax[i] = inPlaceNext ? tensorMax[i + 1] : outMax[i];
        }
        int inputFrac = QFormat.fracFor(inputMax);
        List<QLayer> out = new ArrayList<>();
        int frac = inputFrac;
        for (int i = 0; i < n; i++) {
            LayerSpec layer = model.layers().get(i);
            QLayer q;
            if (layer instanceof LayerSpec.Conv2d c) {
                q = weighted(layer, c.weight(), c.bias(), frac, tensorMax[i]);
            } else if (layer instanceof LayerSpec.Linear l) {
                q = weighted(layer, l.weight(), l.bias(), frac, tensorMax[i]);
            } else if (layer instanceof LayerSpec.Softmax) {
                // arm_softmax_q7 writes Q0.7 probabilities whatever its input format.
                q = new QLayer(layer, frac, 7, 0, 0, 0, 0, null, null, 1.0);
            } else {
                // MaxPool, ReLU and Flatten cannot rescale: they keep their input's format.
                q = new QLayer(layer, frac, frac, 0, 0, 0, 0, null, null, tensorMax[i]);
            }
            out.add(q);
            frac = q.outFrac();
        }
        return new QuantizedNetwork(model, inputFrac, inputMax, out, inputs.size());
    }

    private QLayer weighted(LayerSpec layer, FloatTensor weight, FloatTensor bias, int inFrac, double outMax)
            throws AbortException {
        Where where = Where.layer(layer.index());
        double wMax = weight.maxAbs();
        double bMax = bias == null ? 0 : bias.maxAbs();
        int wFrac = QFormat.fracFor(wMax);
        int naturalW = wFrac;
        int outFrac = QFormat.fracFor(outMax);
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
        return new QLayer(layer, inFrac, outFrac, wFrac, bFrac, biasShift, outShift, qw, qb, outMax);
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
