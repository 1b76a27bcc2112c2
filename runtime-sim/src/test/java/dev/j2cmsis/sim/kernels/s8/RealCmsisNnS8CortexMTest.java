package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.kernels.s8.RealCmsisNnS8Builds.Platform;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java s8 kernels told the matching {@link S8Target} == the real CMSIS-NN v7.0.0 compiled with arm-none-eabi-gcc
 * and run under QEMU: Cortex-M3 on mps2-an385 (plain C on Arm), Cortex-M4 on mps2-an386 (the DSP path) and
 * Cortex-M55 on mps3-an547 (the Helium/MVE path), on the random cases of {@link S8CaseGenerator}, every function
 * CMSIS-NN has. One QEMU run per core and rounding. The cases include the configurations where a core's path
 * differs from plain C (MVE 1xN VALID, DSP add with left_shift 8), so these runs also show that the Java reproduces
 * each core; {@link RealCmsisNnS8DivergenceTest} pins those differences. Excluded on the M55 only: cases whose MVE
 * {@code arm_convolve_1_x_n_s8} sums bytes past the end of the input buffer ({@link MveOneByNGeometry#readsPastRow},
 * undefined memory, so no simulator can match them; counted and printed) and the {@code _dsp}/{@code _mve}
 * buffer-size variants, which on an MVE build call the build's own size functions and so are host-side tools only
 * (pinned in {@link RealCmsisNnS8DivergenceTest}). Default rounding on every core, single
 * rounding on the M4 and M55 (the M3 runs the host's plain C). Skipped, with the reason, when {@code CMSIS_NN_PATH}
 * is unset or the ARM toolchain or QEMU is missing.
 */
class RealCmsisNnS8CortexMTest {

    /** Cases per function under QEMU; override with -Dj2cmsis.s8RealQemuCases=N. */
    static final int CASES = Integer.getInteger("j2cmsis.s8RealQemuCases", 400);

    static List<Arguments> platformsAndRoundings() {
        return List.of(Arguments.of(Platform.CORTEX_M3, S8Rounding.DOUBLE),
                Arguments.of(Platform.CORTEX_M4, S8Rounding.DOUBLE), Arguments.of(Platform.CORTEX_M4, S8Rounding.SINGLE),
                Arguments.of(Platform.CORTEX_M55, S8Rounding.DOUBLE),
                Arguments.of(Platform.CORTEX_M55, S8Rounding.SINGLE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("platformsAndRoundings")
    void javaEqualsRealCmsisNnOnCortexM(Platform platform, S8Rounding r) throws Exception {
        S8Builds.Executable exe = RealCmsisNnS8Builds.driver(platform, r);
        List<S8Case> cases = new ArrayList<>();
        Map<S8Function, Integer> counts = new EnumMap<>(S8Function.class);
        int perFunction = platform == Platform.CORTEX_M3 ? CASES * 2 / 3 : CASES;
        int undefined = 0;
        for (S8Function f : RealCmsisNnS8Test.cmsisFunctions()) {
            if (platform == Platform.CORTEX_M55 && f == S8Function.BUFFER_SIZE_VARIANTS) {
                continue;
            }
            int n = 0;
            for (S8Case c : new S8CaseGenerator(RealCmsisNnS8Test.seed(f, r, platform))
                    .cases(f, RealCmsisNnS8Test.count(f, perFunction))) {
                if (platform == Platform.CORTEX_M55 && MveOneByNGeometry.of(c).readsPastRow()) {
                    undefined++;
                } else {
                    cases.add(c);
                    n++;
                }
            }
            counts.put(f, n);
        }
        long start = System.nanoTime();
        int n = S8Driver.compare(exe, cases, platform.target, r, "cmsis-" + platform.tag() + "-" + r);
        assertEquals(cases.size(), n);
        System.out.printf(java.util.Locale.ROOT, "[s8 real CMSIS-NN] %s %s: %d cases in %.1f s, Java(%s) == CMSIS-NN "
                + "v7.0.0%s; per function %s%n", platform.label, r, n, (System.nanoTime() - start) / 1e9,
                platform.target, undefined == 0 ? "" : " (" + undefined + " MVE 1xN cases reading past the input "
                        + "left out)", counts);
    }
}
