package dev.j2cmsis.processor.onnx;

import java.util.List;
import java.util.Map;

/**
 * One layer field of the class the importer writes: its name, annotation (simple name), the annotation's
 * attributes as Java source text (only those that differ from the annotation's defaults) and the layers it reads.
 */
public record ImportedLayer(String name, String annotation, Map<String, String> attributes, List<String> inputs) {
    public ImportedLayer {
        // insertion order is the order the attributes are written in
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        inputs = List.copyOf(inputs);
    }
}
