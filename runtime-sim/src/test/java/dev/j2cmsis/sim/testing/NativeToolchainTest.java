package dev.j2cmsis.sim.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import dev.j2cmsis.sim.testing.NativeToolchain.Core;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NativeToolchainTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final NativeToolchain TOOLCHAIN = NativeToolchain.defaults();

    @TempDir
    Path dir;

    @Test
    void integerSemanticsMatchJavaOnHostAndCortexM4() throws IOException {
        byte[] input = semanticsInput();
        Files.write(dir.resolve("in.bin"), input);
        byte[] expected = expectedSemantics(input);
        String expectedLine = expectedSemanticsLine(input);
        Path source = resource("int_semantics.c");

        if (assumeOrReport(NativeToolchain.hostGccMissing())) {
            Path exe = TOOLCHAIN.compileHost(dir.resolve("int_semantics"), List.of(source), List.of(), List.of(),
                    List.of());
            RunResult host = TOOLCHAIN.runHost(exe, List.of("in.bin", "host.bin"), dir, TIMEOUT).requireSuccess();
            assertEquals(expectedLine, host.stdout().strip());
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("host.bin")), "host output");
        }
        if (assumeOrReport(NativeToolchain.armToolchainMissing())) {
            Path elf = TOOLCHAIN.compileCortexM4(dir.resolve("int_semantics.elf"), List.of(source), List.of(),
                    List.of(), List.of());
            RunResult m4 = TOOLCHAIN.runQemu(elf, List.of("in.bin", "m4.bin"), dir, TIMEOUT).requireSuccess();
            assertEquals(expectedLine, m4.stdout().strip());
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("m4.bin")), "Cortex-M4 output");
        }
        Assumptions.assumeTrue(NativeToolchain.hostGccMissing().isEmpty() || NativeToolchain.armToolchainMissing()
                .isEmpty(), "skipped: no native toolchain at all");
    }

    /** The M4 is covered above; the same program gives the same bytes on the M3 and M55 boards. */
    @ParameterizedTest
    @EnumSource(value = Core.class, names = {"CORTEX_M3", "CORTEX_M55"})
    void integerSemanticsMatchJavaOnOtherCores(Core core) throws IOException {
        assumeArm(core);
        byte[] input = semanticsInput();
        Files.write(dir.resolve("in.bin"), input);
        Path elf = TOOLCHAIN.compileCortexM(core, dir.resolve("int_semantics.elf"), List.of(resource("int_semantics.c")),
                List.of(), List.of(), List.of());
        RunResult run = TOOLCHAIN.runQemu(core, elf, List.of("in.bin", "out.bin"), dir, TIMEOUT).requireSuccess();
        assertEquals(expectedSemanticsLine(input), run.stdout().strip());
        assertArrayEquals(expectedSemantics(input), Files.readAllBytes(dir.resolve("out.bin")), core.label());
    }

    /**
     * Every core's board: arguments in, status out, and each kind of fault reported on stderr with the
     * fault status register, ending the run with {@link NativeToolchain#FAULT_EXIT_CODE}. The stack guard
     * differs: an MPU no-access region on ARMv7-M (MemManage, MSTKERR), MSPLIM on the M55 (UsageFault, STKOF).
     */
    @ParameterizedTest
    @EnumSource(Core.class)
    void everyCoreRunsOnItsBoardAndReportsFaults(Core core) {
        assumeArm(core);
        Path elf = TOOLCHAIN.compileCortexM(core, dir.resolve("exit_status.elf"), List.of(resource("exit_status.c")),
                List.of(), List.of(), List.of());
        assertEquals(7, TOOLCHAIN.runQemu(core, elf, List.of("7", "via-exit"), dir, TIMEOUT).exitCode());
        assertEquals(2, TOOLCHAIN.runQemu(core, elf, List.of("1", "2", "3"), dir, TIMEOUT).exitCode());
        assertFault(core, elf, "fault", "MemManage", "cfsr=00000082"); // MMARVALID + DACCVIOL
        assertFault(core, elf, "div0", "UsageFault", "cfsr=02000000"); // DIVBYZERO
        if (core == Core.CORTEX_M55) {
            assertFault(core, elf, "overflow", "UsageFault", "cfsr=00100000"); // STKOF
        } else {
            assertFault(core, elf, "overflow", "MemManage", "cfsr=00000092"); // MSTKERR + DACCVIOL
        }
    }

    private void assertFault(Core core, Path elf, String mode, String fault, String cfsr) {
        RunResult r = TOOLCHAIN.runQemu(core, elf, List.of(mode), dir, TIMEOUT);
        assertEquals(NativeToolchain.FAULT_EXIT_CODE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("j2cmsis startup: " + fault + " ") && r.stderr().contains(cfsr), r::toString);
    }

    /**
     * Helium really executes on the M55 board: vector intrinsics give the values computed here by hand
     * (mve_probe.c), and with CP10/CP11 access revoked the first MVE instruction raises a UsageFault with
     * NOCP, so the results cannot come from scalar code. The build of the same file for the M4 fails.
     */
    @Test
    void cortexM55ExecutesHeliumInstructions() {
        assumeArm(Core.CORTEX_M55);
        Path source = resource("mve_probe.c");
        Path elf = TOOLCHAIN.compileCortexM(Core.CORTEX_M55, dir.resolve("mve_probe.elf"), List.of(source),
                List.of(), List.of(), List.of());
        RunResult run = TOOLCHAIN.runQemu(Core.CORTEX_M55, elf, List.of(), dir, TIMEOUT).requireSuccess();
        int[] a = new int[16];
        int[] b = new int[16];
        int dot = 0;
        for (int i = 0; i < 16; i++) {
            a[i] = i * 9 - 70;
            b[i] = (byte) (127 - i * 17);
            dot += a[i] * b[i];
        }
        int sat0 = Math.max(-128, Math.min(127, a[0] + b[0]));
        int sat15 = Math.max(-128, Math.min(127, a[15] + b[15]));
        long qrdmulh = ((1L << 30) * (1L << 30) * 2 + (1L << 31)) >> 32;
        assertEquals("dot=" + dot + " sat0=" + sat0 + " sat15=" + sat15 + " qrdmulh=" + qrdmulh, run.stdout().strip(),
                run::toString);
        assertFault(Core.CORTEX_M55, elf, "nocp", "UsageFault", "cfsr=00080000"); // NOCP

        assumeArm(Core.CORTEX_M4);
        ToolchainException e = assertThrows(ToolchainException.class,
                () -> TOOLCHAIN.compileCortexM4(dir.resolve("m4.elf"), List.of(source), List.of(), List.of(),
                        List.of()));
        assertTrue(e.getMessage().contains("__ARM_FEATURE_MVE is not defined"), e.getMessage());
    }

    @Test
    void objectsCompiledOnceLinkIntoACortexMProgram() throws IOException {
        assumeArm(Core.CORTEX_M3);
        Path lib = dir.resolve("lib.c");
        Files.writeString(lib, "int lib_twice(int x) { return 2 * x; }\n");
        Path main = dir.resolve("main.c");
        Files.writeString(main, "#include <stdlib.h>\nint lib_twice(int x);\n"
                + "int main(int argc, char **argv) { return argc == 2 ? lib_twice(atoi(argv[1])) : 1; }\n");
        List<Path> objects = TOOLCHAIN.compileCortexMObjects(Core.CORTEX_M3, dir.resolve("obj"), List.of(lib),
                List.of(), List.of(), List.of());
        assertEquals(List.of(dir.resolve("obj/lib.o").toAbsolutePath()), objects);
        Path elf = TOOLCHAIN.compileCortexM(Core.CORTEX_M3, dir.resolve("main.elf"),
                List.of(main, objects.get(0)), List.of(), List.of(), List.of());
        assertEquals(42, TOOLCHAIN.runQemu(Core.CORTEX_M3, elf, List.of("21"), dir, TIMEOUT).exitCode());
        assertThrows(IllegalArgumentException.class, () -> TOOLCHAIN.compileHostObjects(dir.resolve("obj"),
                List.of(lib, dir.resolve("other/lib.c")), List.of(), List.of(), List.of()));
    }

    @Test
    void qemuPropagatesExitStatusAndArguments() {
        assumeArm();
        Path elf = TOOLCHAIN.compileCortexM4(dir.resolve("exit_status.elf"), List.of(resource("exit_status.c")),
                List.of(), List.of(), List.of());
        assertEquals(0, TOOLCHAIN.runQemu(elf, List.of("0"), dir, TIMEOUT).exitCode());
        assertEquals(42, TOOLCHAIN.runQemu(elf, List.of("42"), dir, TIMEOUT).exitCode());
        assertEquals(7, TOOLCHAIN.runQemu(elf, List.of("7", "via-exit"), dir, TIMEOUT).exitCode());
        // Like a host process: only the low 8 bits of the status survive.
        assertEquals(300 & 0xff, TOOLCHAIN.runQemu(elf, List.of("300"), dir, TIMEOUT).exitCode());
        // Wrong argument count: argc/argv really arrive.
        assertEquals(2, TOOLCHAIN.runQemu(elf, List.of("1", "2", "3"), dir, TIMEOUT).exitCode());
    }

    @Test
    void faultOnCortexM4IsReportedAndFailsTheRun() {
        assumeArm();
        Path elf = TOOLCHAIN.compileCortexM4(dir.resolve("exit_status.elf"), List.of(resource("exit_status.c")),
                List.of(), List.of(), List.of());
        RunResult result = TOOLCHAIN.runQemu(elf, List.of("fault"), dir, TIMEOUT);
        assertEquals(NativeToolchain.FAULT_EXIT_CODE, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("MemManage"), result::toString);
    }

    @Test
    void qemuIsKilledOnTimeout() {
        assumeArm();
        Path elf = TOOLCHAIN.compileCortexM4(dir.resolve("exit_status.elf"), List.of(resource("exit_status.c")),
                List.of(), List.of(), List.of());
        long start = System.nanoTime();
        ToolchainException e = assertThrows(ToolchainException.class,
                () -> TOOLCHAIN.runQemu(elf, List.of("spin"), dir, Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
    }

    @Test
    void semihostingFileThroughputForADatasetRun() throws IOException {
        assumeArm();
        int records = 10_000;
        byte[] input = new byte[records * 784];
        new SplittableRandom(784).nextBytes(input);
        Files.write(dir.resolve("images.bin"), input);
        Files.write(dir.resolve("one.bin"), java.util.Arrays.copyOf(input, 784));
        byte[] expected = expectedScores(input);
        Path elf = TOOLCHAIN.compileCortexM4(dir.resolve("io_records.elf"), List.of(resource("io_records.c")),
                List.of(), List.of(), List.of());

        RunResult baseline = TOOLCHAIN.runQemu(elf, List.of("one.bin", "one.out"), dir, TIMEOUT).requireSuccess();
        for (List<String> variant : List.of(List.<String>of(), List.of("65536"))) {
            List<String> args = new java.util.ArrayList<>(List.of("images.bin", "scores.bin"));
            args.addAll(variant);
            RunResult run = TOOLCHAIN.runQemu(elf, args, dir, TIMEOUT).requireSuccess();
            assertEquals("records=" + records, run.stdout().strip());
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("scores.bin")));
            long bytes = input.length + expected.length;
            double seconds = Math.max(1e-3, (run.elapsed().toNanos() - baseline.elapsed().toNanos()) / 1e9);
            System.out.printf(Locale.ROOT,
                    "semihosting I/O (%s): %d bytes in %d ms total, %d ms QEMU start-up => %.1f MB/s%n",
                    variant.isEmpty() ? "newlib default 1 KiB buffers" : "64 KiB setvbuf buffers", bytes,
                    run.elapsed().toMillis(), baseline.elapsed().toMillis(), bytes / seconds / 1e6);
        }
    }

    @Test
    void cortexM4BuildsTakeTheDspPath() {
        assumeArm();
        Path source = resource("dsp_probe.c");
        Path elf = TOOLCHAIN.compileCortexM4(dir.resolve("dsp_probe.elf"), List.of(source), List.of(), List.of(),
                List.of());
        RunResult run = TOOLCHAIN.runQemu(elf, List.of(), dir, TIMEOUT);
        assertEquals("smlad=3 ssat=127 qadd8=7f80027f", run.stdout().strip(), run::toString);
        assertEquals(0, run.exitCode());

        // The guard itself works: a core without the DSP extension fails the build, with gcc's output.
        ToolchainException e = assertThrows(ToolchainException.class,
                () -> TOOLCHAIN.compileCortexM4(dir.resolve("m3.elf"), List.of(source), List.of(), List.of(),
                        List.of("-mcpu=cortex-m3")));
        assertTrue(e.getMessage().contains("__ARM_FEATURE_DSP is not defined"), e.getMessage());
    }

    @Test
    void hostCompileErrorsCarryTheCompilerOutput() throws IOException {
        Assumptions.assumeTrue(NativeToolchain.hostGccMissing().isEmpty(),
                () -> "skipped: " + NativeToolchain.hostGccMissing().orElseThrow());
        Path source = dir.resolve("unused.c");
        Files.writeString(source, "int main(void) { int unused_variable; return 0; }\n");
        ToolchainException e = assertThrows(ToolchainException.class,
                () -> TOOLCHAIN.compileHost(dir.resolve("unused"), List.of(source), List.of(), List.of(), List.of()));
        assertTrue(e.getMessage().contains("unused_variable"), e.getMessage());
    }

    @Test
    void hostRunIsKilledOnTimeout() throws IOException {
        Assumptions.assumeTrue(NativeToolchain.hostGccMissing().isEmpty(),
                () -> "skipped: " + NativeToolchain.hostGccMissing().orElseThrow());
        Path source = dir.resolve("spin.c");
        Files.writeString(source, "int main(void) { for (volatile int i = 0;; i++) { } }\n");
        Path exe = TOOLCHAIN.compileHost(dir.resolve("spin"), List.of(source), List.of(), List.of(), List.of());
        long start = System.nanoTime();
        ToolchainException e = assertThrows(ToolchainException.class,
                () -> TOOLCHAIN.runHost(exe, List.of(), dir, Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void argumentsSemihostingCannotCarryAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> NativeToolchain.checkSemihostingArgs(List.of("prog", "two words")));
        assertThrows(IllegalArgumentException.class, () -> NativeToolchain.checkSemihostingArgs(List.of("prog", "")));
        NativeToolchain.checkSemihostingArgs(List.of("prog", "a,b", "--x=1"));
    }

    // ---------------------------------------------------------------------------------------------

    /** Random bytes plus the q7 edge values, so every sign and saturation case is hit. */
    private static byte[] semanticsInput() {
        byte[] input = new byte[200_000];
        new SplittableRandom(42).nextBytes(input);
        byte[] edges = {-128, -127, -1, 0, 1, 126, 127, -128, -128, 127, 127};
        System.arraycopy(edges, 0, input, 0, edges.length);
        return input;
    }

    /** The computation of int_semantics.c, in Java. */
    static byte[] expectedSemantics(byte[] input) {
        byte[] out = new byte[input.length];
        int acc = 0;
        for (int i = 0; i < input.length; i++) {
            int v = input[i];
            acc = acc * 1103515245 + v;
            int q = (int) (((long) acc * 1518500250L + (1L << 30)) >> 31);
            q = (q >> 3) + v / 3 + v % 5;
            out[i] = (byte) Math.max(-128, Math.min(127, q));
        }
        return out;
    }

    private static String expectedSemanticsLine(byte[] input) {
        int fnv = 0x811c9dc5;
        int acc = 0;
        for (byte b : input) {
            fnv = (fnv ^ (b & 0xff)) * 16777619;
            acc = acc * 1103515245 + b;
        }
        return String.format(Locale.ROOT, "bytes=%d fnv=%08x acc=%d", input.length, fnv, acc);
    }

    /** The computation of io_records.c, in Java. */
    private static byte[] expectedScores(byte[] input) {
        int records = input.length / 784;
        byte[] out = new byte[records * 10];
        for (int r = 0; r < records; r++) {
            for (int k = 0; k < 10; k++) {
                int sum = 0;
                for (int j = k; j < 784; j += 10) {
                    sum += input[r * 784 + j] & 0xff;
                }
                out[r * 10 + k] = (byte) sum;
            }
        }
        return out;
    }

    private static boolean assumeOrReport(java.util.Optional<String> missing) {
        missing.ifPresent(reason -> System.out.println("skipped: " + reason));
        return missing.isEmpty();
    }

    private static void assumeArm() {
        assumeArm(Core.CORTEX_M4);
    }

    private static void assumeArm(Core core) {
        Assumptions.assumeTrue(NativeToolchain.armToolchainMissing(core).isEmpty(),
                () -> "skipped: " + NativeToolchain.armToolchainMissing(core).orElseThrow());
    }

    /** Copies a C test resource into the temp dir: the compilers need a real file. */
    private Path resource(String name) {
        Path target = dir.resolve("src").resolve(name);
        try (InputStream in = NativeToolchainTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
