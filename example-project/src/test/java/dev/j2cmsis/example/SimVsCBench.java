package dev.j2cmsis.example;

import dev.j2cmsis.sim.runtime.Q7Network;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.RunResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread throughput of every example network's generated simulator, q7 and s8, against the same network's
 * generated C with the portable kernels compiled by {@code gcc -O2} on the same machine and inputs: the first 2,000
 * test images, best of 5 passes after 2 warm-up passes on each side. A bench program, not a test (surefire's default
 * includes do not match its name; BENCHMARKS.md has its numbers): {@code mvn -B -pl example-project -am test
 * -Dtest=SimVsCBench -Dsurefire.failIfNoSpecifiedTests=false -Dj2cmsis.bench=true}.
 */
class SimVsCBench {
    static final int IMAGES = 2000;
    static final int PASSES = 5;

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "j2cmsis.bench", matches = "true")
    void bench() throws Exception {
        Path work = Files.createTempDirectory("j2cmsis-simvsc");
        Path main = work.resolve(Bench.NET_MAIN);
        try (InputStream in = Bench.class.getResourceAsStream("bench/" + Bench.NET_MAIN)) {
            Files.write(main, in.readAllBytes());
        }
        System.out.println("| network | backend | simulator us/image | C -O2 portable us/image | simulator / C speed |");
        System.out.println("|---|---|---:|---:|---:|");
        for (ExampleNet net : ExampleNet.values()) {
            run(net.cName(), "q7", net.q7(), net.inputs(), TestSet.GENERATED, List.of("j2cmsis_portable.c",
                    "j2cmsis_portable_q15.c"), main, work);
        }
        for (S8Net net : S8Net.values()) {
            run(net.cName(), "s8", net.s8(), net.inputs(), S8Net.GENERATED, List.of("j2cmsis_portable_s8.c"), main,
                    work);
        }
    }

    private static void run(String cName, String backend, Q7Network sim, List<byte[]> all, Path dir,
                            List<String> portable, Path main, Path work) throws Exception {
        List<byte[]> inputs = all.subList(0, IMAGES);
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < PASSES + 2; pass++) {
            long t0 = System.nanoTime();
            for (byte[] x : inputs) {
                sink += sim.run(x)[0];
            }
            if (pass >= 2) {
                best = Math.min(best, (System.nanoTime() - t0) / (double) IMAGES);
            }
        }
        Files.write(work.resolve(cName + ".bin"), TestSet.concat(inputs));
        List<Path> sources = new ArrayList<>(List.of(dir.resolve(cName + ".c"), main));
        portable.forEach(p -> sources.add(dir.resolve(p)));
        NativeToolchain tc = NativeToolchain.defaults();
        List<String> defines = new ArrayList<>(Bench.mainDefines(cName));
        defines.add("J2CMSIS_PORTABLE");
        Path exe = tc.compileHost(work.resolve(cName), sources, List.of(dir), defines, List.of());
        RunResult r = tc.runHost(exe, List.of(cName + ".bin", Integer.toString(PASSES + 2)), work,
                Duration.ofMinutes(5)).requireSuccess();
        double c = Double.parseDouble(r.stdout().trim().split("\\s+")[0]);
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2fx |%n", cName, backend, best / 1e3, c / 1e3,
                c / best);
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);
        }
    }
}
