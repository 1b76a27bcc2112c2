package dev.j2cmsis.processor.s8;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.sim.runtime.Q7Network;
import dev.j2cmsis.sim.testing.CmsisNnS8;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.NativeToolchain.Core;
import dev.j2cmsis.sim.testing.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The s8 backend end to end on {@link S8TestNet}: the generated simulator ({@code S8NetS8}) against the generated C
 * compiled and run independently, on random inputs with saturating extremes, through the generated harness's file
 * mode: portable kernels on the host and under QEMU on the planned core, the real CMSIS-NN v7.0.0 on the host and the
 * planned core when {@code CMSIS_NN_PATH} is set; for both roundings. Also: the C refuses the other rounding, the 1xN
 * convolution that v7.0.0's MVE kernel computes wrongly is routed to arm_convolve_s8 (with a note), and the output is
 * deterministic.
 */
class S8EndToEndTest {
    static final int RECORDS = 500;

    record Generated(Path sources, Q7Network sim, String cName, Compilation compilation) {
        List<Path> harness() {
            return List.of(sources.resolve(cName + ".c"), sources.resolve(cName + "_harness.c"),
                    sources.resolve("j2cmsis_portable_s8.c"));
        }
    }

    static Generated generate(Path tmp, String target, String rounding) throws Exception {
        return generate(tmp, target, rounding, "minmax");
    }

    static Generated generate(Path tmp, String target, String rounding, String activations) throws Exception {
        Path cp = S8TestNet.writeResources(tmp.resolve("cp"), target, rounding, activations);
        Compilation c = Fixtures.compile(cp, S8TestNet.source());
        assertThat(c).succeeded();
        Path dump = Fixtures.dump(c, tmp.resolve("out"));
        Q7Network sim = (Q7Network) Fixtures.loader(dump).loadClass("s8net.S8NetS8").getConstructor().newInstance();
        return new Generated(dump.resolve("SOURCE_OUTPUT").resolve(S8TestNet.PKG), sim, "s8_net", c);
    }

    /** Random inputs (uniform, saturating extremes, small values) and the simulator's outputs for them. */
    static void writeRecords(Generated g, Path dir) throws Exception {
        Random r = new Random(7);
        int in = g.sim().inputSize();
        byte[] inputs = new byte[RECORDS * in];
        byte[] expected = new byte[RECORDS * g.sim().outputSize()];
        for (int i = 0; i < RECORDS; i++) {
            byte[] x = new byte[in];
            for (int j = 0; j < in; j++) {
                x[j] = switch (i % 3) {
                    case 0 -> (byte) r.nextInt(256);
                    case 1 -> (byte) (r.nextBoolean() ? 127 : -128);
                    default -> (byte) (r.nextInt(40) - 20);
                };
            }
            System.arraycopy(x, 0, inputs, i * in, in);
            byte[] y = g.sim().run(x);
            System.arraycopy(y, 0, expected, i * y.length, y.length);
        }
        Files.write(dir.resolve("inputs.bin"), inputs);
        Files.write(dir.resolve("expected.bin"), expected);
    }

    static void check(RunResult r, String what) {
        r.requireSuccess();
        assertTrue(r.stdout().contains("file check: " + RECORDS + " records, 0 mismatches"), what + ": " + r.stdout());
        System.out.println(what + ": " + r.stdout().strip());
    }

    static List<String> roundingDefines(String rounding) {
        return CmsisNnS8.defines(rounding.equals("single"));
    }

    static Core core(String target) {
        return target.equals("cortex-m55") ? Core.CORTEX_M55 : target.equals("cortex-m3") ? Core.CORTEX_M3
                : Core.CORTEX_M4;
    }

    static final List<String> FILES = List.of("inputs.bin", "expected.bin", "actual.bin");

    @ParameterizedTest
    @CsvSource({"cortex-m55, double, minmax", "cortex-m4, single, minmax", "cortex-m3, double, minmax",
        "cortex-m7, double, kld", "cortex-m33, single, percentile"})
    void simulatorEqualsPortableCOnHostGcc(String target, String rounding, String activations, @TempDir Path tmp)
            throws Exception {
        Generated g = generate(tmp, target, rounding, activations);
        writeRecords(g, tmp);
        NativeToolchain tc = NativeToolchain.defaults();
        Path exe = tc.compileHost(tmp.resolve("host"), g.harness(), List.of(g.sources()), portable(rounding),
                List.of("-pedantic"));
        check(tc.runHost(exe, FILES, tmp, Duration.ofMinutes(2)), target + " " + rounding + " " + activations
                + " host portable");
    }

