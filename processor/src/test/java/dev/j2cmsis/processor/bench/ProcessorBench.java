package dev.j2cmsis.processor.bench;

import dev.j2cmsis.processor.testing.Fixtures;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The processor's wall time per network (BENCHMARKS.md, "Processor wall time"): every example network and two
 * bigger ones written here with seeded random weights, the 12 M-MAC MNIST CNN of the issue (conv 1->32 k3, conv
 * 32->64 k3, max-pool 2, linear 9216->128->10) calibrated on the examples' 1,000 Fashion-MNIST images, and a
 * keyword-spotting DS-CNN (DS-CNN-M: 172 channels on 49x10 MFCCs, 16 M MACs) calibrated on 1,000 random inputs.
 * Each network is compiled by javac with the processor ({@code -proc:only}), cold (cache off) and unchanged
 * (cache on, second build); the time is the processor's own ({@code -Aj2cmsis.verbose=true} note), the CPU time
 * that of the whole process during the compile (all threads: on a loaded machine it varies less than the wall
 * time), the heap the peak of the heap pools during that compile (after a GC before it; it includes garbage not
 * yet collected, so run with a small {@code -Xmx} to see what the processor needs).
 *
 * <p>Run from the repository root, after {@code mvn -B -o -q -pl processor -am test-compile} and any processor test
 * (which records the test class path in the {@code surefire.test.class.path} property of its
 * {@code processor/target/surefire-reports/TEST-*.xml}): {@code java -Xmx4g -cp <that class path>
 * dev.j2cmsis.processor.bench.ProcessorBench 2}. ({@code exec:java} needs the sibling modules installed.)
 * Arguments: passes (default 3), a substring of the networks to run (default all; {@code =name} for exactly one,
 * e.g. {@code =FashionLeNet}, {@code =s8.FashionLeNet}), {@code cold} to skip the
 * unchanged builds. Not a test: it is not run by {@code mvn verify}.
 */
public final class ProcessorBench {
    private static final Pattern FRESH = Pattern.compile("j2cmsis: (\\S+) generated in (\\d+) ms");
    private static final Pattern HIT = Pattern.compile("j2cmsis: (\\S+) reused from the build cache .+? in (\\d+) ms");

