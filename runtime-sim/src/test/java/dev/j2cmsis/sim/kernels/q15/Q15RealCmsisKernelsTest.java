package dev.j2cmsis.sim.kernels.q15;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.kernels.ArmActivationsQ15;
import dev.j2cmsis.sim.kernels.q15.Q15Harness.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java q15 kernels == the real CMSIS-NN of CMSIS_5 5.9.0, compiled in place from {@code $CMSIS_PATH} (the directory
 * holding {@code CMSIS/}; nothing of CMSIS is copied into this repository), on the three paths the legacy kernels
 * have:
 * <ul>
 * <li>host gcc and {@code -mcpu=cortex-m3} under QEMU, the plain-C path: every kernel against the plain Java
 * method;</li>
 * <li>{@code -mcpu=cortex-m4} under QEMU, the {@code ARM_MATH_DSP} path: {@code arm_convolve_HWC_q15_fast} against
 * {@code arm_convolve_HWC_q15_fast_dsp} (odd outputs included: both return -3), {@code _fast_nonsquare} on even output
 * widths only (odd widths corrupt the DSP result, see its Javadoc), everything else against the plain method.</li>
 * </ul>
 * The j2cmsis-only conversions and q15 pools have no CMSIS counterpart and are left out. Skipped, with the reason
 * printed, when {@code CMSIS_PATH} is unset or the ARM toolchain or QEMU is missing.
 */
class Q15RealCmsisKernelsTest {

    static Stream<Arguments> targetsAndKernels() {
        return Stream.of(Target.values()).flatMap(t -> Stream.of(Q15Kernel.values())
                .filter(k -> !k.custom())
                .filter(k -> k != (t.dsp() ? Q15Kernel.CONV_FAST : Q15Kernel.CONV_FAST_DSP))
                .map(k -> Arguments.of(t, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targetsAndKernels")
    void javaEqualsRealCmsis(Target target, Q15Kernel k) throws Exception {
        Path cmsis = Q15Harness.assumeCmsis();
        Q15Harness.assumeAvailable(target);
        Path exe = Q15Harness.cmsisDriver(target, cmsis);
        int n = target.qemu() ? Q15Harness.QEMU_CASES : Q15Harness.HOST_CASES;
        List<Q15Case> cases = new ArrayList<>(new Q15CaseGenerator(0xC3_5150L + 0x100L * target.ordinal() + k.id,
                target.dsp()).cases(k, n));
        String extra = "";
        if (k == Q15Kernel.ACTIVATIONS) {
            for (int w = 0; w <= 3; w++) {
                cases.addAll(Q15CaseGenerator.activationSweep(w, ArmActivationsQ15.ARM_SIGMOID));
                cases.addAll(Q15CaseGenerator.activationSweep(w, ArmActivationsQ15.ARM_TANH));
            }
            extra = " (incl. all 65536 inputs x int_width 0..3 x sigmoid/tanh)";
        }
        // the driver's id 1 or 2 is the real arm_convolve_HWC_q15_fast on the path this build takes
        int compared = Q15Harness.compare(exe, target, cases, k,
                "cmsis" + target.suffix() + "-" + k.name().toLowerCase(Locale.ROOT));
        String path = target.dsp() ? "ARM_MATH_DSP path" : "plain C";
        System.out.println(Q15Harness.LOG + k + ": " + compared + " cases" + extra + ", Java == CMSIS-NN 5.9.0 ("
                + target.label + (target.qemu() ? ", QEMU, " : ", ") + path + ")");
    }

    /**
     * Documents dossier section 9 item 6 instead of hiding it: on the DSP path, odd output widths of
     * {@code arm_convolve_HWC_q15_fast_nonsquare} differ from the reference (which the plain path computes).
     */
    @Test
    void fastNonsquareOddWidthDivergesOnTheDspPath() throws Exception {
        Path cmsis = Q15Harness.assumeCmsis();
        Q15Harness.assumeAvailable(Target.CORTEX_M4);
        Path exe = Q15Harness.cmsisDriver(Target.CORTEX_M4, cmsis);
        Q15CaseGenerator g = new Q15CaseGenerator(0x0DD, false);
        List<Q15Case> odd = new ArrayList<>();
        while (odd.size() < 40) {
            Q15Case kc = g.next(Q15Kernel.CONV_FAST_NONSQUARE);
            // odd width, valid channel counts, more than one row, non-trivial data so a misplaced pixel shows
            if ((kc.p()[12] & 1) == 1 && kc.p()[2] % 2 == 0 && kc.p()[3] % 2 == 0 && kc.p()[13] > 1) {
                odd.add(kc);
            }
        }
        List<Q15Case.Result> c = Q15Harness.runDriver(exe, Target.CORTEX_M4, odd, "cmsis-m4-nonsquare-odd");
        int differ = 0;
        for (int i = 0; i < odd.size(); i++) {
            if (!java.util.Arrays.equals(JavaQ15Kernels.run(odd.get(i), i).out(), c.get(i).out())) {
                differ++;
            }
        }
        System.out.println(Q15Harness.LOG + "CONV_FAST_NONSQUARE odd out_x on the DSP path: " + differ + "/"
                + odd.size() + " differ from the reference (documented divergence)");
        assertTrue(differ > odd.size() / 2, "expected the DSP path to diverge on odd widths, " + differ + " differ");
    }

    /** The derived Java tables equal sigmoidTable_q15 / tanhTable_q15 of the real arm_nntables.c. */
    @Test
    void derivedTablesEqualArmNnTables() throws Exception {
        Path cmsis = Q15Harness.assumeCmsis();
        String text = Files.readString(cmsis.resolve("CMSIS/NN/Source/NNSupportFunctions/arm_nntables.c"));
        assertArrayEquals(parseTable(text, "sigmoidTable_q15"),
                ArmActivationsQ15.tableQ15(ArmActivationsQ15.ARM_SIGMOID));
        assertArrayEquals(parseTable(text, "tanhTable_q15"), ArmActivationsQ15.tableQ15(ArmActivationsQ15.ARM_TANH));
    }

    static short[] parseTable(String text, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s*\\[\\s*256\\s*\\]\\s*=\\s*\\{([^}]*)}").matcher(text);
        assertTrue(m.find(), "table " + name + " not found");
        List<Short> vals = new ArrayList<>();
        for (String it : m.group(1).split(",")) {
            String s = it.trim();
            if (!s.isEmpty()) {
                vals.add((short) (s.toLowerCase(Locale.ROOT).startsWith("0x") ? Integer.parseInt(s.substring(2), 16)
                        : Integer.parseInt(s)));
            }
        }
        assertEquals(256, vals.size(), name + " entries");
        short[] res = new short[256];
        for (int i = 0; i < 256; i++) {
            res[i] = vals.get(i);
        }
        return res;
    }
}
