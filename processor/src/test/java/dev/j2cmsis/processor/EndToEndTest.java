package dev.j2cmsis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.processor.testing.TestNets;
import dev.j2cmsis.sim.testing.CmsisNn;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.RunResult;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generates the test networks end to end and checks the claim the product rests on: the generated Java
 * simulator and the generated C compute the same bytes. Independent executions: the simulator on the JVM,
 * the C with the portable kernels under host gcc and on a Cortex-M4 under QEMU, and the C against the real
 * CMSIS-NN 5.9.0 sources when CMSIS_PATH names a checkout.
 */
class EndToEndTest {
    static final int RECORDS = 600;

    record Generated(TestNets net, Path dir, Path sources, Object sim, Method run, String cName) {
        byte[] simulate(byte[] input) throws Exception {
            return (byte[]) run.invoke(sim, (Object) input);
        }

        /** The C may be built for the host's plain-C CMSIS path: planned for it, or path-independent. */
        boolean hostPathOk() throws java.io.IOException {
            return net.target().equals("cortex-m3")
                    || !Files.readString(sources.resolve(cName + ".c")).contains("__ARM_FEATURE_DSP");
        }

        /** The -mcpu of the planned target. */
        List<String> cpu() {
            return net.target().equals("cortex-m3") ? List.of("-mcpu=cortex-m3") : List.of();
        }
    }

    static Generated generate(TestNets net, Path tmp) throws Exception {
        return generate(net, tmp, net.target());
    }

