package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.LayerSpec;
import java.util.List;

/**
 * One layer's quantization. Every layer has the formats of its inputs ({@code inFracs}) and of its output.
 * Conv2d/Linear also have the weight and bias formats, the shifts CMSIS takes
 * ({@code bias_shift = inFrac + wFrac - bFrac}, {@code out_shift = inFrac + wFrac - outFrac}, both in 0..31)
 * and the q7 tensors in PyTorch layout (the plan reorders them). Add has its alignment shifts
 * ({@code addShifts} = left shift of input 0, of input 1, right shift of the sum). Sigmoid and tanh have the
 * {@code intWidth} arm_nn_activations_direct_q7 takes.
 *
 * @param maxAbs the calibrated max |x| this layer's output format was chosen for
 */
public record QLayer(LayerSpec spec, List<Integer> inFracs, int outFrac, int wFrac, int bFrac, int biasShift,
                     int outShift, byte[] weights, byte[] bias, double maxAbs, int[] addShifts, int intWidth) {
    public QLayer {
        inFracs = List.copyOf(inFracs);
    }

    public int inFrac() {
        return inFracs.get(0);
    }

    public boolean weighted() {
        return weights != null;
    }

    /** A layer without weights or extra parameters. */
    static QLayer plain(LayerSpec spec, List<Integer> inFracs, int outFrac, double maxAbs) {
        return new QLayer(spec, inFracs, outFrac, 0, 0, 0, 0, null, null, maxAbs, null, -1);
    }
}
