package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.quant.stats.RangeMethod;
import java.util.Map;

/**
 * The quantization options of a network, per layer index: its precision (and whether it was asked for
 * explicitly: a layer kind without a q15 kernel falls back to q7 only when the q15 came from the network
 * default) and the method that picks the format of its output from the calibration data.
 */
public record QuantOptions(Precision defaultPrecision, Map<Integer, Precision> explicit, RangeMethod defaultMethod,
                           Map<Integer, RangeMethod> methods) {
    public QuantOptions {
        explicit = Map.copyOf(explicit);
        methods = Map.copyOf(methods);
    }

    public static QuantOptions q7() {
        return new QuantOptions(Precision.Q7, Map.of(), RangeMethod.minmax(), Map.of());
    }

    public RangeMethod method(int layer) {
        return methods.getOrDefault(layer, defaultMethod);
    }
}
