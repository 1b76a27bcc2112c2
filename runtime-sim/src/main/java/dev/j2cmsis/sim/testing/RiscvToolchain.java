package dev.j2cmsis.sim.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles C for 64-bit RISC-V (RV64GC, the ISA of the Kendryte K210 that has no CMSIS-NN) with Debian's {@code
 * riscv64-linux-gnu-gcc} as static Linux executables, and runs them under {@code qemu-riscv64} user mode, so a
 * test proves the portable kernels on a second instruction set without a board. The Linux ABI only supplies
 * {@code main(argc, argv)} and {@code fopen}; the generated network and kernels use neither the OS nor floating
 * point. Debian packages: {@code gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user}.
 */
public final class RiscvToolchain {
    static final String CC = "riscv64-linux-gnu-gcc";
    static final String QEMU = "qemu-riscv64";

    /** C99 with the warnings the host build uses; static, so qemu-riscv64 needs no RISC-V sysroot at run time. */
    public static final List<String> FLAGS = List.of("-march=rv64gc", "-mabi=lp64d", "-std=c99", "-O2", "-Wall",
            "-Wextra", "-Werror", "-static");

    private RiscvToolchain() {
    }

    /** Probed once per JVM, on first use (the holder class idiom). */
    private static final class Probe {
        static final Optional<String> RESULT = probeTools();
    }

    /** Empty if the cross compiler can link a static C program and qemu-riscv64 runs it, otherwise why not. */
    public static Optional<String> missing() {
        return Probe.RESULT;
    }

    private static Optional<String> probeTools() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("j2cmsis-riscv-probe-");
            Path source = dir.resolve("probe.c");
            Files.writeString(source, "#include <stdio.h>\nint main(void) { return puts(\"ok\") < 0; }\n");
            RunResult c = NativeToolchain.execute(List.of(CC, "-static", source.toString(), "-o",
                    dir.resolve("probe").toString()), dir, Duration.ofSeconds(60));
            if (c.exitCode() != 0) {
                return Optional.of(CC + " cannot link a static C program (install gcc-riscv64-linux-gnu "
                        + "libc6-dev-riscv64-cross): " + c.stderr().strip());
            }
            RunResult r = NativeToolchain.execute(List.of(QEMU, dir.resolve("probe").toString()), dir,
                    Duration.ofSeconds(60));
            if (r.exitCode() != 0 || !r.stdout().contains("ok")) {
                return Optional.of(QEMU + " cannot run a RISC-V program (install qemu-user): " + r);
            }
            return Optional.empty();
        } catch (IOException | ToolchainException e) {
            return Optional.of(CC + " or " + QEMU + " is not usable (install gcc-riscv64-linux-gnu "
                    + "libc6-dev-riscv64-cross qemu-user): " + NativeToolchain.firstLine(e.getMessage()));
        } finally {
            NativeToolchain.deleteQuietly(dir);
        }
    }

    /**
     * Compiles and links {@code sources} with {@link #FLAGS}, {@code -I}/{@code -D} as given, then {@code
     * extraFlags}.
     *
     * @throws ToolchainException with the compiler output if it fails
     */
    public static Path compile(Path outExe, List<Path> sources, List<Path> includeDirs, List<String> defines,
            List<String> extraFlags) {
        List<String> command = new ArrayList<>();
        command.add(CC);
        command.addAll(FLAGS);
        includeDirs.forEach(d -> command.add("-I" + d.toAbsolutePath()));
        defines.forEach(d -> command.add("-D" + d));
        command.addAll(extraFlags);
        sources.forEach(s -> command.add(s.toAbsolutePath().toString()));
        command.addAll(List.of("-o", outExe.toAbsolutePath().toString()));
        RunResult r = NativeToolchain.execute(command, outExe.toAbsolutePath().getParent(),
                NativeToolchain.COMPILE_TIMEOUT);
        if (r.exitCode() != 0) {
            throw new ToolchainException("compilation failed\n" + r);
        }
        return outExe;
    }

    /** Runs {@code exe} under qemu-riscv64 in {@code workDir}. */
    public static RunResult run(Path exe, List<String> args, Path workDir, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(QEMU, exe.toAbsolutePath().toString()));
        command.addAll(args);
        return NativeToolchain.execute(command, workDir, timeout);
    }
}
