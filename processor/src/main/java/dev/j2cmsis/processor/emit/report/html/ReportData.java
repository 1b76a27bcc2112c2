package dev.j2cmsis.processor.emit.report.html;

import java.util.List;
import java.util.Objects;

/**
 * Everything the HTML report shows, as plain values: the writer decides nothing about the network, it only
 * lays out what the quantization and planning stages already decided.
 *
 * @param network the network's C name
 * @param source the annotated class, qualified
 * @param target the target's YAML name, e.g. {@code cortex-m4}
 * @param toolVersion the j2cmsis version
 * @param inputQ the input's Q format, e.g. {@code Q1.6}
 * @param outputQ the output's Q format
 * @param calibrationSamples how many samples calibrated the activation ranges
 * @param rangeMethod how ranges were chosen from the calibration data, e.g. {@code minmax}
 * @param layers the layers in execution order
 * @param ramBytes the network's RAM (activation buffers and scratch)
 * @param flashBytes the network's flash (weights and biases)
 * @param warnings warning messages (the user should act), in the order they were reported
 * @param notes notes (what j2cmsis decided on its own), in the order they were reported
 * @param methods accuracy per range method, for comparison; may be empty
 */
public record ReportData(String network, String source, String target, String toolVersion, String inputQ,
        String outputQ, int calibrationSamples, String rangeMethod, List<LayerRow> layers, int ramBytes,
        int flashBytes, List<String> warnings, List<String> notes, List<MethodResult> methods) {
    public ReportData {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(inputQ, "inputQ");
        Objects.requireNonNull(outputQ, "outputQ");
        Objects.requireNonNull(rangeMethod, "rangeMethod");
        layers = List.copyOf(layers);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        methods = List.copyOf(methods);
    }
}