    record Net(String name, Path resources, List<Path> sources) {
    }

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String only = args.length > 1 ? args[1] : "";
        boolean coldOnly = args.length > 2 && args[2].equals("cold");
        Path work = Files.createTempDirectory("j2cmsis-bench");
        Path example = Path.of("example-project/src/main");
        List<Net> nets = new ArrayList<>();
        // The q7/q15 examples, then their s8 twins (package dev.j2cmsis.example.s8).
        for (String pkg : List.of("java/dev/j2cmsis/example", "java/dev/j2cmsis/example/s8")) {
            try (Stream<Path> s = Files.list(example.resolve(pkg))) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.readString(p).contains("@Network(")) {
                        String name = p.getFileName().toString().replace(".java", "");
                        nets.add(new Net(pkg.endsWith("s8") ? "s8." + name : name, example.resolve("resources"),
                                List.of(p)));
                    }
                }
            }
        }
        nets.add(mnistCnn(work.resolve("mnist"), example.resolve(
                "resources/dev/j2cmsis/example/calibration-images-idx3-ubyte.gz").toAbsolutePath()));
        nets.add(dsCnn(work.resolve("kws")));
        System.out.printf(Locale.ROOT, "load: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| network | cold ms, pass 1..n | cold CPU ms (all threads) | peak heap MiB | unchanged ms, "
                + "pass 1..n |");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (Net net : nets) {
            if (only.startsWith("=") ? !net.name().equals(only.substring(1)) : !net.name().contains(only)) {
                continue;
            }
            List<Long> cold = new ArrayList<>();
            List<Long> cpu = new ArrayList<>();
            long heap = 0;
            for (int i = 0; i < passes; i++) {
                System.gc();
                ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
                long c0 = os.getProcessCpuTime();
                cold.add(compile(net, work.resolve("out-" + net.name().replaceAll("\\W", "")), null, FRESH));
                cpu.add((os.getProcessCpuTime() - c0) / 1_000_000);
                heap = Math.max(heap, ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum());
            }
            if (coldOnly) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | - |%n", net.name(), cold, cpu, heap >> 20);
                continue;
            }
            Path cache = work.resolve("cache-" + net.name().replaceAll("\\W", ""));
            compile(net, work.resolve("out-" + net.name().replaceAll("\\W", "")), cache, FRESH);
            List<Long> warm = new ArrayList<>();
            for (int i = 0; i < passes; i++) {
                // -1: this j2cmsis has no cache (a build before it, measured for comparison).
                warm.add(compile(net, work.resolve("out-" + net.name().replaceAll("\\W", "")), cache, HIT, FRESH));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %s |%n", net.name(), cold, cpu, heap >> 20, warm);
        }
        System.out.printf(Locale.ROOT, "load: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** Compiles one network; returns the processor's time from its note, which must match {@code expect}. */
    static long compile(Net net, Path out, Path cache, Pattern expect) throws IOException {
        return compile(net, out, cache, expect, null);
    }

    /** As above; a note matching {@code otherwise} instead gives -1. */
    static long compile(Net net, Path out, Path cache, Pattern expect, Pattern otherwise) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        Files.createDirectories(out.resolve("classes"));
        Files.createDirectories(out.resolve("gen"));
        String cp = System.getProperty("java.class.path") + File.pathSeparator + net.resources().toAbsolutePath();
        List<String> options = new ArrayList<>(List.of("-proc:only", "-d", out.resolve("classes").toString(), "-s",
                out.resolve("gen").toString(), "-classpath", cp, "-processorpath", System.getProperty(
                        "java.class.path"), "-Aj2cmsis.verbose=true"));
        options.add(cache == null ? "-Aj2cmsis.cache=false" : "-Aj2cmsis.cacheDir=" + cache);
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diags, options, null,
                    fm.getJavaFileObjectsFromPaths(net.sources())).call();
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                Matcher m = expect.matcher(d.getMessage(Locale.ROOT));
                if (Boolean.getBoolean("j2cmsis.bench.notes") && m.find(0)) {
                    System.out.println("  " + d.getMessage(Locale.ROOT));   // the processor's time per stage
                }
                if (ok && m.find(0)) {
                    return Long.parseLong(m.group(2));
                }
                if (ok && otherwise != null && otherwise.matcher(d.getMessage(Locale.ROOT)).find()) {
                    return -1;
                }
            }
            throw new IllegalStateException(net.name() + ": no '" + expect + "' note; " + diags.getDiagnostics());
        }
    }

    /** The MNIST CNN of the PyTorch -> TVM -> RIOT example: 1,199,882 parameters, 12.0 M MACs per image. */
    static Net mnistCnn(Path dir, Path calibration) throws IOException {
        Path pkg = dir.resolve("res/bench");
        Files.createDirectories(pkg);
        Files.copy(calibration, pkg.resolve("calibration-images-idx3-ubyte.gz"));
        new Fixtures.Weights(1).conv("conv1", 32, 1, 3, true).conv("conv2", 64, 32, 3, true)
                .linear("fc1", 128, 9216, true).linear("fc2", 10, 128, true).write(pkg.resolve("mnist_cnn.safetensors"));
        Fixtures.text(pkg.resolve("mnist_cnn.yaml"), """
                weights: mnist_cnn.safetensors
                calibration:
                  data: calibration-images-idx3-ubyte.gz
                  samples: 1000
                  transform:
                    scale: 0.00392156862745098
                    mean: 0.1307
                    std: 0.3081
                quantization:
                  scheme: q7
                  activations: minmax
                target: cortex-m4
                """);
        Path src = dir.resolve("src/bench/MnistCnn.java");
        Fixtures.text(src, """
                package bench;

                import dev.j2cmsis.annotations.*;

                @Network(config = "mnist_cnn.yaml", input = {1, 28, 28})
                public class MnistCnn {
                    @Conv2d(outChannels = 32, kernel = 3) Layer conv1;
                    @ReLU Layer relu1;
                    @Conv2d(outChannels = 64, kernel = 3) Layer conv2;
                    @ReLU Layer relu2;
                    @MaxPool(kernel = 2) Layer pool;
                    @Flatten Layer flatten;
                    @Linear(outFeatures = 128) Layer fc1;
                    @ReLU Layer relu3;
                    @Linear(outFeatures = 10) Layer fc2;
                }
                """);
        return new Net("MnistCnn (12 M MACs)", dir.resolve("res"), List.of(src));
    }

    /**
     * Keyword spotting, DS-CNN-M of "Hello Edge" (Zhang et al. 2017): conv 172 k(10,4) stride 2 on 49x10 MFCCs,
     * four depthwise-separable blocks, global average pool, 12 classes; 16 M MACs per input.
     */
    static Net dsCnn(Path dir) throws IOException {
        Path pkg = dir.resolve("res/kws");
        int c = 172;
        Fixtures.Weights w = new Fixtures.Weights(2);
        w.add("conv1.weight", new int[] {c, 1, 10, 4}, Math.sqrt(2.0 / 40)).add("conv1.bias", new int[] {c}, 0.1);
        StringBuilder layers = new StringBuilder();
        for (int b = 1; b <= 4; b++) {
            w.conv("dw" + b, c, 1, 3, true).conv("pw" + b, c, c, 1, true);
            layers.append("""
                        @Conv2d(outChannels = %d, kernel = 3, padding = 1, groups = %d) Layer dw%d;
                        @ReLU Layer rdw%d;
                        @Conv2d(outChannels = %d, kernel = 1) Layer pw%d;
                        @ReLU Layer rpw%d;
                    """.formatted(c, c, b, b, c, b, b));
        }
        w.linear("fc", 12, c, true).write(pkg.resolve("ds_cnn.safetensors"));
        Fixtures.calibration(pkg.resolve("mfcc.npy"), 3, 1000, 1, 49, 10);
        Fixtures.text(pkg.resolve("ds_cnn.yaml"), """
                weights: ds_cnn.safetensors
                calibration:
                  data: mfcc.npy
                  samples: 1000
                  transform:
                    scale: 0.00392156862745098
                    mean: 0.5
                    std: 0.25
                quantization:
                  scheme: q7
                  activations: minmax
                target: cortex-m4
                """);
        Path src = dir.resolve("src/kws/DsCnn.java");
        Fixtures.text(src, """
                package kws;

                import dev.j2cmsis.annotations.*;

                @Network(config = "ds_cnn.yaml", input = {1, 49, 10})
                public class DsCnn {
                    @Conv2d(outChannels = %d, kernel = {10, 4}, stride = 2, padding = {5, 1}) Layer conv1;
                    @ReLU Layer relu1;
                %s    @AvgPool(kernel = {25, 5}) Layer pool;
                    @Flatten Layer flatten;
                    @Linear(outFeatures = 12) Layer fc;
                }
                """.formatted(c, layers));
        return new Net("DsCnn KWS (16 M MACs)", dir.resolve("res"), List.of(src));
    }
}
