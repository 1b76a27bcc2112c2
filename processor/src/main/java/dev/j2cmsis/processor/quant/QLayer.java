package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.LayerSpec;
import java.util.List;

/**
 * One layer's quantization. Every layer has the formats of its inputs as it reads them ({@code inFracs}, after
 * any {@code inConversions}) and of its output; {@code q15} says whether its output tensor is 16-bit.
 * Conv2d/Linear also have the weight and bias formats and the shifts CMSIS takes
 * ({@code bias_shift = inFrac + wFrac - bFrac}, {@code out_shift = inFrac + wFrac - outFrac}, both in 0..31),
 * with the weights in PyTorch layout ({@code weights}/{@code bias} for q7 values, {@code weights15}/
 * {@code bias15} for q15; the plan reorders them). Add has its alignment shifts ({@code addShifts} = left shift
 * of input 0, of input 1, right shift of the sum). Sigmoid and tanh have the {@code intWidth}
 * arm_nn_activations_direct_q7 takes.
 *
 * @param inConversions per input, the conversion between q7 and q15 the layer needs first, or null
 * @param maxAbs        the calibrated max |x| this layer's output format was chosen for
 */
public record QLayer(LayerSpec spec, Precision precision, List<Integer> inFracs, List<Conversion> inConversions,
                     int outFrac, boolean q15, int wFrac, int bFrac, int biasShift, int outShift, byte[] weights,
                     byte[] bias, short[] weights15, short[] bias15, double maxAbs, int[] addShifts, int intWidth) {
    /** A q7-to-q15 (exact, same fractional bits) or q15-to-q7 (right shift, rounded, saturated) conversion. */
    public record Conversion(boolean toQ15, int rightShift, int fromFrac, int toFrac) {
    }

    public QLayer {
        inFracs = List.copyOf(inFracs);
        inConversions = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(inConversions));
    }

    public int inFrac() {
        return inFracs.get(0);
    }

    public boolean weighted() {
        return weights != null || weights15 != null;
    }

    /** A layer without weights or extra parameters. */
    static QLayer plain(LayerSpec spec, Precision p, List<Integer> inFracs, List<Conversion> conv, int outFrac,
                        boolean q15, double maxAbs) {
        return new QLayer(spec, p, inFracs, conv, outFrac, q15, 0, 0, 0, 0, null, null, null, null, maxAbs, null, -1);
    }
}
