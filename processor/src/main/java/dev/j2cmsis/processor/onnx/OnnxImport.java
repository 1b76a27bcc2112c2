package dev.j2cmsis.processor.onnx;

import dev.j2cmsis.processor.onnx.proto.Onnx.ModelProto;
import dev.j2cmsis.sim.data.SafetensorsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.SourceVersion;

/**
 * {@code OnnxImport model.onnx --package P [options]}: writes the annotated class
 * ({@code <out>/src/main/java/P/<Class>.java}), its YAML and the weights as safetensors
 * ({@code <out>/src/main/resources/P/<prefix>.yaml}, {@code .safetensors}). Everything is checked before anything
 * is written; the files are written beside their targets under temporary names and then moved into place, so a
 * failed import leaves no file behind. Exit status 0 on success, 1 when the model cannot be imported, 2 on
 * wrong arguments or I/O errors.
 */
public final class OnnxImport {
    static final String USAGE = """
            usage: OnnxImport MODEL.onnx --package PKG [options]
              --class NAME              class name (default: the file name in CamelCase)
              --prefix NAME             C prefix and YAML/weights file name (default: the file name in snake_case)
              --out DIR                 project directory (default: .); writes DIR/src/main/java and DIR/src/main/resources
              --calibration-data FILE   calibration samples, IDX or .npy (default: calibration.npy beside the YAML)
              --samples N               use the first N calibration samples (default: all)
              --scale S --mean M --std D  input transform (raw * S - M) / D; M and D one value or comma-separated
                                        per channel (default: 1, 0, 1: the samples are already model inputs)
              --scheme q7|q15|q7q15     (default: q7)   --activations minmax|percentile|kld (default: minmax)
              --layer-scheme NAME=S     per-layer scheme override (repeatable)
              --target cortex-m4|cortex-m7|cortex-m3|cortex-m0 (default: cortex-m4)
              --force                   overwrite existing files
            """;

