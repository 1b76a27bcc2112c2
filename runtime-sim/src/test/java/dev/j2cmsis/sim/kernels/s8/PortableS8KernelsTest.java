package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.testing.NativeToolchain;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java s8 kernels (target {@link S8Target#PLAIN_C}) == j2cmsis_portable_s8.c compiled with the host gcc
 * ({@code -std=c99 -O2 -Wall -Wextra -Werror}), every driver function, both roundings (the C built with and without
 * {@code -DCMSIS_NN_USE_SINGLE_ROUNDING}). A sanitizer build ({@code -fsanitize=address,undefined}) runs a subset.
 * Skipped, with the reason, without gcc.
 */
class PortableS8KernelsTest {

    /** Cases per function and rounding; override with -Dj2cmsis.s8KernelCases=N. */
    static final int CASES = Integer.getInteger("j2cmsis.s8KernelCases", 1500);

    /** Cases per function and rounding of the sanitizer build. */
    static final int SANITIZER_CASES = Integer.getInteger("j2cmsis.s8SanitizerCases", 120);

    private static final Map<S8Rounding, S8Builds.Executable> DRIVERS = new EnumMap<>(S8Rounding.class);

    @BeforeAll
    static void compile() throws Exception {
        if (NativeToolchain.hostGccMissing().isEmpty()) {
            for (S8Rounding r : S8Rounding.values()) {
                DRIVERS.put(r, S8Builds.portableHost(r, List.of(), ""));
            }
        }
    }

    static void assumeGcc() {
        NativeToolchain.hostGccMissing().ifPresent(why -> Assumptions.abort("skipped: no host gcc, " + why));
    }

    /** Every function the portable driver provides (the _dsp/_mve size variants are real-CMSIS only). */
    static List<S8Function> portableFunctions() {
        List<S8Function> fs = new ArrayList<>(List.of(S8Function.values()));
        fs.remove(S8Function.BUFFER_SIZE_VARIANTS);
        return fs;
    }

    static List<Arguments> functionsAndRoundings() {
        List<Arguments> args = new ArrayList<>();
        for (S8Function f : portableFunctions()) {
            for (S8Rounding r : S8Rounding.values()) {
                args.add(Arguments.of(f, r));
            }
        }
        return args;
    }

    /** A seed per (function, rounding, purpose), so every test sees its own deterministic cases. */
    static long seed(S8Function f, S8Rounding r, int purpose) {
        return 0x5_8000_0000L + 1000L * f.id + 10L * r.ordinal() + purpose;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("functionsAndRoundings")
    void javaEqualsPortableCOnHost(S8Function f, S8Rounding r) throws Exception {
        assumeGcc();
        int count = f == S8Function.RELU6 ? 200 : CASES;
        List<S8Case> cases = new S8CaseGenerator(seed(f, r, 0)).cases(f, count);
        int n = S8Driver.compare(DRIVERS.get(r), cases, S8Target.PLAIN_C, r, "host-" + f + "-" + r);
        assertEquals(count, n);
        System.out.println("[s8-kernels] " + f + " " + r + ": " + n + " cases, Java == j2cmsis_portable_s8.c (host)");
    }

    /** arm_convolve_s8 on larger, mostly stride-1 geometries: most of them take the plane loop (PlaneConvS8). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(S8Rounding.class)
    void convolveOnPlaneGeometriesEqualsPortableC(S8Rounding r) throws Exception {
        assumeGcc();
        List<S8Case> cases = new S8CaseGenerator(seed(S8Function.CONVOLVE, r, 2), true).cases(S8Function.CONVOLVE,
                400);
        int n = S8Driver.compare(DRIVERS.get(r), cases, S8Target.PLAIN_C, r, "host-planes-" + r);
        // p: n inH inW inC fN kh kw kc on outH outW outC inOff outOff sx sy px py dx dy
        long planes = cases.stream().map(S8Case::p).filter(p -> PlaneConvS8.applies(new ConvParams(0, 0,
                new CmsisTile(p[14], p[15]), new CmsisTile(p[16], p[17]), new CmsisTile(p[18], p[19]),
                new CmsisActivation(-128, 127)), p[7], p[6], p[5], p[10], p[9])).count();
        System.out.println("[s8-kernels] CONVOLVE " + r + ": " + n + " larger cases (" + planes
                + " through the plane loop), Java == j2cmsis_portable_s8.c (host)");
        org.junit.jupiter.api.Assertions.assertTrue(planes >= n / 2, planes + " of " + n + " took the plane loop");
    }

    /** arm_convolve_1x1_s8_fast on larger images and channel counts (the plane loop's geometries). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(S8Rounding.class)
    void convolve1x1FastOnPlaneGeometriesEqualsPortableC(S8Rounding r) throws Exception {
        assumeGcc();
        List<S8Case> cases = new S8CaseGenerator(seed(S8Function.CONVOLVE_1X1_FAST, r, 2), true)
                .cases(S8Function.CONVOLVE_1X1_FAST, 300);
        int n = S8Driver.compare(DRIVERS.get(r), cases, S8Target.PLAIN_C, r, "host-planes-1x1-" + r);
        System.out.println("[s8-kernels] CONVOLVE_1X1_FAST " + r + ": " + n
                + " larger cases, Java == j2cmsis_portable_s8.c (host)");
    }

    /** The depthwise kernels on larger, mostly stride-1 geometries (the plane loop's, for multiplier 1). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("depthwiseAndRoundings")
    void depthwiseOnPlaneGeometriesEqualsPortableC(S8Function f, S8Rounding r) throws Exception {
        assumeGcc();
        List<S8Case> cases = new S8CaseGenerator(seed(f, r, 2), true).cases(f, 300);
        int n = S8Driver.compare(DRIVERS.get(r), cases, S8Target.PLAIN_C, r, "host-planes-" + f + "-" + r);
        System.out.println("[s8-kernels] " + f + " " + r + ": " + n
                + " larger cases (mostly stride 1), Java == j2cmsis_portable_s8.c (host)");
    }

    static List<Arguments> depthwiseAndRoundings() {
        List<Arguments> args = new ArrayList<>();
        for (S8Function f : List.of(S8Function.DEPTHWISE_WRAPPER, S8Function.DEPTHWISE, S8Function.DEPTHWISE_OPT,
                S8Function.DEPTHWISE_3X3)) {
            for (S8Rounding r : S8Rounding.values()) {
                args.add(Arguments.of(f, r));
            }
        }
        return args;
    }

    @Test
    void portableCIsCleanUnderAddressAndUndefinedSanitizers() throws Exception {
        assumeGcc();
        int total = 0;
        for (S8Rounding r : S8Rounding.values()) {
            S8Builds.Executable exe;
            try {
                exe = S8Builds.portableHost(r, S8Builds.SANITIZER_FLAGS, "_asan");
            } catch (dev.j2cmsis.sim.testing.ToolchainException e) {
                Assumptions.abort("skipped: gcc cannot build with -fsanitize=address,undefined here: "
                        + e.getMessage().lines().findFirst().orElse(""));
                return;
            }
            List<S8Case> cases = new ArrayList<>();
            for (S8Function f : portableFunctions()) {
                cases.addAll(new S8CaseGenerator(seed(f, r, 1)).cases(f, f == S8Function.RELU6 ? 20 : SANITIZER_CASES));
            }
            total += S8Driver.compare(exe, cases, S8Target.PLAIN_C, r, "asan-" + r);
        }
        System.out.println("[s8-kernels] sanitizer build (address, undefined): " + total
                + " cases, no report, Java == C");
    }
}
