package dev.j2cmsis.processor.quant;

import java.util.Map;

/**
 * The quantization options of a network, per layer index: its precision, and whether it was asked for
 * explicitly (a layer kind without a q15 kernel falls back to q7 only when the q15 came from the network
 * default).
 */
public record QuantOptions(Precision defaultPrecision, Map<Integer, Precision> explicit) {
    public QuantOptions {
        explicit = Map.copyOf(explicit);
    }

    public static QuantOptions q7() {
        return new QuantOptions(Precision.Q7, Map.of());
    }
}
