package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.j2cmsis.processor.onnx.OnnxImport;
import dev.j2cmsis.sim.runtime.FloatNetwork;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example networks exported to ONNX by training/export_onnx.py: onnxruntime is the float oracle of the
 * generated {@code <Class>Float}, and importing the .onnx files gives classes that regenerate the hand-written
 * networks' C and simulators.
 */
class OnnxImportTest {
    /** Test images run through onnxruntime and each float reference. */
    static final int IMAGES = 500;
    static final Path ONNX = Path.of("src/test/resources/dev/j2cmsis/example/onnx");
    static final Path RESOURCES = Path.of("src/main/resources/dev/j2cmsis/example");
    static final String TRANSFORM = "--scale 0.00392156862745098 --mean 0.2860 --std 0.3530";

    /** A hand-written example class, its .onnx file and the importer options that reproduce its YAML. */
    record Case(String className, String onnx, String prefix, String options) {
        /** The hand-written q15 YAML shares FashionLeNet's weights file; the importer writes its own. */
        String sameNames(String imported) {
            return imported.replace(prefix + ".safetensors", onnx + ".safetensors");
        }
    }

    static final List<Case> CASES = List.of(
            new Case("FashionLeNet", "fashion_lenet", "fashion_lenet", "--samples 500"),
            new Case("FashionNonSquare", "fashion_nonsquare", "fashion_nonsquare", "--samples 1000"),
            new Case("FashionDepthwise", "fashion_depthwise", "fashion_depthwise", "--samples 1000"),
            new Case("FashionResidual", "fashion_residual", "fashion_residual", "--samples 1000"),
            new Case("FashionTanh", "fashion_tanh", "fashion_tanh", "--samples 1000"),
            // the same trained network as FashionLeNet, with the q15 YAML's quantization
            new Case("FashionLeNetQ15", "fashion_lenet", "fashion_lenet_q15",
                    "--samples 500 --scheme q15 --layer-scheme fc1=q7q15"));

    @Test
    void floatReferencesEqualOnnxruntime() throws Exception {
        float[][] raw = Arrays.copyOf(TestSet.images().images(), IMAGES);
        Map<String, FloatNetwork> nets = Map.of("FashionLeNet", new FashionLeNetFloat(), "FashionNonSquare",
                new FashionNonSquareFloat(), "FashionDepthwise", new FashionDepthwiseFloat(), "FashionResidual",
                new FashionResidualFloat(), "FashionTanh", new FashionTanhFloat(), "FashionLeNetQ15",
                new FashionLeNetQ15Float());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> report = new ArrayList<>();
        for (Case c : CASES) {
            FloatNetwork net = nets.get(c.className());
            // The YAML's input transform is part of j2cmsis's network, not of the ONNX graph.
            var transform = net.getClass().getMethod("transform", float[].class);
            float[][] images = new float[IMAGES][];
            for (int i = 0; i < IMAGES; i++) {
                images[i] = (float[]) transform.invoke(net, (Object) raw[i]);
            }
            float[][] expected = onnxruntime(env, ONNX.resolve(c.onnx() + ".onnx"), images);
            double max = 0;
            double scaled = 0;
            for (int i = 0; i < IMAGES; i++) {
                float[] got = net.forward(raw[i]);
                assertEquals(expected[i].length, got.length, c.className());
                for (int k = 0; k < got.length; k++) {
                    double d = Math.abs(got[k] - expected[i][k]);
                    max = Math.max(max, d);
                    scaled = Math.max(scaled, d / Math.max(1, Math.abs(expected[i][k])));
                }
            }
            report.add(String.format(Locale.ROOT, "%s %.2e (scaled %.2e)", c.className(), max, scaled));
            // 1e-5 absolute, relative for outputs above 1: onnxruntime sums in float32 (j2cmsis in double), and
            // logits reach ~20, where float32's own rounding step is ~2e-6.
            assertTrue(scaled <= 1e-5, c.className() + "Float differs from onnxruntime by " + max);
        }
        System.out.println("[OnnxImportTest] max |<Class>Float - onnxruntime| over " + IMAGES + " test images: "
                + String.join(", ", report));
    }

