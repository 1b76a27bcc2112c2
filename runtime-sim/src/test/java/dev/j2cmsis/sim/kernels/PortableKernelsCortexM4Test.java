package dev.j2cmsis.sim.kernels;

import dev.j2cmsis.sim.testing.NativeToolchain;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Java kernels == the portable C twin built with arm-none-eabi-gcc for a Cortex-M4 and run under QEMU. The twin is
 * plain C on every core (its {@code _dsp} functions reproduce the DSP path in portable code), so every function must
 * match, the {@code _fast} conv on any configuration. Catches what the host cannot: 32-bit {@code int32_t = long},
 * a different compiler back end and newlib. Skipped, with the reason, without the ARM toolchain or QEMU.
 */
class PortableKernelsCortexM4Test {

    /** QEMU is slower than the host: a few hundred cases per function; override with -Dj2cmsis.qemuKernelCases=N. */
    static final int CASES = Integer.getInteger("j2cmsis.qemuKernelCases", 500);

    private static KernelBuilds.Executable driver;

    /** Skips per test, not here: an abort in {@code @BeforeAll} would hide the skipped tests from the counts. */
    @BeforeAll
    static void compileDriver() throws Exception {
        if (NativeToolchain.armToolchainMissing().isEmpty()) {
            driver = KernelBuilds.portableDriver(KernelBuilds.Target.CORTEX_M4);
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void javaEqualsPortableCOnCortexM4(Kernel k) throws Exception {
        KernelBuilds.Target.CORTEX_M4.assumeAvailable();
        List<KernelCase> cases = new CaseGenerator(0xA4_0000L + k.id, false).cases(k, CASES);
        int n = KernelComparison.compare(driver, cases, k, "portable-m4-" + k);
        System.out.println("[kernels] " + k + ": " + n + " cases, Java == j2cmsis_portable.c (Cortex-M4, QEMU)");
    }
}
