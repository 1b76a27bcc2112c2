package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.kernels.s8.RealCmsisNnS8Builds.Platform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java s8 kernels ({@link S8Target#PLAIN_C}) == the real CMSIS-NN v7.0.0 from {@code $CMSIS_NN_PATH} compiled with
 * the host gcc: the random cases of {@link S8CaseGenerator} (the generator of the Java-vs-portable tests), every
 * function of kernel_driver_s8.c that CMSIS-NN has (all but the j2cmsis LUT), including the {@code _dsp}/{@code
 * _mve} buffer-size variants, in both roundings (CMSIS-NN built with and without {@code
 * -DCMSIS_NN_USE_SINGLE_ROUNDING}). The Cortex-M runs are in {@link RealCmsisNnS8CortexMTest}. Skipped, with the
 * reason, when {@code CMSIS_NN_PATH} is unset or not v7.0.0, or without gcc.
 */
class RealCmsisNnS8Test {

    /** Cases per function and rounding on the host; override with -Dj2cmsis.s8RealHostCases=N. */
    static final int CASES = Integer.getInteger("j2cmsis.s8RealHostCases", 800);

    /** Every driver function the real CMSIS-NN build provides. */
    static List<S8Function> cmsisFunctions() {
        List<S8Function> fs = new ArrayList<>(List.of(S8Function.values()));
        fs.remove(S8Function.LUT);
        return fs;
    }

    /** A seed per (function, rounding, platform), disjoint from the portable tests' seeds. */
    static long seed(S8Function f, S8Rounding r, Platform platform) {
        return 0x7E_A100_0000L + 1000L * f.id + 10L * r.ordinal() + 100_000L * platform.ordinal();
    }

    static int count(S8Function f, int cases) {
        return f == S8Function.RELU6 || f == S8Function.BUFFER_SIZE_VARIANTS ? Math.max(1, cases / 5) : cases;
    }

    static List<Arguments> functionsAndRoundings() {
        List<Arguments> args = new ArrayList<>();
        for (S8Function f : cmsisFunctions()) {
            for (S8Rounding r : S8Rounding.values()) {
                args.add(Arguments.of(f, r));
            }
        }
        return args;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("functionsAndRoundings")
    void javaEqualsRealCmsisNnOnHost(S8Function f, S8Rounding r) throws Exception {
        S8Builds.Executable exe = RealCmsisNnS8Builds.driver(Platform.HOST, r);
        int n = count(f, CASES);
        List<S8Case> cases = new S8CaseGenerator(seed(f, r, Platform.HOST)).cases(f, n);
        assertEquals(n, S8Driver.compare(exe, cases, Platform.HOST.target, r, "cmsis-host-" + f + "-" + r));
        System.out.println("[s8 real CMSIS-NN] " + f + " " + r + ": " + n + " cases, Java(PLAIN_C) == CMSIS-NN "
                + "v7.0.0 (host)");
    }
}
