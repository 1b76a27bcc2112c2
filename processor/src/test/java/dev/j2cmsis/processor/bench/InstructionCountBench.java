package dev.j2cmsis.processor.bench;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.processor.testing.TestNets;
import dev.j2cmsis.sim.testing.CmsisNn;
import dev.j2cmsis.sim.testing.NativeToolchain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executed Cortex-M4 instructions of one inference, whole run and per layer, for every example network and
 * the CIFAR-10 network of ARM's topology ({@link TestNets#CIFAR}), with the portable kernels and (with
 * {@code CMSIS_PATH}) the real CMSIS-NN 5.9.0, plus ARM's own CIFAR-10 CMSIS calls as the baseline. A bench
 * program, not a test (BENCHMARKS.md has its numbers); surefire's default includes do not match its name, so
 * {@code mvn verify} never runs it. After building example-project's C ({@code mvn -B -pl example-project -am
 * compile}): {@code CMSIS_PATH=... mvn -B -pl processor -am test -Dtest=InstructionCountBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dj2cmsis.bench=true}.
 *
 * <p>How it counts: each program is linked with {@code j2cmsis_bench_mark()}, a never-inlined function called
 * before and after {@code <net>_run} and, through the {@code <NET>_TRACE} hook, after every layer. It runs under
 * {@code qemu-system-arm -M mps2-an386 -singlestep -d exec,nochain}, where each executed instruction is one
 * translation block and so one exec-log line; the log is streamed (never stored) and its lines are counted
 * between two visits of the marker's address (from {@code arm-none-eabi-nm}). The whole run is measured
 * without the trace hook; per-layer figures come from a second build with it, and include the hook's call
 * (about ten instructions a layer).
 */
public final class InstructionCountBench {
    static final Path EXAMPLE_C = Path.of(System.getProperty("j2cmsis.exampleC",
            (Files.isDirectory(Path.of("example-project")) ? "" : "../")
                    + "example-project/target/generated-sources/annotations/dev/j2cmsis/example"));
    static final List<String> EXAMPLES = List.of("fashion_lenet", "fashion_nonsquare", "fashion_depthwise",
            "fashion_residual", "fashion_tanh", "fashion_lenet_q15");
    static final Pattern EXEC_PC = Pattern.compile("^Trace \\d+: 0x[0-9a-f]+ \\[[0-9a-f]+/([0-9a-f]+)/");

    private final NativeToolchain tc = NativeToolchain.defaults();
    private Path work;
    private List<Path> cmsisObjects;
    private List<Path> cmsisIncludes;

    /** Compiles CMSIS-NN once (when present) into {@code work}, for every program to link. */
    private InstructionCountBench init(Path work, Optional<Path> cmsis) {
        this.work = work;
        if (cmsis.isPresent()) {
            cmsisIncludes = CmsisNn.includes(cmsis.get());
            cmsisObjects = tc.compileCortexMObjects(NativeToolchain.Core.CORTEX_M4, work.resolve("cmsis"),
                    CmsisNn.legacySources(cmsis.get()), cmsisIncludes, List.of(), CmsisNn.relaxedFlags());
        } else {
            cmsisIncludes = List.of();
            cmsisObjects = List.of();
        }
        return this;
    }

    /** One measured program: the whole count and the count of each segment between markers. */
    record Count(long total, List<Long> segments) {
    }

