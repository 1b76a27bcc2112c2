package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.LayerSpec;

/**
 * One layer's quantization. For Conv2d/Linear: the weight and bias formats, the shifts CMSIS takes
 * ({@code bias_shift = inFrac + wFrac - bFrac}, {@code out_shift = inFrac + wFrac - outFrac}, both in 0..31)
 * and the q7 tensors in PyTorch layout (the plan reorders them). For other layers only the formats are set.
 *
 * @param maxAbs the calibrated max |x| of the tensor this layer leaves in its buffer (after fused ReLUs)
 */
public record QLayer(LayerSpec spec, int inFrac, int outFrac, int wFrac, int bFrac, int biasShift, int outShift,
                     byte[] weights, byte[] bias, double maxAbs) {
    public boolean weighted() {
        return weights != null;
    }
}
