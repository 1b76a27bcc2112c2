package dev.j2cmsis.processor.bench;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.sim.data.IdxReader;
import dev.j2cmsis.sim.data.NdArray;
import dev.j2cmsis.sim.eval.Accuracy;
import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The range-method table of BENCHMARKS.md: each example network of example-project generated with each
 * activation range method (and with the format search), then evaluated on the 10,000 Fashion-MNIST test
 * images, float and q7. A bench program, not a test:
 * {@code mvn -pl processor -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.j2cmsis.processor.bench.MethodsBench}.
 */
public final class MethodsBench {
    static final Path EXAMPLE = Files.isDirectory(Path.of("example-project")) ? Path.of("example-project")
            : Path.of("../example-project");
    static final List<String> NETWORKS = List.of("FashionLeNet", "FashionNonSquare", "FashionDepthwise",
            "FashionResidual", "FashionTanh");
    static final List<String> METHODS = List.of("minmax", "percentile", "kld", "minmax\n  search: true");

    private MethodsBench() {
    }

    public static void main(String[] args) throws Exception {
        // exec:java runs this in Maven's JVM: the project's class path is the context class loader's.
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader u) {
            StringBuilder cp = new StringBuilder();
            for (java.net.URL url : u.getURLs()) {
                cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(url.toURI()));
            }
            System.setProperty("java.class.path", cp.toString());
        }
        NdArray images = IdxReader.readImages(EXAMPLE.resolve("data/t10k-images-idx3-ubyte.gz"));
        int[] labels = IdxReader.readLabels(EXAMPLE.resolve("data/t10k-labels-idx1-ubyte.gz"));
        float[][] x = new float[images.items()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = images.itemFloats(i);
        }
        Path work = Files.createTempDirectory("j2cmsis-methods");
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println("| network | method | float top-1 | q7 top-1 | q7 - float (points) |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String net : NETWORKS) {
            Path source = EXAMPLE.resolve("src/main/java/dev/j2cmsis/example/" + net + ".java");
            if (!Files.exists(source)) {
                continue;
            }
            for (String method : METHODS) {
                Path cp = work.resolve(net + "-" + method.replaceAll("[^a-z]", ""));
                Path res = cp.resolve("dev/j2cmsis/example");
                Files.createDirectories(res);
                try (Stream<Path> files = Files.list(EXAMPLE.resolve("src/main/resources/dev/j2cmsis/example"))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, res.resolve(f.getFileName()));
                    }
                }
                String yamlName = Files.readString(source).replaceAll("(?s).*config = \"([^\"]+)\".*", "$1");
                Path yaml = res.resolve(yamlName);
                Files.writeString(yaml, Files.readString(yaml)
                        .replaceAll("(?m)^  activations: .*$", "  activations: " + method));
                Compilation c = Fixtures.compile(cp, JavaFileObjects.forResource(source.toUri().toURL()));
                if (c.status() != Compilation.Status.SUCCESS) {
                    System.out.println("| " + net + " | " + method.replace("\n  search: true", " + search")
                            + " | failed: " + c.errors() + " | | |");
                    continue;
                }
                ClassLoader loader = Fixtures.loader(Fixtures.dump(c, cp.resolve("out")));
                Q7Network q = (Q7Network) loader.loadClass("dev.j2cmsis.example." + net + "Q7")
                        .getConstructor().newInstance();
                FloatNetwork f = (FloatNetwork) loader.loadClass("dev.j2cmsis.example." + net + "Float")
                        .getConstructor().newInstance();
                double fa = 100.0 * Accuracy.correct(Accuracy.predictAll(x.length, i -> f.predict(x[i]), threads),
                        labels) / labels.length;
                double qa = 100.0 * Accuracy.correct(Accuracy.predictAll(x.length, i -> q.predict(x[i]), threads),
                        labels) / labels.length;
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f%% | %.2f%% | %+.2f |%n", net,
                        method.replace("\n  search: true", " + search"), fa, qa, qa - fa);
            }
        }
    }
}