    /** The entry point for surefire (see the class comment); it prints the table. */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "j2cmsis.bench", matches = "true")
    void bench() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        NativeToolchain.armToolchainMissing().ifPresent(r -> {
            throw new IllegalStateException("needs arm-none-eabi-gcc and qemu-system-arm: " + r);
        });
        Path work = Files.createTempDirectory("j2cmsis-icount");
        InstructionCountBench b = new InstructionCountBench().init(work, CmsisNn.path());
        List<String[]> nets = new ArrayList<>();
        for (String n : EXAMPLES) {
            if (Files.exists(EXAMPLE_C.resolve(n + ".c"))) {
                nets.add(new String[] {n, EXAMPLE_C.toString()});
            } else {
                System.out.println("(no " + EXAMPLE_C.resolve(n + ".c") + ": build example-project first)");
            }
        }
        nets.add(new String[] {"cifar_net", b.generateCifar().toString()});
        System.out.println("| network | kernels | instructions / inference | per layer (with the trace hook) |");
        System.out.println("|---|---|---:|---|");
        for (String[] n : nets) {
            for (boolean cmsis : b.cmsisObjects.isEmpty() ? new boolean[] {false} : new boolean[] {false, true}) {
                Path dir = Path.of(n[1]);
                Count whole = b.network(n[0], dir, cmsis, false);
                List<String> names = layerNames(dir.resolve(n[0] + ".c"));
                StringBuilder per = new StringBuilder();
                Count layers = b.network(n[0], dir, cmsis, true);
                for (int i = 0; i < names.size() && i < layers.segments().size(); i++) {
                    per.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ')
                            .append(String.format(Locale.ROOT, "%,d", layers.segments().get(i)));
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | %s |%n", n[0], cmsis ? "CMSIS-NN 5.9.0" : "portable",
                        whole.segments().get(0), per);
            }
        }
        if (!b.cmsisObjects.isEmpty()) {
            Count arm = b.armCifar();
            String[] calls = {"conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "pool3", "ip1",
                "softmax"};
            long sum = 0;
            StringBuilder per = new StringBuilder();
            for (int i = 0; i < calls.length; i++) {
                sum += arm.segments().get(i);
                per.append(i == 0 ? "" : ", ").append(calls[i]).append(' ')
                        .append(String.format(Locale.ROOT, "%,d", arm.segments().get(i)));
            }
            System.out.printf(Locale.ROOT, "| ARM's CIFAR-10 calls (sum) | CMSIS-NN 5.9.0 | %,d | %s |%n", sum, per);
        }
    }

    /** Generates {@link TestNets#CIFAR} and returns the directory of its C. */
    Path generateCifar() throws IOException {
        Path cp = TestNets.CIFAR.writeResources(work.resolve("cifar-cp"));
        Compilation c = Fixtures.compile(cp, TestNets.CIFAR.source());
        if (c.status() != Compilation.Status.SUCCESS) {
            throw new IllegalStateException("CifarNet did not generate: " + c.diagnostics());
        }
        return Fixtures.dump(c, work.resolve("cifar-out")).resolve("SOURCE_OUTPUT").resolve(TestNets.CIFAR.pkg());
    }

    Count network(String net, Path dir, boolean cmsis, boolean trace) throws Exception {
        String up = net.toUpperCase(Locale.ROOT);
        Path build = work.resolve(net + (cmsis ? "-cmsis" : "-portable") + (trace ? "-trace" : ""));
        Files.createDirectories(build);
        Path main = build.resolve("bench_main.c");
        Files.writeString(main, """
                #include <stdio.h>
                #include "%1$s.h"
                #include "%1$s_harness_data.h"

                void j2cmsis_bench_mark(void);

                #if defined(%2$s_TRACE)
                void %1$s_trace(const char *layer, const q7_t *data, uint32_t size)
                {
                    (void)layer;
                    (void)data;
                    (void)size;
                    j2cmsis_bench_mark();
                }
                #endif

                int main(void)
                {
                    static q7_t out[%2$s_OUTPUT_SIZE];
                    j2cmsis_bench_mark();
                    int status = %1$s_run(%1$s_harness_inputs[0], out);
                    j2cmsis_bench_mark();
                    printf("status %%d, output %%s the simulator's\\n", status,
                           out[0] == %1$s_harness_expected[0][0] ? "starts as" : "DIFFERS from");
                    return status;
                }
                """.formatted(net, up));
        List<Path> sources = new ArrayList<>(List.of(dir.resolve(net + ".c"), dir.resolve("j2cmsis_portable.c"),
                dir.resolve("j2cmsis_portable_q15.c"), main, resource("bench_mark.c", build)));
        List<Path> includes = new ArrayList<>(List.of(dir));
        List<String> defines = new ArrayList<>();
        if (cmsis) {
            sources.addAll(cmsisObjects);
            includes.addAll(cmsisIncludes);
        } else {
            defines.add("J2CMSIS_PORTABLE");
        }
        if (trace) {
            defines.add(up + "_TRACE");
        }
        Path elf = tc.compileCortexM(NativeToolchain.Core.CORTEX_M4, build.resolve("bench.elf"), sources, includes,
                defines, cmsis ? CmsisNn.relaxedFlags() : List.of());
        return count(elf, build);
    }

    Count armCifar() throws Exception {
        Path build = work.resolve("arm-cifar10");
        Files.createDirectories(build);
        List<Path> sources = new ArrayList<>(List.of(resource("arm_cifar10_calls.c", build),
                resource("bench_mark.c", build)));
        sources.addAll(cmsisObjects);
        Path elf = tc.compileCortexM(NativeToolchain.Core.CORTEX_M4, build.resolve("arm.elf"), sources, cmsisIncludes,
                List.of(), CmsisNn.relaxedFlags());
        return count(elf, build);
    }

    static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = InstructionCountBench.class.getResourceAsStream("/bench/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    /** Runs the ELF under QEMU with the exec log and counts instructions between marker visits. */
    private static Count count(Path elf, Path dir) throws Exception {
        long mark = markAddress(elf);
        List<String> command = List.of("qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
                "-serial", "none", "-semihosting-config", "enable=on,target=native,arg=bench.elf", "-singlestep",
                "-d", "exec,nochain", "-kernel", elf.toAbsolutePath().toString());
        Path out = dir.resolve("qemu.stdout");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).start();
        List<Long> segments = new ArrayList<>();
        long total = 0;
        long current = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.US_ASCII),
                1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = EXEC_PC.matcher(line);
                if (!m.find()) {
                    continue;
                }
                total++;
                if (Long.parseLong(m.group(1), 16) == mark) {
                    if (current >= 0) {
                        segments.add(current);
                    }
                    current = 0;
                } else if (current >= 0) {
                    current++;
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("QEMU failed (" + p.exitValue() + "): " + Files.readString(out));
        }
        String stdout = Files.readString(out);
        if (stdout.contains("DIFFERS")) {
            throw new IllegalStateException(elf + ": " + stdout);
        }
        if (segments.isEmpty()) {
            throw new IllegalStateException("no marker seen in the exec log of " + elf + " (log format changed?)");
        }
        return new Count(total, segments);
    }

    static long markAddress(Path elf) throws Exception {
        Process p = new ProcessBuilder("arm-none-eabi-nm", elf.toString()).redirectErrorStream(true).start();
        String nm = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]+) T j2cmsis_bench_mark$").matcher(nm);
        if (!m.find()) {
            throw new IllegalStateException("no j2cmsis_bench_mark in " + elf);
        }
        return Long.parseLong(m.group(1), 16) & ~1L;   // a Thumb symbol's value has bit 0 set; the PC does not
    }

    /** The layer names in the order the generated run() traces them. */
    static List<String> layerNames(Path c) throws IOException {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("_TRACE_LAYER\\(\"([^\"]+)\"").matcher(Files.readString(c));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
