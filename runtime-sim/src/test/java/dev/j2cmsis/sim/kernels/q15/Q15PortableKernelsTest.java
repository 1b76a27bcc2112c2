package dev.j2cmsis.sim.kernels.q15;

import dev.j2cmsis.sim.kernels.ArmActivationsQ15;
import dev.j2cmsis.sim.kernels.q15.Q15Harness.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java q15 kernels == the portable C twin (j2cmsis_portable_q15.c, linked together with the q7 twin), element for
 * element, built with the strict warning flags on the host and for a Cortex-M4 run under QEMU (the twin is plain C
 * on every core; its {@code _dsp} function reproduces the DSP path in portable code). Every function, every
 * configuration the generator draws, {@code _fast} convolutions with odd outputs included. The activation functions
 * are also compared on every q15 input for int_width 0..3 and both tables. The Cortex-M4 half is skipped, with the
 * reason, without the ARM toolchain or QEMU.
 */
class Q15PortableKernelsTest {

    static Stream<Arguments> targetsAndKernels() {
        return Stream.of(Target.HOST, Target.CORTEX_M4)
                .flatMap(t -> Stream.of(Q15Kernel.values()).map(k -> Arguments.of(t, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targetsAndKernels")
    void javaEqualsPortableC(Target target, Q15Kernel k) throws Exception {
        Q15Harness.assumeAvailable(target);
        Path exe = Q15Harness.portableDriver(target);
        int n = target.qemu() ? Q15Harness.QEMU_CASES : Q15Harness.HOST_CASES;
        List<Q15Case> cases = new ArrayList<>(new Q15CaseGenerator(0x51_5000L + 0x100L * target.ordinal() + k.id,
                false).cases(k, n));
        String extra = "";
        if (k == Q15Kernel.ACTIVATIONS) {
            for (int w = 0; w <= 3; w++) {
                cases.addAll(Q15CaseGenerator.activationSweep(w, ArmActivationsQ15.ARM_SIGMOID));
                cases.addAll(Q15CaseGenerator.activationSweep(w, ArmActivationsQ15.ARM_TANH));
            }
            extra = " (incl. all 65536 inputs x int_width 0..3 x sigmoid/tanh)";
        }
        int compared = Q15Harness.compare(exe, target, cases, k,
                "portable" + target.suffix() + "-" + k.name().toLowerCase(java.util.Locale.ROOT));
        System.out.println(Q15Harness.LOG + k + ": " + compared + " cases" + extra + ", Java == j2cmsis_portable_q15.c ("
                + target.label + (target.qemu() ? ", QEMU)" : ")"));
    }

    /** j2cmsis_portable_q15.c (with the q7 twin and the driver) is also clean under {@code -pedantic}. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Target.class, names = {"HOST", "CORTEX_M4"})
    void portableTwinsBuildPedantic(Target target) throws Exception {
        Q15Harness.assumeAvailable(target);
        Q15Harness.pedanticDriver(target);
    }
}
