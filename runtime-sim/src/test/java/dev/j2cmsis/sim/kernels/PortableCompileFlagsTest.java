package dev.j2cmsis.sim.kernels;

import java.util.List;
import org.junit.jupiter.api.Test;

/** j2cmsis_portable.c builds warning-free in strict C99 for the host and for Cortex-M4. */
class PortableCompileFlagsTest {

    @Test
    void hostStrictC99() throws Exception {
        // the NativeToolchain defaults carry -std=c99 -Wall -Wextra -Werror -O2
        KernelBuilds.compile(KernelBuilds.Target.HOST, true, "j2cmsis_portable_host.o",
                List.of(KernelBuilds.resource(KernelBuilds.PORTABLE_C)), List.of(), List.of(), List.of("-pedantic", "-c"));
    }

    @Test
    void cortexM4StrictC99() throws Exception {
        KernelBuilds.Target.CORTEX_M4.assumeAvailable();
        // linked with the driver: a -c build cannot take the startup file NativeToolchain adds
        KernelBuilds.compile(KernelBuilds.Target.CORTEX_M4, true, "j2cmsis_portable_pedantic",
                List.of(KernelBuilds.resource(KernelBuilds.PORTABLE_C), KernelBuilds.resource(KernelBuilds.DRIVER_C)),
                List.of(), List.of(), List.of("-pedantic"));
    }
}