    private OnnxImport() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The options of one import; {@code null} means the default. */
    record Options(Path model, String pkg, String className, String prefix, Path out, String calibration,
                   Integer samples, String scale, String mean, String std, String scheme, String activations,
                   Map<String, String> layerSchemes, String target, boolean force) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        OnnxImporter.Result result;
        try (InputStream in = Files.newInputStream(o.model())) {
            result = new OnnxImporter(ModelProto.parseFrom(in), o.model().toAbsolutePath().getParent()).run();
        } catch (ImportException e) {
            err.println(o.model() + " cannot be imported (nothing was written):");
            e.problems().forEach(p -> err.println("  " + p));
            return 1;
        } catch (IOException e) {
            err.println("error: cannot read " + o.model() + " as an ONNX model: " + e.getMessage());
            return 2;
        }
        for (String layer : o.layerSchemes().keySet()) {
            if (result.layers().stream().noneMatch(l -> l.name().equals(layer))) {
                err.println("error: --layer-scheme names '" + layer + "', which is not a layer of the model (layers: "
                        + String.join(", ", result.layers().stream().map(ImportedLayer::name).toList()) + ")");
                return 2;
            }
        }
        String pkgDir = o.pkg().replace('.', '/');
        Path javaFile = o.out().resolve("src/main/java").resolve(pkgDir).resolve(o.className() + ".java");
        Path resDir = o.out().resolve("src/main/resources").resolve(pkgDir);
        Path yamlFile = resDir.resolve(o.prefix() + ".yaml");
        Path weightsFile = resDir.resolve(o.prefix() + ".safetensors");
        List<String> defaults = new ArrayList<>();
        String calibration = calibrationPath(o, resDir, defaults);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(javaFile, ClassWriter.java(o, result).getBytes(StandardCharsets.UTF_8));
        files.put(yamlFile, ClassWriter.yaml(o, result, calibration, defaults).getBytes(StandardCharsets.UTF_8));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", o.model().getFileName().toString());
        meta.put("written_by", "j2cmsis OnnxImport");
        files.put(weightsFile, SafetensorsWriter.toBytes(result.weights(), meta));
        try {
            write(files, o.force());
        } catch (IOException e) {
            err.println("error: " + e.getMessage() + " (nothing was written)");
            return 2;
        }
        out.println("imported " + o.model() + " (opset " + result.opset() + ", " + result.producer() + "): "
                + result.layers().size() + " layers, " + result.weights().size() + " tensors");
        files.keySet().forEach(f -> out.println("  wrote " + f));
        for (String d : defaults) {
            out.println("  default: " + d);
        }
        out.println("  the class and YAML are yours now: edit the YAML's calibration and quantization as needed.");
        return 0;
    }

    private static String calibrationPath(Options o, Path resDir, List<String> defaults) {
        if (o.calibration() == null) {
            defaults.add("calibration.data: calibration.npy beside the YAML (--calibration-data); put the "
                    + "calibration samples there, shape [N, C, H, W] or [N, H, W]");
            return "calibration.npy";
        }
        Path p = Path.of(o.calibration()).toAbsolutePath().normalize();
        Path dir = resDir.toAbsolutePath().normalize();
        // Relative to the YAML when it lies in the resources (then the build copies it with the YAML).
        return p.startsWith(dir) ? dir.relativize(p).toString().replace('\\', '/') : p.toString();
    }

    /** Temporary files next to each target, then moves: a failure before the moves leaves nothing behind. */
    static void write(Map<Path, byte[]> files, boolean force) throws IOException {
        for (Path f : files.keySet()) {
            if (!force && Files.exists(f)) {
                throw new IOException(f + " exists; pass --force to overwrite it");
            }
        }
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, byte[]> e : files.entrySet()) {
                Path dir = e.getKey().toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path t = Files.createTempFile(dir, "." + e.getKey().getFileName(), ".tmp");
                temps.put(e.getKey(), t);
                Files.write(t, e.getValue());
            }
            for (Map.Entry<Path, Path> e : temps.entrySet()) {
                try {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.AtomicMoveNotSupportedException x) {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            for (Path t : temps.values()) {
                Files.deleteIfExists(t);
            }
        }
    }

    static Options parse(String[] args) {
        Path model = null;
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> layerSchemes = new LinkedHashMap<>();
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--force")) {
                force = true;
            } else if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String value = args[++i];
                if (a.equals("--layer-scheme")) {
                    String[] kv = value.split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--layer-scheme takes NAME=SCHEME, not " + value);
                    }
                    layerSchemes.put(kv[0], scheme(kv[1]));
                } else if (List.of("--package", "--class", "--prefix", "--out", "--calibration-data", "--samples",
                        "--scale", "--mean", "--std", "--scheme", "--activations", "--target").contains(a)) {
                    v.put(a.substring(2), value);
                } else {
                    throw new IllegalArgumentException("unknown option " + a);
                }
            } else if (model == null) {
                model = Path.of(a);
            } else {
                throw new IllegalArgumentException("more than one model: " + a);
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("no model given");
        }
        String pkg = v.get("package");
        if (pkg == null || !SourceVersion.isName(pkg)) {
            throw new IllegalArgumentException("--package must name a Java package, not " + pkg);
        }
        String base = model.getFileName().toString().replaceFirst("\\.onnx$", "");
        String className = v.getOrDefault("class", camel(base));
        if (!SourceVersion.isIdentifier(className) || SourceVersion.isKeyword(className)) {
            throw new IllegalArgumentException("--class must be a Java identifier, not " + className);
        }
        String prefix = v.getOrDefault("prefix", base.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT));
        if (!prefix.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("--prefix must be a lower-case C identifier, not " + prefix);
        }
        Integer samples = v.containsKey("samples") ? Integer.valueOf(v.get("samples")) : null;
        for (String k : List.of("scale", "mean", "std")) {
            if (v.containsKey(k)) {
                for (String x : v.get(k).split(",")) {
                    Double.parseDouble(x.trim());
                }
            }
        }
        String activations = v.getOrDefault("activations", "minmax");
        if (!List.of("minmax", "percentile", "kld").contains(activations)) {
            throw new IllegalArgumentException("--activations is minmax, percentile or kld, not " + activations);
        }
        String target = v.getOrDefault("target", "cortex-m4");
        if (!List.of("cortex-m4", "cortex-m7", "cortex-m3", "cortex-m0").contains(target)) {
            throw new IllegalArgumentException("unknown --target " + target);
        }
        return new Options(model, pkg, className, prefix, Path.of(v.getOrDefault("out", ".")),
                v.get("calibration-data"), samples, v.get("scale"), v.get("mean"), v.get("std"),
                scheme(v.getOrDefault("scheme", "q7")), activations, layerSchemes, target, force);
    }

    private static String scheme(String s) {
        if (!List.of("q7", "q15", "q7q15").contains(s)) {
            throw new IllegalArgumentException("a scheme is q7, q15 or q7q15, not " + s);
        }
        return s;
    }

    static String camel(String base) {
        StringBuilder b = new StringBuilder();
        for (String part : base.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        String s = b.toString();
        return s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) ? "Net" + s : s;
    }
}
