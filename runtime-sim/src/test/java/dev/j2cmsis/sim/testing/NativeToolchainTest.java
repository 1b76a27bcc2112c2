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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Assumptions.assumeTrue(NativeToolchain.armToolchainMissing().isEmpty(),
                () -> "skipped: " + NativeToolchain.armToolchainMissing().orElseThrow());
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
