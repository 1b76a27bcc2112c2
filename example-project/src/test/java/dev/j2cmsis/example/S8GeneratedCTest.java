package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.eval.Comparison;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated C of each s8 example network against its generated simulator ({@code <Class>S8}), byte for byte, on
 * the Fashion-MNIST test images, through the generated harness in file mode: with the portable kernels on the host
 * (all 10,000 images, {@code -std=c99 -Wall -Wextra -Werror -pedantic}), on a Cortex-M4 (mps2-an386, DSP) and on a
 * Cortex-M55 with Helium (mps3-an547) under QEMU (1,000 each); and with the real CMSIS-NN v7.0.0 when
 * {@code CMSIS_NN_PATH} is set, on the host (plain-C path, 10,000), the Cortex-M4 (DSP path) and the Cortex-M55
 * (MVE path, 1,000 each). The simulator simulates the network's planned target; the C compiled for any other path
 * must give the same bytes, which is what the plan promises.
 */
class S8GeneratedCTest {
    static final int QEMU_IMAGES = 1000;
    /** Compiled CMSIS-NN objects, reused across tests and runs. */
    static final Path CMSIS_NN_OBJECTS = Path.of("target", "cmsis-nn-v7-objects");

    static List<Path> networkSources(S8Net net) {
        return List.of(S8Net.GENERATED.resolve(net.cName() + ".c"), S8Net.GENERATED.resolve(net.cName() + "_harness.c"),
                S8Net.GENERATED.resolve("j2cmsis_portable_s8.c"));
    }

    static void check(S8Net net, RunResult r, Path dir, int n) throws Exception {
        r.requireSuccess();
        assertTrue(r.stdout().contains("file check: " + n + " records, 0 mismatches"), r.stdout());
        byte[] actual = Files.readAllBytes(dir.resolve("actual.bin"));
        Comparison.Report rep = Comparison.compareAll(net.simulatorOutputs().subList(0, n),
                TestSet.split(actual, net.s8().outputSize()));
        assertTrue(rep.identical(), rep.render());
        assertEquals(n, rep.items());
        System.out.println(r.stdout().strip());
    }

    private static List<String> files() {
        return List.of("inputs.bin", "expected.bin", "actual.bin");
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void hostGccPortableKernelsAllTestImages(S8Net net, @TempDir Path tmp) throws Exception {
        int n = TestSet.images().size();
        net.writeRecords(tmp, n);
        NativeToolchain tc = NativeToolchain.defaults();
        Path exe = tc.compileHost(tmp.resolve("harness"), networkSources(net), List.of(S8Net.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of("-pedantic"));
        check(net, tc.runHost(exe, files(), tmp, Duration.ofMinutes(5)), tmp, n);
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void qemuCortexM4PortableKernels(S8Net net, @TempDir Path tmp) throws Exception {
        qemu(net, Core.CORTEX_M4, false, tmp);
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void qemuCortexM55PortableKernels(S8Net net, @TempDir Path tmp) throws Exception {
        qemu(net, Core.CORTEX_M55, false, tmp);
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void hostGccRealCmsisNnAllTestImages(S8Net net, @TempDir Path tmp) throws Exception {
        Path cmsisNn = cmsisNn();
        int n = TestSet.images().size();
        net.writeRecords(tmp, n);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources(net));
        sources.addAll(CmsisNnS8.hostObjects(tc, cmsisNn, CMSIS_NN_OBJECTS, false));
        List<Path> includes = new ArrayList<>(CmsisNnS8.includes(cmsisNn));
        includes.add(S8Net.GENERATED);
        Path exe = tc.compileHost(tmp.resolve("harness_cmsis_nn"), sources, includes, List.of(), List.of());
        check(net, tc.runHost(exe, files(), tmp, Duration.ofMinutes(5)), tmp, n);
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void qemuCortexM4RealCmsisNn(S8Net net, @TempDir Path tmp) throws Exception {
        qemu(net, Core.CORTEX_M4, true, tmp);
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void qemuCortexM55RealCmsisNn(S8Net net, @TempDir Path tmp) throws Exception {
        qemu(net, Core.CORTEX_M55, true, tmp);
    }

    static Path cmsisNn() {
        Optional<String> missing = CmsisNnS8.missingReason();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        return CmsisNnS8.path().orElseThrow();
    }

    private static void qemu(S8Net net, Core core, boolean realCmsisNn, Path tmp) throws Exception {
        Path cmsisNn = realCmsisNn ? cmsisNn() : null;
        Optional<String> missing = NativeToolchain.armToolchainMissing(core);
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        net.writeRecords(tmp, QEMU_IMAGES);
        NativeToolchain tc = NativeToolchain.defaults();
        List<Path> sources = new ArrayList<>(networkSources(net));
        List<Path> includes = new ArrayList<>();
        includes.add(S8Net.GENERATED);
        if (realCmsisNn) {
            sources.addAll(CmsisNnS8.cortexMObjects(tc, core, cmsisNn, CMSIS_NN_OBJECTS, false));
            includes.addAll(CmsisNnS8.includes(cmsisNn));
        }
        Path elf = tc.compileCortexM(core, tmp.resolve("harness.elf"), sources, includes,
                realCmsisNn ? List.of() : List.of("J2CMSIS_PORTABLE"), List.of());
        check(net, tc.runQemu(core, elf, files(), tmp, Duration.ofMinutes(10)), tmp, QEMU_IMAGES);
    }
}
