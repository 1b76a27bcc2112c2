package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Java kernels == portable C twin (j2cmsis_portable.c), byte for byte, on host gcc; always runs. */
class PortableKernelsTest {

    private static KernelBuilds.Executable driver;

    @BeforeAll
    static void compileDriver() throws Exception {
        driver = KernelBuilds.portableDriver(KernelBuilds.Target.HOST);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void javaEqualsPortableC(Kernel k) throws Exception {
        // the fast conv is compared on any configuration: both sides reproduce the plain-C path
        List<KernelCase> cases = new CaseGenerator(0x5EED_0000L + k.id, false).cases(k, KernelComparison.CASES);
        int n = KernelComparison.compare(driver, cases, k, "portable-" + k);
        System.out.println("[kernels] " + k + ": " + n + " cases, Java == j2cmsis_portable.c");
    }

    @Test
    void fcOptOnInterleavedEqualsFcOnRowMajor() {
        CaseGenerator g = new CaseGenerator(42, false);
        for (KernelCase rowMajor : g.cases(Kernel.FC, 3000)) {
            KernelCase.Result plain = JavaKernels.run(rowMajor, 0);
            KernelCase.Result opt = JavaKernels.run(CaseGenerator.interleaved(rowMajor), 1);
            assertEquals(java.util.Arrays.toString(plain.out()), java.util.Arrays.toString(opt.out()),
                    rowMajor.describe());
        }
    }
}
