package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** j2cmsis_portable.c builds warning-free in strict C99 for the host and for Cortex-M4. */
class PortableCompileFlagsTest {

    @Test
    void hostStrictC99() throws Exception {
        Path c = HostGcc.resource(HostGcc.PORTABLE_C);
        HostGcc.resource(HostGcc.PORTABLE_H);
        HostGcc.run(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2", "-c", c.toString(),
                "-o", HostGcc.workDir().resolve("j2cmsis_portable_host.o").toString()), 120);
    }

    @Test
    void cortexM4StrictC99() throws Exception {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            present |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, "arm-none-eabi-gcc"));
        }
        assumeTrue(present, "arm-none-eabi-gcc not on PATH: skipping the Cortex-M4 compile check");
        Path c = HostGcc.resource(HostGcc.PORTABLE_C);
        HostGcc.resource(HostGcc.PORTABLE_H);
        HostGcc.run(List.of("arm-none-eabi-gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic",
                "-mcpu=cortex-m4", "-mthumb", "-O2", "-c", c.toString(), "-o",
                HostGcc.workDir().resolve("j2cmsis_portable_m4.o").toString()), 120);
    }
}
