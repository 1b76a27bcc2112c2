package dev.j2cmsis.sim.kernels;

import dev.j2cmsis.sim.kernels.KernelBuilds.Target;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java kernels == the real CMSIS-NN of CMSIS_5 5.9.0 compiled from {@code $CMSIS_PATH} with arm-none-eabi-gcc and
 * run under QEMU, on the two C paths the legacy kernels have on Cortex-M:
 * <ul>
 * <li>{@code -mcpu=cortex-m4}, the {@code ARM_MATH_DSP} path: {@code arm_maxpool_q7_HWC} / {@code arm_avepool_q7_HWC}
 * against the Java {@code _dsp} methods (padding at or above the stride included, within the preconditions their
 * Javadoc states), every other kernel against the plain Java method; {@code arm_convolve_HWC_q7_fast} and
 * {@code _fast_nonsquare} only on configurations meeting the semantics dossier's §3 (F) condition (per axis for the
 * nonsquare one) and {@code arm_convolve_1x1_HWC_q7_fast_nonsquare} only under (G), where their DSP paths equal the
 * reference;</li>
 * <li>{@code -mcpu=cortex-m3}, the plain-C path: every kernel against the plain Java method.</li>
 * </ul>
 * The j2cmsis-only kernels ({@link Kernel#inCmsis()} false) have nothing to compare with here. Skipped, with the
 * reason, when {@code CMSIS_PATH} is unset or the ARM toolchain or QEMU is missing.
 */
class RealCmsisCortexMKernelsTest {

    private static final Map<Target, KernelBuilds.Executable> DRIVERS = new EnumMap<>(Target.class);

    static Stream<Arguments> cortexM4() {
        return Stream.of(Kernel.values()).filter(k -> k.inCmsis() && k != Kernel.MAXPOOL && k != Kernel.AVEPOOL)
                .map(k -> Arguments.of(Target.CORTEX_M4, k));
    }

    static Stream<Arguments> cortexM3() {
        return Stream.of(Kernel.values()).filter(k -> k.inCmsis() && !k.isDspVariant())
                .map(k -> Arguments.of(Target.CORTEX_M3, k));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource({"cortexM4", "cortexM3"})
    void javaEqualsRealCmsis(Target target, Kernel k) throws Exception {
        KernelBuilds.Executable driver = driver(target);
        // the fast convs' DSP paths differ from the reference outside (F) / (G); the M3 (plain C) takes every one
        boolean fastDspSafe = target == Target.CORTEX_M4;
        List<KernelCase> cases = new CaseGenerator(0xC3515_0000L + 0x100L * target.ordinal() + k.id, fastDspSafe)
                .cases(k, PortableKernelsCortexM4Test.CASES);
        String path = k.isDspVariant() ? "ARM_MATH_DSP path" : target == Target.CORTEX_M4 ? "DSP build" : "plain C";
        int n = KernelComparison.compare(driver, cases, k, "cmsis-" + target.name().toLowerCase(java.util.Locale.ROOT)
                + "-" + k);
        System.out.println("[kernels] " + k + ": " + n + " cases, Java == CMSIS-NN 5.9.0 (" + target.label + ", QEMU, "
                + path + ")");
    }

    /** Built once per target, on first use, after the skip checks. */
    private static KernelBuilds.Executable driver(Target target) throws Exception {
        Path cmsis = RealCmsisKernelsTest.cmsisRoot();
        Assumptions.assumeTrue(cmsis != null, RealCmsisKernelsTest.SKIP);
        target.assumeAvailable();
        KernelBuilds.Executable driver = DRIVERS.get(target);
        if (driver == null) {
            driver = KernelBuilds.cmsisDriver(target, cmsis);
            DRIVERS.put(target, driver);
        }
        return driver;
    }
}
