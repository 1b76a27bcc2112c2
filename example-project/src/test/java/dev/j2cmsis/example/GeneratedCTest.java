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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated C of each example network against its generated simulator, byte for byte, on the Fashion-MNIST test
 * images, through the generated self-check harness (file mode: it runs the network on every input record and
 * compares with the simulator's record): on the host with gcc (all 10,000 images), on a Cortex-M4 under
 * QEMU (the first 1,000), and both again with the real CMSIS-NN when CMSIS_PATH is set.
 */
class GeneratedCTest {
    static final int QEMU_IMAGES = 1000;

    static List<Path> networkSources(ExampleNet net) {
        return List.of(TestSet.GENERATED.resolve(net.cName() + ".c"),
                TestSet.GENERATED.resolve(net.cName() + "_harness.c"), TestSet.GENERATED.resolve("j2cmsis_portable.c"),
                TestSet.GENERATED.resolve("j2cmsis_portable_q15.c"));
    }

    static RunResult check(ExampleNet net, RunResult r, Path dir, int n) throws Exception {
        r.requireSuccess();
        assertTrue(r.stdout().contains("file check: " + n + " records, 0 mismatches"), r.stdout());
        byte[] actual = Files.readAllBytes(dir.resolve("actual.bin"));
        Comparison.Report rep = Comparison.compareAll(net.simulatorOutputs().subList(0, n),
                TestSet.split(actual, net.q7().outputSize()));
        assertTrue(rep.identical(), rep.render());
        assertEquals(n, rep.items());
        System.out.println(r.stdout().strip());
        return r;
    }

    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void hostGccPortableKernelsAllTestImages(ExampleNet net, @TempDir Path tmp) throws Exception {
        int n = TestSet.images().size();
        net.writeRecords(tmp, n);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources(net));
        Path exe = tc.compileHost(tmp.resolve("harness"), sources, List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of("-pedantic"));
        check(net, tc.runHost(exe, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(5)),
                tmp, n);
    }

    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void qemuCortexM4PortableKernels(ExampleNet net, @TempDir Path tmp) throws Exception {
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        net.writeRecords(tmp, QEMU_IMAGES);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources(net));
        Path elf = tc.compileCortexM4(tmp.resolve("harness.elf"), sources, List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of());
        check(net, tc.runQemu(elf, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(10)),
                tmp, QEMU_IMAGES);
    }

    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void builtInSelfTestOnCortexM4(ExampleNet net, @TempDir Path tmp) throws Exception {
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources(net));
        Path elf = tc.compileCortexM4(tmp.resolve("selftest.elf"), sources, List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of());
        RunResult r = tc.runQemu(elf, List.of(), tmp, Duration.ofMinutes(2)).requireSuccess();
        assertTrue(r.stdout().contains("self-test: 16 vectors, 0 mismatches"), r.stdout());
    }

    /**
     * -D<NET>_PROFILE builds and runs on a Cortex-M4 under QEMU: every layer is reported once, as not counted
     * (QEMU's DWT never counts), and the self-test still passes.
     */
    @org.junit.jupiter.api.Test
    void profileDefineBuildsAndRunsOnCortexM4(@TempDir Path tmp) throws Exception {
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        ExampleNet net = ExampleNet.LENET;
        NativeToolchain tc = NativeToolchain.defaults();
        Path elf = tc.compileCortexM4(tmp.resolve("profile.elf"), networkSources(net), List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE", net.cName().toUpperCase(java.util.Locale.ROOT) + "_PROFILE"), List.of());
        RunResult r = tc.runQemu(elf, List.of(), tmp, Duration.ofMinutes(2)).requireSuccess();
        assertTrue(r.stdout().contains("self-test: 16 vectors, 0 mismatches"), r.stdout());
        assertTrue(r.stdout().contains(net.cName() + " profile: no DWT cycle counter counts"), r.stdout());
        List<String> layers = List.of("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3",
                "flatten", "fc1", "relu4", "fc2");
        for (String layer : layers) {
            assertEquals(1, r.stdout().lines().filter(l -> l.matches(".* profile: " + layer + " +\\(not counted\\)"))
                    .count(), layer + " in\n" + r.stdout());
        }
    }

    static Path cmsis() {
        Optional<String> missing = CmsisNn.missingReason();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        return CmsisNn.path().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void hostGccRealCmsisNnAllTestImages(ExampleNet net, @TempDir Path tmp) throws Exception {
        Path cmsis = cmsis();
        Assumptions.assumeTrue(net.pathIndependent(), () -> "skipped: " + net.cName() + " is planned for the "
                + "Cortex-M4 DSP path of CMSIS-NN, which a host build does not take");
        int n = TestSet.images().size();
        net.writeRecords(tmp, n);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources(net));
        sources.addAll(CmsisNn.legacySources(cmsis));
        List<Path> includes = new ArrayList<>(CmsisNn.includes(cmsis));
        includes.add(TestSet.GENERATED);
        Path exe = tc.compileHost(tmp.resolve("harness_cmsis"), sources, includes, List.of(),
                CmsisNn.relaxedFlags());
        check(net, tc.runHost(exe, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(5)),
                tmp, n);
    }

    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void qemuCortexM4RealCmsisNn(ExampleNet net, @TempDir Path tmp) throws Exception {
        Path cmsis = cmsis();
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        net.writeRecords(tmp, QEMU_IMAGES);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources(net));
        sources.addAll(CmsisNn.legacySources(cmsis));
        List<Path> includes = new ArrayList<>(CmsisNn.includes(cmsis));
        includes.add(TestSet.GENERATED);
        Path elf = tc.compileCortexM4(tmp.resolve("harness_cmsis.elf"), sources, includes, List.of(),
                CmsisNn.relaxedFlags());
        check(net, tc.runQemu(elf, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp, Duration.ofMinutes(10)),
                tmp, QEMU_IMAGES);
    }
}