    static Generated generate(TestNets net, Path tmp, String target) throws Exception {
        Path cp = net.writeResources(tmp.resolve("cp"), target);
        Compilation c = Fixtures.compile(cp, net.source());
        assertThat(c).succeeded();
        Path dump = Fixtures.dump(c, tmp.resolve("out"));
        ClassLoader loader = Fixtures.loader(dump);
        Class<?> q7 = loader.loadClass(net.q7Class());
        Object sim = q7.getConstructor().newInstance();
        Method run = q7.getMethod("run", byte[].class);
        Path sources = dump.resolve("SOURCE_OUTPUT").resolve(net.pkg());
        String cName = Files.list(sources).map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith("_weights.h")).findFirst().orElseThrow().replace("_weights.h", "");
        return new Generated(net, dump, sources, sim, run, cName);
    }

    /** Random inputs with saturating extremes mixed in, and the simulator's outputs for them. */
    static byte[][] inputsAndExpected(Generated g, int inSize, int outSize) throws Exception {
        Random r = new Random(99);
        byte[] in = new byte[RECORDS * inSize];
        for (int i = 0; i < RECORDS; i++) {
            int mode = i % 4;
            for (int j = 0; j < inSize; j++) {
                in[i * inSize + j] = switch (mode) {
                    case 0 -> (byte) r.nextInt(256);
                    case 1 -> (byte) (r.nextBoolean() ? 127 : -128);
                    case 2 -> (byte) (r.nextInt(40) - 20);
                    default -> (byte) r.nextInt(128);
                };
            }
        }
        byte[] expected = new byte[RECORDS * outSize];
        for (int i = 0; i < RECORDS; i++) {
            byte[] x = java.util.Arrays.copyOfRange(in, i * inSize, (i + 1) * inSize);
            System.arraycopy(g.simulate(x), 0, expected, i * outSize, outSize);
        }
        return new byte[][] {in, expected};
    }

    static int intConst(Generated g, String name) throws Exception {
        return g.sim.getClass().getField(name).getInt(null);
    }

    static Path driver(Path dir) throws Exception {
        Path d = dir.resolve("net_driver.c");
        try (InputStream in = EndToEndTest.class.getResourceAsStream("net_driver.c")) {
            Files.write(d, in.readAllBytes());
        }
        return d;
    }

    static List<String> defines(Generated g) {
        String up = g.cName.toUpperCase(Locale.ROOT);
        return List.of("NET_HEADER=\"" + g.cName + ".h\"", "NET_RUN=" + g.cName + "_run", "NET_IN=" + up
                + "_INPUT_SIZE", "NET_OUT=" + up + "_OUTPUT_SIZE");
    }

    static void compare(byte[] expected, Path actualFile, int outSize, String what) throws Exception {
        byte[] actual = Files.readAllBytes(actualFile);
        assertEquals(expected.length, actual.length, what + ": output length");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: record %d byte %d: simulator %d, C %d",
                        what, i / outSize, i % outSize, expected[i], actual[i]));
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d records, %d output bytes identical%n", what,
                expected.length / outSize, expected.length);
    }

    private static List<Path> portableSources(Generated g) throws Exception {
        List<Path> s = new ArrayList<>();
        s.add(g.sources.resolve(g.cName + ".c"));
        s.add(g.sources.resolve("j2cmsis_portable.c"));
        s.add(g.sources.resolve("j2cmsis_portable_q15.c"));
        s.add(driver(g.sources));
        return s;
    }

    @ParameterizedTest
    @EnumSource(TestNets.class)
    void simulatorEqualsPortableCOnHostGcc(TestNets net, @TempDir Path tmp) throws Exception {
        Generated g = generate(net, tmp);
        int in = intConst(g, "INPUT_SIZE");
        int out = intConst(g, "OUTPUT_SIZE");
        byte[][] io = inputsAndExpected(g, in, out);
        Files.write(tmp.resolve("in.bin"), io[0]);
        NativeToolchain tc = NativeToolchain.defaults();
        List<String> defs = new ArrayList<>(defines(g));
        defs.add("J2CMSIS_PORTABLE");
        Path exe = tc.compileHost(tmp.resolve("net_host"), portableSources(g), List.of(g.sources), defs,
                List.of("-pedantic"));
        RunResult r = tc.runHost(exe, List.of("in.bin", "out.bin"), tmp, Duration.ofMinutes(2)).requireSuccess();
        assertTrue(r.stdout().contains(RECORDS + " records"), r.stdout());
        compare(io[1], tmp.resolve("out.bin"), out, net + " host gcc, portable kernels");
    }

    @ParameterizedTest
    @EnumSource(TestNets.class)
    void simulatorEqualsPortableCOnCortexM4UnderQemu(TestNets net, @TempDir Path tmp) throws Exception {
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        Generated g = generate(net, tmp);
        // The cortex-m3 network is planned for the plain-C path; build it for an M3 so the kernels match.
        List<String> cpu = g.cpu();
        int in = intConst(g, "INPUT_SIZE");
        int out = intConst(g, "OUTPUT_SIZE");
        byte[][] io = inputsAndExpected(g, in, out);
        Files.write(tmp.resolve("in.bin"), io[0]);
        NativeToolchain tc = NativeToolchain.defaults();
        List<String> defs = new ArrayList<>(defines(g));
        defs.add("J2CMSIS_PORTABLE");
        Path elf = tc.compileCortexM4(tmp.resolve("net.elf"), portableSources(g), List.of(g.sources), defs, cpu);
        tc.runQemu(elf, List.of("in.bin", "out.bin"), tmp, Duration.ofMinutes(3)).requireSuccess();
        compare(io[1], tmp.resolve("out.bin"), out, net + " QEMU " + (cpu.isEmpty() ? "cortex-m4" : "cortex-m3")
                + ", portable kernels");
    }

    static Path cmsisPath() {
        Optional<String> missing = CmsisNn.missingReason();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        return CmsisNn.path().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(TestNets.class)
    void simulatorEqualsRealCmsisNnOnHostAndCortexM4(TestNets net, @TempDir Path tmp) throws Exception {
        Path cmsis = cmsisPath();
        Generated g = generate(net, tmp);
        int in = intConst(g, "INPUT_SIZE");
        int out = intConst(g, "OUTPUT_SIZE");
        byte[][] io = inputsAndExpected(g, in, out);
        Files.write(tmp.resolve("in.bin"), io[0]);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(CmsisNn.legacySources(cmsis));
        sources.add(g.sources.resolve(g.cName + ".c"));
        sources.add(g.sources.resolve("j2cmsis_portable.c"));
        sources.add(g.sources.resolve("j2cmsis_portable_q15.c"));
        sources.add(driver(g.sources));
        List<Path> includes = new ArrayList<>(CmsisNn.includes(cmsis));
        includes.add(g.sources);
        List<String> relaxed = CmsisNn.relaxedFlags();
        if (g.hostPathOk()) {
            // Planned for the plain-C path, or path-independent: the host build of CMSIS-NN is that path.
            Path exe = tc.compileHost(tmp.resolve("net_cmsis"), sources, includes, defines(g), relaxed);
            tc.runHost(exe, List.of("in.bin", "out.bin"), tmp, Duration.ofMinutes(2)).requireSuccess();
            compare(io[1], tmp.resolve("out.bin"), out, net + " host gcc, real CMSIS-NN");
        }
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        List<String> flags = new ArrayList<>(relaxed);
        flags.addAll(g.cpu());
        Path elf = tc.compileCortexM4(tmp.resolve("net_cmsis.elf"), sources, includes, defines(g), flags);
        tc.runQemu(elf, List.of("in.bin", "out2.bin"), tmp, Duration.ofMinutes(3)).requireSuccess();
        compare(io[1], tmp.resolve("out2.bin"), out, net + " QEMU, real CMSIS-NN");
    }

    /**
     * The generated C and the portable kernels have no undefined behaviour or memory error that ASan and UBSan
     * can see while the harness runs its golden vectors. (CMSIS_5 5.9.0 itself does not pass UBSan: it
     * left-shifts negative values, so only the portable build is checked.)
     */
    @ParameterizedTest
    @EnumSource(TestNets.class)
    void generatedCIsCleanUnderAddressAndUndefinedBehaviourSanitizers(TestNets net, @TempDir Path tmp)
            throws Exception {
        Optional<String> missing = NativeToolchain.hostGccMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        Generated g = generate(net, tmp);
        // LeakSanitizer needs ptrace, which containers often forbid; the generated C does not allocate anyway.
        Path options = tmp.resolve("asan_options.c");
        Files.writeString(options, "const char *__asan_default_options(void);\n"
                + "const char *__asan_default_options(void) { return \"detect_leaks=0\"; }\n");
        List<Path> sources = List.of(g.sources.resolve(g.cName + ".c"), g.sources.resolve("j2cmsis_portable.c"),
                g.sources.resolve("j2cmsis_portable_q15.c"), g.sources.resolve(g.cName + "_harness.c"), options);
        NativeToolchain tc = NativeToolchain.defaults();
        Path exe = tc.compileHost(tmp.resolve("harness_san"), sources, List.of(g.sources),
                List.of("J2CMSIS_PORTABLE"), List.of("-O1", "-g", "-fsanitize=address,undefined",
                        "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"));
        RunResult r = tc.runHost(exe, List.of(), tmp, Duration.ofMinutes(2)).requireSuccess();
        assertTrue(r.stdout().contains("self-test: 16 vectors, 0 mismatches"), r.stdout());
        assertFalse(r.stderr().contains("runtime error") || r.stderr().contains("AddressSanitizer"), r.stderr());
    }

    /** The generated self-check: its golden outputs (from the compile-time executor) hold on host and M4. */
    @ParameterizedTest
    @EnumSource(TestNets.class)
    void generatedHarnessPassesOnHostAndCortexM(TestNets net, @TempDir Path tmp) throws Exception {
        Generated g = generate(net, tmp);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = List.of(g.sources.resolve(g.cName + ".c"), g.sources.resolve("j2cmsis_portable.c"),
                g.sources.resolve("j2cmsis_portable_q15.c"), g.sources.resolve(g.cName + "_harness.c"));
        Path exe = tc.compileHost(tmp.resolve("harness"), sources, List.of(g.sources), List.of("J2CMSIS_PORTABLE"),
                List.of("-pedantic"));
        RunResult host = tc.runHost(exe, List.of(), tmp, Duration.ofMinutes(1)).requireSuccess();
        assertTrue(host.stdout().contains("self-test: 16 vectors, 0 mismatches"), host.stdout());
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        List<String> cpu = g.cpu();
        Path elf = tc.compileCortexM4(tmp.resolve("harness.elf"), sources, List.of(g.sources),
                List.of("J2CMSIS_PORTABLE"), cpu);
        RunResult m4 = tc.runQemu(elf, List.of(), tmp, Duration.ofMinutes(2)).requireSuccess();
        assertTrue(m4.stdout().contains("self-test: 16 vectors, 0 mismatches"), m4.stdout());
    }

    /**
     * The generated network file compiles warning-free (-std=c99 -Wall -Wextra -Werror) against the unmodified
     * CMSIS_5 5.9.0 headers, for the host and for a Cortex-M4.
     */
    @ParameterizedTest
    @EnumSource(TestNets.class)
    void generatedCCompilesStrictlyAgainstCmsisHeaders(TestNets net, @TempDir Path tmp) throws Exception {
        Path cmsis = cmsisPath();
        Generated g = generate(net, tmp);
        List<String> common = new ArrayList<>(List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-c"));
        for (Path inc : CmsisNn.includes(cmsis)) {
            common.add("-I" + inc);
        }
        common.add("-I" + g.sources);
        common.add(g.sources.resolve(g.cName + ".c").toString());
        List<String> host = new ArrayList<>(List.of("gcc", "-o", tmp.resolve("host.o").toString()));
        host.addAll(common);
        if (g.hostPathOk()) {
            gccOk(host, tmp);
        }
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        List<String> m4 = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=" + net.target(), "-mthumb", "-o",
                tmp.resolve("m4.o").toString()));
        m4.addAll(common);
        gccOk(m4, tmp);
    }

    private static void gccOk(List<String> cmd, Path dir) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        assertEquals("", out.strip(), "compiler output: " + out);
    }
}
