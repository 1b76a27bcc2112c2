package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;

/** Runs a batch through a compiled driver and through Java, and fails on the first differing byte. */
final class KernelComparison {

    /** Cases per function; override with -Dj2cmsis.kernelCases=N. */
    static final int CASES = Integer.getInteger("j2cmsis.kernelCases", 2000);

    private KernelComparison() {
    }

    /**
     * @param javaKernel the Java method family to compare against (a plain or a _dsp variant)
     * @param driverKernel the driver function id to call
     * @return the number of cases compared
     */
    static int compare(KernelBuilds.Executable driver, List<KernelCase> cases, Kernel driverKernel, String label)
            throws IOException {
        List<KernelCase> forDriver = cases.stream()
                .map(kc -> new KernelCase(driverKernel, kc.p(), kc.a(), kc.b(), kc.c(), kc.outLen())).toList();
        List<KernelCase.Result> cResults = KernelDriver.run(driver, forDriver, label);
        for (int i = 0; i < cases.size(); i++) {
            KernelCase kc = cases.get(i);
            KernelCase.Result j = JavaKernels.run(kc, i);
            KernelCase.Result c = cResults.get(i);
            String where = label + " case " + i + ": " + kc.describe();
            if (c.status() == -100) {
                fail("driver does not provide " + driverKernel + ": " + where);
            }
            if (j.status() != c.status()) {
                fail("status Java " + j.status() + " != C " + c.status() + " in " + where);
            }
            firstMismatch(where, "output", j.out(), c.out(), kc);
            firstMismatch(where, "input after the call", j.aAfter(), c.aAfter(), kc);
        }
        return cases.size();
    }

    private static void firstMismatch(String where, String what, byte[] java, byte[] c, KernelCase kc) {
        if (java.length != c.length) {
            fail(what + " length Java " + java.length + " != C " + c.length + " in " + where);
        }
        for (int i = 0; i < java.length; i++) {
            if (java[i] != c[i]) {
                HexFormat hex = HexFormat.of();
                fail(what + " byte " + i + ": Java " + java[i] + " != C " + c[i] + " in " + where + "\n A="
                        + hex.formatHex(kc.a()) + "\n B=" + hex.formatHex(kc.b()) + "\n C=" + hex.formatHex(kc.c()));
            }
        }
    }
}
