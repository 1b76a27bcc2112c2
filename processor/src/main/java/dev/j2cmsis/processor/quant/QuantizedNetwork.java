package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.NetworkModel;
import java.util.List;

/** The network with every tensor's Q format chosen and its weights quantized. */
public record QuantizedNetwork(NetworkModel model, int inputFrac, double inputMaxAbs, List<QLayer> layers,
                               int calibrationSamples) {
    public QuantizedNetwork {
        layers = List.copyOf(layers);
    }

    public int outputFrac() {
        return layers.get(layers.size() - 1).outFrac();
    }
}
