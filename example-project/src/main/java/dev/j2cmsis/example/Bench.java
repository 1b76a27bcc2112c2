package dev.j2cmsis.example;

import dev.j2cmsis.sim.testing.CmsisNn;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The throughput benchmark of BENCHMARKS.md: the generated simulator on the 10,000 test images (one thread
 * and all cores) against the generated C compiled with {@code gcc -O2} on the same machine and images
 * (portable kernels, and the real CMSIS-NN when CMSIS_PATH is set). Best of several passes after warm-up.
 *
 * <p>Arguments: the data directory, the generated C directory, a work directory.
 */
public final class Bench {
    static final int PASSES = 5;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path generated = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(work);
        FashionMnist test = FashionMnist.testSet(data);
        FashionLeNetQ7 sim = new FashionLeNetQ7();
        List<byte[]> inputs = new ArrayList<>();
        for (float[] x : test.images()) {
            inputs.add(sim.quantizeInput(x));
        }
        int n = inputs.size();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.arch"));

        double single = best(() -> {
            long sum = 0;
            for (byte[] x : inputs) {
                sum += sim.run(x)[0];
            }
            return sum;
        }, n);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double parallel;
        try {
            parallel = best(() -> {
                List<Future<Long>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = t * n / threads;
                    int to = (t + 1) * n / threads;
                    parts.add(pool.submit(() -> {
                        long s = 0;
                        for (int i = from; i < to; i++) {
                            s += sim.run(inputs.get(i))[0];
                        }
                        return s;
                    }));
                }
                long sum = 0;
                for (Future<Long> f : parts) {
                    sum += f.get();
                }
                return sum;
            }, n);
        } finally {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "simulator, 1 thread:   %8.1f us/image  %8.0f images/s%n", single / 1e3,
                1e9 / single);
        System.out.printf(Locale.ROOT, "simulator, %d threads:  %8.1f us/image  %8.0f images/s%n", threads,
                parallel / 1e3, 1e9 / parallel);

        byte[] all = new byte[n * FashionLeNetQ7.INPUT_SIZE];
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs.get(i), 0, all, i * FashionLeNetQ7.INPUT_SIZE, FashionLeNetQ7.INPUT_SIZE);
        }
        Files.write(work.resolve("inputs.bin"), all);
        Path main = work.resolve(NET_MAIN);
        try (InputStream in = Bench.class.getResourceAsStream("bench/" + NET_MAIN)) {
            Files.write(main, in.readAllBytes());
        }
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = List.of(generated.resolve("fashion_lenet.c"), generated.resolve("j2cmsis_portable.c"),
                main);
        List<String> lenet = mainDefines("fashion_lenet");
        List<String> portable = new ArrayList<>(lenet);
        portable.add("J2CMSIS_PORTABLE");
        Path exe = tc.compileHost(work.resolve("bench_portable"), sources, List.of(generated), portable, List.of());
        double c = nativeBest(tc, exe, work);
        System.out.printf(Locale.ROOT, "C gcc -O2, portable:   %8.1f us/image  %8.0f images/s%n", c / 1e3, 1e9 / c);
        System.out.printf(Locale.ROOT, "simulator 1 thread / C portable speed: %.2fx%n", c / single);
        memory(generated, work);
        Optional<Path> cmsis = CmsisNn.path();
        if (cmsis.isPresent()) {
            List<Path> cs = new ArrayList<>(CmsisNn.legacySources(cmsis.get()));
            cs.add(generated.resolve("fashion_lenet.c"));
            cs.add(main);
            List<Path> inc = new ArrayList<>(CmsisNn.includes(cmsis.get()));
            inc.add(generated);
            List<String> flags = new ArrayList<>(CmsisNn.relaxedFlags());
            Path exe2 = tc.compileHost(work.resolve("bench_cmsis"), cs, inc, lenet, flags);
            double c2 = nativeBest(tc, exe2, work);
            System.out.printf(Locale.ROOT, "C gcc -O2, CMSIS-NN:   %8.1f us/image  %8.0f images/s%n", c2 / 1e3,
                    1e9 / c2);
            System.out.printf(Locale.ROOT, "simulator 1 thread / C CMSIS-NN speed: %.2fx%n", c2 / single);
        } else {
            System.out.println("C with the real CMSIS-NN: skipped, " + CmsisNn.missingReason().orElse(""));
        }
    }

    /** The generic native bench driver, shared with SimVsCBench (best ns per image, then a checksum). */
    static final String NET_MAIN = "net_bench_main.c";

    /** The defines that point {@link #NET_MAIN} at network {@code cName}. */
    static List<String> mainDefines(String cName) {
        String up = cName.toUpperCase(Locale.ROOT);
        return List.of("NET_HEADER=\"" + cName + ".h\"", "NET_RUN=" + cName + "_run", "NET_IN=" + up + "_INPUT_SIZE",
                "NET_OUT=" + up + "_OUTPUT_SIZE");
    }

    interface Pass {
        long run() throws Exception;
    }

    /** Best nanoseconds per image over warm-up plus {@link #PASSES} passes. */
    static double best(Pass pass, int n) throws Exception {
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int i = 0; i < PASSES + 2; i++) {
            long t0 = System.nanoTime();
            sink += pass.run();
            double dt = System.nanoTime() - t0;
            if (i >= 2) {
                best = Math.min(best, dt / n);
            }
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
        return best;
    }

    static double nativeBest(NativeToolchain tc, Path exe, Path work) throws IOException {
        RunResult r = tc.runHost(exe, List.of("inputs.bin", Integer.toString(PASSES + 2)), work,
                Duration.ofMinutes(5)).requireSuccess();
        return Double.parseDouble(r.stdout().trim().split("\\s+")[0]);
    }

    /**
     * Static RAM and flash of the generated C for a Cortex-M4 (arm-none-eabi-size of the objects) against the
     * lower bound of the topology: the largest input + output + scratch of any one layer.
     */
    static void memory(Path generated, Path work) throws IOException, InterruptedException {
        if (NativeToolchain.armToolchainMissing().isPresent()) {
            System.out.println("memory: skipped, " + NativeToolchain.armToolchainMissing().get());
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-std=c99",
                "-O2", "-DJ2CMSIS_PORTABLE", "-I", generated.toString(), "-c"));
        cmd.add(generated.resolve("fashion_lenet.c").toString());
        cmd.add(generated.resolve("j2cmsis_portable.c").toString());
        run(cmd, work);
        String size = run(List.of("arm-none-eabi-size", "fashion_lenet.o", "j2cmsis_portable.o"), work);
        System.out.println("arm-none-eabi-size (cortex-m4, -O2, portable kernels):");
        System.out.print(size.indent(2));
        int lowerBound = 0;
        for (String line : FashionLeNetQ7.report().split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 14 && !cells[1].isBlank() && !cells[1].contains("layer") && !cells[1].contains("total")
                    && !cells[1].contains("---")) {
                int ram = Integer.parseInt(cells[13].trim());
                lowerBound = Math.max(lowerBound, ram);
            }
        }
        System.out.printf(Locale.ROOT, "RAM lower bound (largest input + output + scratch of one layer): %d bytes%n",
                lowerBound);
    }

    static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }
}
