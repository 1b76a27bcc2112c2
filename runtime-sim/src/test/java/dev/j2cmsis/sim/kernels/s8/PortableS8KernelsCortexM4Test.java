package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.testing.NativeToolchain;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Java s8 kernels (target {@link S8Target#PLAIN_C}) == j2cmsis_portable_s8.c built with arm-none-eabi-gcc for a
 * Cortex-M4 and run under QEMU mps2-an386: the twin is plain C on every core, so this catches what the host cannot
 * (a 32-bit target, another back end, newlib). One QEMU run per rounding over a subset of every function. Skipped,
 * with the reason, without the ARM toolchain or QEMU.
 */
class PortableS8KernelsCortexM4Test {

    /** Cases per function and rounding under QEMU; override with -Dj2cmsis.s8QemuKernelCases=N. */
    static final int CASES = Integer.getInteger("j2cmsis.s8QemuKernelCases", 150);

    @ParameterizedTest
    @EnumSource(S8Rounding.class)
    void javaEqualsPortableCOnCortexM4(S8Rounding r) throws Exception {
        NativeToolchain.armToolchainMissing()
                .ifPresent(why -> Assumptions.abort("skipped: no Cortex-M4 run, " + why));
        S8Builds.Executable exe = S8Builds.portableCortexM4(r);
        List<S8Case> cases = new ArrayList<>();
        Map<S8Function, Integer> counts = new EnumMap<>(S8Function.class);
        for (S8Function f : PortableS8KernelsTest.portableFunctions()) {
            int n = f == S8Function.RELU6 ? 10 : CASES;
            cases.addAll(new S8CaseGenerator(PortableS8KernelsTest.seed(f, r, 2)).cases(f, n));
            counts.put(f, n);
        }
        int n = S8Driver.compare(exe, cases, S8Target.PLAIN_C, r, "m4-" + r);
        assertEquals(cases.size(), n);
        System.out.println("[s8-kernels] Cortex-M4 (QEMU) " + r + ": " + n + " cases, Java == j2cmsis_portable_s8.c; "
                + "per function " + counts);
    }
}
