package dev.j2cmsis.processor.read.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One network's YAML configuration, checked and with every path resolved.
 *
 * @param yamlFile the YAML file, absolute and normalized
 * @param pos the top-level mapping (where defaults of top-level keys point)
 * @param weights the weights file, absolute and normalized; it existed, was a regular file and was not empty
 * @param names layer (field) name to weight key prefix, in file order; the position is the prefix value's
 * @param nameKeys layer (field) name to the position of that key in {@code names:}, in file order
 * @param calibration the calibration section
 * @param quantization the quantization section (defaults when left out)
 * @param target the target CPU ({@link Target#DEFAULT} when left out)
 */
public record NetworkConfig(
        Path yamlFile,
        SourcePos pos,
        Located<Path> weights,
        Map<String, Located<String>> names,
        Map<String, SourcePos> nameKeys,
        CalibrationConfig calibration,
        QuantizationConfig quantization,
        Located<Target> target) {

    public NetworkConfig {
        Objects.requireNonNull(yamlFile, "yamlFile");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(quantization, "quantization");
        Objects.requireNonNull(target, "target");
        // Map.copyOf would lose the file order, which later messages and generated code follow.
        names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        nameKeys = Collections.unmodifiableMap(new LinkedHashMap<>(nameKeys));
        if (!names.keySet().equals(nameKeys.keySet())) {
            throw new IllegalArgumentException("names and nameKeys must have the same keys");
        }
    }

    /** The weight key prefix of a layer: its {@code names:} entry, or the field name itself. */
    public String weightPrefix(String layer) {
        Located<String> mapped = names.get(layer);
        return mapped != null ? mapped.value() : layer;
    }
}
