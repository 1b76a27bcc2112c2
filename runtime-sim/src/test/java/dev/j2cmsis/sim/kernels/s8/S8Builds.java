package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.fail;

import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds kernel_driver_s8.c with the portable s8 twin through {@link NativeToolchain}, for the host or a Cortex-M4,
 * in either rounding. Everything goes under {@code target/kernel-c-s8}, which is also the working directory of
 * every run (semihosting resolves the driver's relative file names there).
 */
final class S8Builds {

    static final String PORTABLE_C = "dev/j2cmsis/sim/c/j2cmsis_portable_s8.c";
    static final String PORTABLE_H = "dev/j2cmsis/sim/c/j2cmsis_portable_s8.h";
    static final String DRIVER_C = "dev/j2cmsis/sim/kernels/s8/kernel_driver_s8.c";

    static final NativeToolchain TOOLCHAIN = NativeToolchain.defaults();

    /** Host flags of the sanitizer build: UB and address errors abort the run. */
    static final List<String> SANITIZER_FLAGS = List.of("-fsanitize=address,undefined", "-fno-sanitize-recover=all",
            "-fno-omit-frame-pointer", "-g");

    /**
     * Runs a built driver with its arguments in {@link #workDir()} and returns its stdout, failing unless it exits
     * with 0.
     */
    @FunctionalInterface
    interface Runner {
        String run(List<String> args, Duration timeout) throws IOException;
    }

    /** A compiled driver, whether it runs under QEMU and on which core's board. */
    record Executable(Path path, boolean qemu, NativeToolchain.Core core) implements Runner {

        /** A host executable ({@code qemu} false) or a Cortex-M4 ELF. */
        Executable(Path path, boolean qemu) {
            this(path, qemu, NativeToolchain.Core.CORTEX_M4);
        }

        @Override
        public String run(List<String> args, Duration timeout) throws IOException {
            RunResult r = qemu ? TOOLCHAIN.runQemu(core, path, args, workDir(), timeout)
                    : TOOLCHAIN.runHost(path, args, workDir(), timeout);
            return r.requireSuccess().stdout();
        }
    }

    private S8Builds() {
    }

    static Path workDir() throws IOException {
        Path base = Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("kernel-c-s8");
        Files.createDirectories(base);
        return base;
    }

    /** Copies a classpath resource into the work directory and returns its path. */
    static Path resource(String name) throws IOException {
        Path dst = workDir().resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = S8Builds.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                fail("missing classpath resource " + name);
            }
            Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
        }
        return dst;
    }

    static List<String> roundingDefines(S8Rounding rounding) {
        return rounding.cDefine() == null ? List.of() : List.of(rounding.cDefine());
    }

    /** The driver with the portable twin for the host, strict warnings, optionally extra flags (sanitizers). */
    static Executable portableHost(S8Rounding rounding, List<String> extraFlags, String tag) throws IOException {
        resource(PORTABLE_H);
        String name = "kernel_driver_s8_portable_" + rounding.name().toLowerCase(Locale.ROOT) + tag;
        Path exe = TOOLCHAIN.compileHost(workDir().resolve(name), List.of(resource(DRIVER_C), resource(PORTABLE_C)),
                List.of(workDir()), roundingDefines(rounding), extraFlags);
        return new Executable(exe, false);
    }

    /** The driver with the portable twin for a Cortex-M4 (QEMU mps2-an386), strict warnings. */
    static Executable portableCortexM4(S8Rounding rounding) throws IOException {
        resource(PORTABLE_H);
        String name = "kernel_driver_s8_portable_" + rounding.name().toLowerCase(Locale.ROOT) + "_m4";
        Path exe = TOOLCHAIN.compileCortexM4(workDir().resolve(name + ".elf"),
                new ArrayList<>(List.of(resource(DRIVER_C), resource(PORTABLE_C))), List.of(workDir()),
                roundingDefines(rounding), List.of());
        return new Executable(exe, true);
    }
}
