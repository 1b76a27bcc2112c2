package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Minimal host-gcc compile-and-run helper for the kernel tests (to be replaced by the shared toolchain runner).
 * Everything goes under {@code target/kernel-c}.
 */
final class HostGcc {

    static final String PORTABLE_C = "dev/j2cmsis/sim/c/j2cmsis_portable.c";
    static final String PORTABLE_H = "dev/j2cmsis/sim/c/j2cmsis_portable.h";
    static final String DRIVER_C = "dev/j2cmsis/sim/kernels/kernel_driver.c";

    private HostGcc() {
    }

    static Path workDir() throws IOException {
        Path base = Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("kernel-c");
        Files.createDirectories(base);
        return base;
    }

    /** Copies a classpath resource into the work directory and returns its path. */
    static Path resource(String name) throws IOException {
        Path dst = workDir().resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = HostGcc.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                fail("missing classpath resource " + name);
            }
            Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
        }
        return dst;
    }

    /** Runs a command; fails the test with its output when it cannot start or exits non-zero. */
    static String run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir(), "cmd", ".log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(workDir().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            fail("cannot run " + cmd.get(0) + " (is it installed?): " + e.getMessage());
            throw e;
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timeout after " + timeoutSeconds + " s: " + String.join(" ", cmd));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (p.exitValue() != 0) {
            fail("exit code " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }

    /** Compiles and links an executable with host gcc. */
    static Path compile(String exeName, List<String> flags, List<Path> sources)
            throws IOException, InterruptedException {
        Path exe = workDir().resolve(exeName);
        List<String> cmd = new ArrayList<>();
        cmd.add("gcc");
        cmd.addAll(flags);
        for (Path s : sources) {
            cmd.add(s.toString());
        }
        cmd.add("-o");
        cmd.add(exe.toString());
        run(cmd, 300);
        return exe;
    }

    /** The driver linked with the portable C kernels. */
    static Path portableDriver() throws IOException, InterruptedException {
        Path c = resource(PORTABLE_C);
        resource(PORTABLE_H);
        Path d = resource(DRIVER_C);
        return compile("kernel_driver_portable", List.of("-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
                "-I" + workDir()), List.of(d, c));
    }
}
