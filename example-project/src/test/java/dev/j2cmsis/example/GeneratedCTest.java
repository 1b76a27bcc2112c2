package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.eval.Comparison;
import dev.j2cmsis.sim.testing.CmsisNn;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated C of FashionLeNet against the generated simulator, byte for byte, on the Fashion-MNIST test
 * images, through the generated self-check harness (file mode: it runs the network on every input record and
 * compares with the simulator's record): on the host with gcc (all 10,000 images), on a Cortex-M4 under
 * QEMU (the first 1,000), and both again with the real CMSIS-NN when CMSIS_PATH is set.
 */
class GeneratedCTest {
    static final int QEMU_IMAGES = 1000;
    static final String NET = "fashion_lenet";

    static List<Path> networkSources() {
        return List.of(TestSet.GENERATED.resolve(NET + ".c"), TestSet.GENERATED.resolve(NET + "_harness.c"));
    }

    static RunResult check(RunResult r, Path dir, int n) throws Exception {
        r.requireSuccess();
        assertTrue(r.stdout().contains("file check: " + n + " records, 0 mismatches"), r.stdout());
        byte[] actual = Files.readAllBytes(dir.resolve("actual.bin"));
        Comparison.Report rep = Comparison.compareAll(TestSet.simulatorOutputs().subList(0, n),
                TestSet.split(actual, FashionLeNetQ7.OUTPUT_SIZE));
        assertTrue(rep.identical(), rep.render());
        assertEquals(n, rep.items());
        System.out.println(r.stdout().strip());
        return r;
    }

    @Test
    void hostGccPortableKernelsAllTestImages(@TempDir Path tmp) throws Exception {
        int n = TestSet.images().size();
        TestSet.writeRecords(tmp, n);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources());
        sources.add(TestSet.GENERATED.resolve("j2cmsis_portable.c"));
        Path exe = tc.compileHost(tmp.resolve("harness"), sources, List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of("-pedantic"));
        check(tc.runHost(exe, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(5)),
                tmp, n);
    }

    @Test
    void qemuCortexM4PortableKernels(@TempDir Path tmp) throws Exception {
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        TestSet.writeRecords(tmp, QEMU_IMAGES);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources());
        sources.add(TestSet.GENERATED.resolve("j2cmsis_portable.c"));
        Path elf = tc.compileCortexM4(tmp.resolve("harness.elf"), sources, List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of());
        check(tc.runQemu(elf, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(10)),
                tmp, QEMU_IMAGES);
    }

    @Test
    void builtInSelfTestOnCortexM4(@TempDir Path tmp) throws Exception {
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources());
        sources.add(TestSet.GENERATED.resolve("j2cmsis_portable.c"));
        Path elf = tc.compileCortexM4(tmp.resolve("selftest.elf"), sources, List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of());
        RunResult r = tc.runQemu(elf, List.of(), tmp, Duration.ofMinutes(2)).requireSuccess();
        assertTrue(r.stdout().contains("self-test: 16 vectors, 0 mismatches"), r.stdout());
    }

    static Path cmsis() {
        Optional<String> missing = CmsisNn.missingReason();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        return CmsisNn.path().orElseThrow();
    }

    @Test
    void hostGccRealCmsisNnAllTestImages(@TempDir Path tmp) throws Exception {
        Path cmsis = cmsis();
        int n = TestSet.images().size();
        TestSet.writeRecords(tmp, n);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources());
        sources.addAll(CmsisNn.legacyQ7Sources(cmsis));
        List<Path> includes = new ArrayList<>(CmsisNn.includes(cmsis));
        includes.add(TestSet.GENERATED);
        Path exe = tc.compileHost(tmp.resolve("harness_cmsis"), sources, includes, List.of(),
                CmsisNn.relaxedFlags());
        check(tc.runHost(exe, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(5)),
                tmp, n);
    }

    @Test
    void qemuCortexM4RealCmsisNn(@TempDir Path tmp) throws Exception {
        Path cmsis = cmsis();
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        TestSet.writeRecords(tmp, QEMU_IMAGES);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources());
        sources.addAll(CmsisNn.legacyQ7Sources(cmsis));
        List<Path> includes = new ArrayList<>(CmsisNn.includes(cmsis));
        includes.add(TestSet.GENERATED);
        Path elf = tc.compileCortexM4(tmp.resolve("harness_cmsis.elf"), sources, includes, List.of(),
                CmsisNn.relaxedFlags());
        check(tc.runQemu(elf, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(10)),
                tmp, QEMU_IMAGES);
    }
}
