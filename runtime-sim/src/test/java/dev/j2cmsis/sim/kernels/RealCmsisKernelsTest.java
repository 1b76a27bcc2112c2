package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java kernels (plain-C path) == the real CMSIS-NN of CMSIS_5 5.9.0 compiled from {@code $CMSIS_PATH} with host gcc
 * (the Cortex-M builds are in {@link RealCmsisCortexMKernelsTest}).
 * {@code CMSIS_PATH} is the directory that contains {@code CMSIS/NN}. Skipped when unset. Nothing from CMSIS is
 * copied into this repository: the sources are compiled where they are.
 */
class RealCmsisKernelsTest {

    static final String SKIP = "skipped: CMSIS_PATH not set, no comparison with the real CMSIS-NN 5.9.0";
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private static Path cmsis;
    private static KernelBuilds.Executable driver;

    static Path cmsisRoot() {
        String env = System.getenv("CMSIS_PATH");
        if (env == null || env.isBlank()) {
            if (!REPORTED.getAndSet(true)) {
                System.out.println("[kernels] " + SKIP);
            }
            return null;
        }
        return Paths.get(env).resolve("CMSIS");
    }

    @BeforeAll
    static void compileDriver() throws Exception {
        cmsis = cmsisRoot();
        if (cmsis == null) {
            return;
        }
        driver = KernelBuilds.cmsisDriver(KernelBuilds.Target.HOST, cmsis);
    }

    /**
     * Every kernel with an arm_* function. On the host the real pooling kernels take the plain-C path; the _dsp
     * variants need a DSP core.
     */
    static Stream<Kernel> hostKernels() {
        return Stream.of(Kernel.values()).filter(k -> k.inCmsis() && !k.isDspVariant());
    }

    @ParameterizedTest
    @MethodSource("hostKernels")
    void javaEqualsRealCmsis(Kernel k) throws Exception {
        assumeTrue(cmsis != null, SKIP);
        List<KernelCase> cases = new CaseGenerator(0xC3515L + k.id, false).cases(k, KernelComparison.CASES);
        int n = KernelComparison.compare(driver, cases, k, "cmsis-" + k);
        System.out.println("[kernels] " + k + ": " + n + " cases, Java == CMSIS-NN 5.9.0 (host, plain C)");
    }

    /** The derived Java tables equal sigmoidTable_q7 / tanhTable_q7 of the real arm_nntables.c. */
    @Test
    void derivedTablesEqualArmNnTables() throws Exception {
        Path root = cmsisRoot();
        assumeTrue(root != null, SKIP);
        String text = Files.readString(root.resolve("NN/Source/NNSupportFunctions/arm_nntables.c"));
        assertArrayEquals(parseTable(text, "sigmoidTable_q7"), ArmActivationsQ7.tableQ7(ArmActivationsQ7.ARM_SIGMOID));
        assertArrayEquals(parseTable(text, "tanhTable_q7"), ArmActivationsQ7.tableQ7(ArmActivationsQ7.ARM_TANH));
    }

    static byte[] parseTable(String text, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\s*\\[\\s*256\\s*\\]\\s*=\\s*\\{([^}]*)}").matcher(text);
        assertTrue(m.find(), "table " + name + " not found");
        String[] items = m.group(1).split(",");
        List<Byte> vals = new ArrayList<>();
        for (String it : items) {
            String s = it.trim();
            if (!s.isEmpty()) {
                vals.add((byte) (s.toLowerCase().startsWith("0x") ? Integer.parseInt(s.substring(2), 16)
                        : Integer.parseInt(s)));
            }
        }
        byte[] res = new byte[vals.size()];
        for (int i = 0; i < res.length; i++) {
            res[i] = vals.get(i);
        }
        assertTrue(res.length == 256, name + " has " + res.length + " entries");
        return res;
    }
}
