package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.NetworkModel;
import java.util.List;

/**
 * The network with every tensor's Q format chosen and its weights quantized. The network's input and output
 * are always q7; when the last layer is q15, {@code outputConversion} brings its output to q7.
 */
public record QuantizedNetwork(NetworkModel model, int inputFrac, double inputMaxAbs, List<QLayer> layers,
                               int calibrationSamples, QLayer.Conversion outputConversion, CalibrationStats stats) {
    public QuantizedNetwork {
        layers = List.copyOf(layers);
    }

    public int outputFrac() {
        return outputConversion != null ? outputConversion.toFrac() : layers.get(layers.size() - 1).outFrac();
    }
}