    private static float[][] onnxruntime(OrtEnvironment env, Path model, float[][] images) throws Exception {
        int size = images[0].length;
        FloatBuffer in = FloatBuffer.allocate(images.length * size);
        for (float[] x : images) {
            in.put(x);
        }
        in.flip();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model.toString(), options);
                 OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {images.length, 1, 28, 28});
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                return (float[][]) r.get(0).getValue();
            }
        }
    }

    /**
     * Imports every .onnx file into the hand-written classes' package, compiles the imported classes with the
     * processor by plain javac with the resources off the class path (found through -Aj2cmsis.resourceDirs, as
     * under Gradle), and compares every generated file with the hand-written network's. The only differences
     * allowed are SHA-256 values: the YAML and safetensors files the importer writes are other bytes (other
     * comments, tensor order and metadata) than the hand-written ones, so their hashes, and INPUTS_SHA256 built
     * from them, differ; the floats in them are the same. FashionLeNetQ15's hand-written YAML names
     * fashion_lenet.safetensors, the imported one its own fashion_lenet_q15.safetensors: that name is mapped back.
     */
    @Test
    void importedClassesRegenerateTheHandWrittenNetworks(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("project");
        Path res = project.resolve("src/main/resources/dev/j2cmsis/example");
        Files.createDirectories(res);
        Files.copy(RESOURCES.resolve("calibration-images-idx3-ubyte.gz"), res.resolve("calibration-images-idx3-ubyte.gz"));
        List<File> sources = new ArrayList<>();
        for (Case c : CASES) {
            List<String> args = new ArrayList<>(List.of(ONNX.resolve(c.onnx() + ".onnx").toString(), "--package",
                    "dev.j2cmsis.example", "--class", c.className(), "--prefix", c.prefix(), "--out",
                    project.toString(), "--calibration-data", res.resolve("calibration-images-idx3-ubyte.gz").toString()));
            args.addAll(List.of((TRANSFORM + " " + c.options()).split(" ")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = OnnxImport.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
            sources.add(project.resolve("src/main/java/dev/j2cmsis/example/" + c.className() + ".java").toFile());
        }
        // Without the example's own target/classes (which hold the hand-written YAMLs under the same names).
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !Path.of(p).toAbsolutePath().startsWith(Path.of("target").toAbsolutePath()))
                .collect(Collectors.joining(File.pathSeparator));
        Path gen = dir.resolve("gen");
        Path classes = dir.resolve("classes");
        Files.createDirectories(gen);
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> options = new ArrayList<>(List.of("-classpath", classPath, "-processorpath", classPath,
                "-processor", "dev.j2cmsis.processor.J2cmsisProcessor", "-s", gen.toString(), "-d", classes.toString(),
                "-Aj2cmsis.resourceDirs=" + project.resolve("src/main/resources"), "--release", "17"));
        sources.forEach(f -> options.add(f.toString()));
        int rc = javac.run(null, log, log, options.toArray(String[]::new));
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));

        Path imported = gen.resolve("dev/j2cmsis/example");
        List<String> compared = new ArrayList<>();
        for (Case c : CASES) {
            List<Path> files;
            try (Stream<Path> s = Files.list(TestSet.GENERATED)) {
                files = s.filter(p -> p.getFileName().toString().startsWith(c.prefix() + ".")
                                || p.getFileName().toString().startsWith(c.prefix() + "_")
                                || p.getFileName().toString().startsWith(c.className() + "Q7.")
                                || p.getFileName().toString().startsWith(c.className() + "Float."))
                        .filter(p -> !(c.prefix().equals("fashion_lenet")
                                && p.getFileName().toString().startsWith("fashion_lenet_q15")))
                        .sorted().toList();
            }
            assertTrue(files.size() >= 7, c.className() + ": " + files);
            for (Path hand : files) {
                Path other = imported.resolve(hand.getFileName().toString());
                assertTrue(Files.exists(other), "the imported " + c.className() + " did not generate " + other);
                List<String> a = withoutHashes(Files.readString(hand)).lines().toList();
                List<String> b = withoutHashes(c.sameNames(Files.readString(other))).lines().toList();
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    assertEquals(a.get(i), b.get(i), hand.getFileName() + " line " + (i + 1));
                }
                assertEquals(a.size(), b.size(), hand.getFileName() + " lines");
                compared.add(hand.getFileName().toString());
            }
            // The simulators' weight resources (CLASS_OUTPUT): byte for byte.
            List<Path> blobs;
            try (Stream<Path> s = Files.list(classes.resolve("dev/j2cmsis/example"))) {
                blobs = s.filter(p -> p.getFileName().toString().matches(c.className() + "(Q7|Float)(\\.[a-z0-9]+)+")
                        && !p.toString().endsWith(".class")).sorted().toList();
            }
            assertTrue(blobs.size() >= 2, c.className() + ": " + blobs);
            for (Path blob : blobs) {
                Path hand = Path.of("target/classes/dev/j2cmsis/example").resolve(blob.getFileName().toString());
                assertTrue(Arrays.equals(Files.readAllBytes(hand), Files.readAllBytes(blob)), blob.toString());
                compared.add(blob.getFileName().toString());
            }
        }
        System.out.println("[OnnxImportTest] identical modulo SHA-256 values: " + compared.size() + " files: "
                + String.join(", ", compared));
    }

    private static String withoutHashes(String s) {
        return s.replaceAll("[0-9a-fA-F]{64}", "<sha256>");
    }
}
