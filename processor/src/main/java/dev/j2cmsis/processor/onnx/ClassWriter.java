package dev.j2cmsis.processor.onnx;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The text of the imported class and its YAML. */
final class ClassWriter {
    private ClassWriter() {
    }

    static String java(OnnxImport.Options o, OnnxImporter.Result r) {
        StringBuilder b = new StringBuilder();
        b.append("package ").append(o.pkg()).append(";\n\n");
        b.append("import dev.j2cmsis.annotations.*;\n\n");
        b.append("/**\n * Imported by j2cmsis's ONNX importer from {@code ").append(o.model().getFileName())
                .append("} (opset ").append(r.opset()).append(r.producer().isEmpty() ? "" : ", " + r.producer())
                .append(").\n * Ordinary source from here on: edit it as any j2cmsis network class.\n */\n");
        int[] in = r.input();
        b.append("@Network(config = \"").append(o.prefix()).append(".yaml\", input = {").append(in[0]).append(", ")
                .append(in[1]).append(", ").append(in[2]).append("}, prefix = \"").append(o.prefix()).append("\")\n");
        b.append("public class ").append(o.className()).append(" {\n");
        String previous = "input";
        for (ImportedLayer l : r.layers()) {
            StringBuilder a = new StringBuilder();
            for (Map.Entry<String, String> e : l.attributes().entrySet()) {
                a.append(a.length() == 0 ? "" : ", ").append(e.getKey()).append(" = ").append(e.getValue());
            }
            boolean multi = l.annotation().equals("Add") || l.annotation().equals("Concat");
            if (multi || !l.inputs().equals(List.of(previous))) {
                String list = l.inputs().stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
                a.append(a.length() == 0 ? "" : ", ").append("inputs = ")
                        .append(l.inputs().size() == 1 ? list : "{" + list + "}");
            }
            b.append("    @").append(l.annotation()).append(a.length() == 0 ? "" : "(" + a + ")").append(" Layer ")
                    .append(l.name()).append(";\n");
            previous = l.name();
        }
        return b.append("}\n").toString();
    }

    static String yaml(OnnxImport.Options o, OnnxImporter.Result r, String calibration, List<String> defaults) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(o.className()).append(": imported by j2cmsis's ONNX importer from ")
                .append(o.model().getFileName()).append(". Paths are relative to this file.\n");
        b.append("weights: ").append(o.prefix()).append(".safetensors\n");
        b.append("calibration:\n  data: ").append(calibration).append('\n');
        if (o.samples() != null) {
            b.append("  samples: ").append(o.samples()).append('\n');
        }
        b.append("  transform:                                # float input = (raw * scale - mean[c]) / std[c]\n");
        b.append("    scale: ").append(value(o.scale(), "1.0", "transform.scale", defaults)).append('\n');
        b.append("    mean: ").append(value(o.mean(), "0.0", "transform.mean", defaults)).append('\n');
        b.append("    std: ").append(value(o.std(), "1.0", "transform.std", defaults)).append('\n');
        b.append("quantization:\n  scheme: ").append(o.scheme()).append("\n  activations: ").append(o.activations())
                .append('\n');
        if (!o.layerSchemes().isEmpty()) {
            b.append("  layers:\n");
            o.layerSchemes().forEach((k, v) -> b.append("    ").append(k).append(": {scheme: ").append(v)
                    .append("}\n"));
        }
        return b.append("target: ").append(o.target()).append('\n').toString();
    }

    private static String value(String given, String dflt, String key, List<String> defaults) {
        if (given == null) {
            defaults.add("calibration." + key + ": " + dflt);
            return dflt;
        }
        String[] parts = given.split(",");
        return parts.length == 1 ? parts[0].trim()
                : "[" + java.util.Arrays.stream(parts).map(String::trim).collect(Collectors.joining(", ")) + "]";
    }
}