    @ParameterizedTest
    @CsvSource({"cortex-m55, double", "cortex-m4, single", "cortex-m3, double"})
    void simulatorEqualsPortableCUnderQemu(String target, String rounding, @TempDir Path tmp) throws Exception {
        Core core = core(target);
        Optional<String> arm = NativeToolchain.armToolchainMissing(core);
        Assumptions.assumeTrue(arm.isEmpty(), () -> "skipped: " + arm.orElse(""));
        Generated g = generate(tmp, target, rounding);
        writeRecords(g, tmp);
        NativeToolchain tc = NativeToolchain.defaults();
        Path elf = tc.compileCortexM(core, tmp.resolve("portable.elf"), g.harness(), List.of(g.sources()),
                portable(rounding), List.of());
        check(tc.runQemu(core, elf, FILES, tmp, Duration.ofMinutes(5)), target + " " + rounding + " QEMU " + core
                + " portable");
    }

    @ParameterizedTest
    @CsvSource({"cortex-m55, double", "cortex-m4, single", "cortex-m3, double"})
    void simulatorEqualsRealCmsisNnOnHostAndCore(String target, String rounding, @TempDir Path tmp)
            throws Exception {
        Optional<String> missing = CmsisNnS8.missingReason();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        Core core = core(target);
        Optional<String> arm = NativeToolchain.armToolchainMissing(core);
        Assumptions.assumeTrue(arm.isEmpty(), () -> "skipped: " + arm.orElse(""));
        Generated g = generate(tmp, target, rounding);
        writeRecords(g, tmp);
        NativeToolchain tc = NativeToolchain.defaults();
        Path nn = CmsisNnS8.path().orElseThrow();
        Path objects = Path.of("target", "cmsis-nn-v7-objects");
        boolean single = rounding.equals("single");
        List<Path> includes = new ArrayList<>(CmsisNnS8.includes(nn));
        includes.add(g.sources());
        List<Path> hostSources = new ArrayList<>(g.harness());
        hostSources.addAll(CmsisNnS8.hostObjects(tc, nn, objects, single));
        Path real = tc.compileHost(tmp.resolve("host_cmsis_nn"), hostSources, includes, roundingDefines(rounding),
                List.of());
        check(tc.runHost(real, FILES, tmp, Duration.ofMinutes(2)), target + " " + rounding + " host CMSIS-NN v7.0.0");
        List<Path> armSources = new ArrayList<>(g.harness());
        armSources.addAll(CmsisNnS8.cortexMObjects(tc, core, nn, objects, single));
        Path elf = tc.compileCortexM(core, tmp.resolve("cmsis_nn.elf"), armSources, includes,
                roundingDefines(rounding), List.of());
        check(tc.runQemu(core, elf, FILES, tmp, Duration.ofMinutes(5)), target + " " + rounding + " QEMU " + core
                + " CMSIS-NN v7.0.0");
    }

    private static List<String> portable(String rounding) {
        List<String> d = new ArrayList<>(roundingDefines(rounding));
        d.add("J2CMSIS_PORTABLE");
        return d;
    }

    @Test
    void theCRefusesTheOtherRounding(@TempDir Path tmp) throws Exception {
        Generated g = generate(tmp, "cortex-m4", "double");
        NativeToolchain tc = NativeToolchain.defaults();
        try {
            tc.compileHost(tmp.resolve("wrong"), g.harness(), List.of(g.sources()),
                    List.of("J2CMSIS_PORTABLE", "CMSIS_NN_USE_SINGLE_ROUNDING"), List.of());
            throw new AssertionError("the C built with the other rounding");
        } catch (RuntimeException e) {
            assertTrue(e.getMessage().contains("was generated for CMSIS-NN's default double rounding"), e.getMessage());
        }
    }

    @Test
    void theMveOneByNBugIsRoutedAroundWithANote(@TempDir Path tmp) throws Exception {
        Generated g = generate(tmp, "cortex-m55", "double");
        String c = Files.readString(g.sources().resolve("s8_net.c"));
        assertTrue(c.contains("S8_NET_FN(convolve_s8)("), "c1n calls arm_convolve_s8 directly");
        assertEquals(1, c.split("FN\\(convolve_s8\\)\\(", -1).length - 1, "only c1n does");
        assertThat(g.compilation()).hadNoteContaining("[j2cmsis:kernel] 'c1n' calls arm_convolve_s8 directly")
                .inFile(S8TestNet.source()).onLineContaining("Layer c1n");
        String report = Files.readString(g.sources().resolve("s8_net_report.md"));
        assertTrue(report.contains("| c1n ") && report.contains("arm_convolve_s8 "), report);
        assertFalse(c.contains("q7_t"), "the s8 C uses int8_t");
    }

    @Test
    void outputIsDeterministic(@TempDir Path tmp) throws Exception {
        Path a = generate(tmp.resolve("a"), "cortex-m55", "double").sources().getParent().getParent();
        Path b = generate(tmp.resolve("b"), "cortex-m55", "double").sources().getParent().getParent();
        int compared = 0;
        try (Stream<Path> s = Files.walk(a)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path rel = a.relativize(p);
                assertTrue(java.util.Arrays.equals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(rel))),
                        rel + " differs between two runs");
                compared++;
            }
        }
        assertTrue(compared >= 10, "compared " + compared + " files");
    }
}
