package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.testing.NativeToolchain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the Java s8 kernels next to j2cmsis_portable_s8.c compiled with gcc -O2, on the shapes of
 * s8_kernel_bench.c (conv 3x3 16x16x16 -> 32, conv 1x1 16x16x32 -> 32, depthwise 3x3 32x32x32, FC 1024 -> 64;
 * inputs from the same LCG). The test checks that both sides compute the same output (FNV-1a) with a few
 * iterations; {@code -Dj2cmsis.s8bench=N} times N calls per run (best of 5 runs after warm-up) and prints the table
 * BENCHMARKS.md quotes. Also runnable as a program: {@code main(iterations)}.
 */
class S8KernelBenchTest {

    static final String BENCH_C = "dev/j2cmsis/sim/kernels/s8/s8_kernel_bench.c";
    static final String[] NAMES = {"conv3x3", "conv1x1", "depthwise3x3", "fc"};
    static final long[] MACS = {16L * 16 * 32 * 9 * 16, 16L * 16 * 32 * 32, 32L * 32 * 32 * 9, 1024L * 64};
    static final int[] IN_LEN = {16 * 16 * 16, 16 * 16 * 32, 32 * 32 * 32, 1024};
    static final int[] W_LEN = {32 * 9 * 16, 32 * 32, 9 * 32, 1024 * 64};
    static final int[] OUT_LEN = {16 * 16 * 32, 16 * 16 * 32, 32 * 32 * 32, 64};

    private int lcg;

    private void fill(byte[] p, int n) {
        for (int i = 0; i < n; i++) {
            lcg = lcg * 1103515245 + 12345;
            p[i] = (byte) (lcg >>> 16);
        }
    }

    private void fillBias(int[] p) {
        for (int i = 0; i < p.length; i++) {
            lcg = lcg * 1103515245 + 12345;
            p[i] = (lcg >>> 16) % 4096;
        }
    }

    static int fnv(byte[] p, int n) {
        int h = 0x811C9DC5;
        for (int i = 0; i < n; i++) {
            h ^= p[i] & 0xFF;
            h *= 16777619;
        }
        return h;
    }

    private final int[] mult = new int[64];
    private final int[] shift = new int[64];
    private final int[] bias = new int[64];
    private final byte[] ctx = new byte[4096];

    S8KernelBenchTest() {
        for (int i = 0; i < 64; i++) {
            mult[i] = (1 << 30) + i * 1000003;
            shift[i] = -8 - (i % 3);
        }
    }

    private void run(int k, byte[] in, byte[] w, byte[] out) {
        PerChannelQuantParams q = new PerChannelQuantParams(mult, shift);
        CmsisTile one = new CmsisTile(1, 1);
        ConvParams cp = new ConvParams(3, -5, one, one, one, CmsisActivation.NONE);
        S8Rounding r = S8Rounding.DOUBLE;
        S8Target t = S8Target.PLAIN_C;
        switch (k) {
            case 0 -> ArmConvolveS8.arm_convolve_wrapper_s8(t, r, ctx, cp, q, new CmsisDims(1, 16, 16, 16), in, 0,
                    new CmsisDims(32, 3, 3, 16), w, 0, bias, new CmsisDims(1, 16, 16, 32), out, 0);
            case 1 -> ArmConvolveS8.arm_convolve_wrapper_s8(t, r, ctx,
                    new ConvParams(3, -5, one, new CmsisTile(0, 0), one, CmsisActivation.NONE), q,
                    new CmsisDims(1, 16, 16, 32), in, 0, new CmsisDims(32, 1, 1, 32), w, 0, bias,
                    new CmsisDims(1, 16, 16, 32), out, 0);
            case 2 -> ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8(t, r, ctx,
                    new DwConvParams(3, -5, 1, one, one, one, CmsisActivation.NONE), q, new CmsisDims(1, 32, 32, 32),
                    in, 0, new CmsisDims(1, 3, 3, 32), w, 0, bias, new CmsisDims(1, 32, 32, 32), out, 0);
            default -> ArmFullyConnectedS8.arm_fully_connected_s8(t, r, null,
                    new FcParams(3, 0, -5, CmsisActivation.NONE), new PerTensorQuantParams(1 << 30, -9),
                    new CmsisDims(1, 1, 1, 1024), in, 0, new CmsisDims(1024, 1, 1, 64), w, 0, bias,
                    new CmsisDims(1, 1, 1, 64), out, 0);
        }
    }

    /** Per kernel: best µs per call over 5 runs of {@code iterations} calls, and the output hash. */
    double[][] measureJava(int iterations) {
        double[][] result = new double[4][2];
        byte[] in = new byte[32 * 32 * 32];
        byte[] w = new byte[1024 * 64];
        byte[] out = new byte[32 * 32 * 32];
        for (int k = 0; k < 4; k++) {
            lcg = 12345 + k;
            fill(in, IN_LEN[k]);
            fill(w, W_LEN[k]);
            fillBias(bias);
            // Warm up for half a second (at least 3 calls), so the JIT has compiled the loops before timing.
            long warmEnd = System.nanoTime() + 500_000_000L;
            for (int warm = 0; warm < 3 || System.nanoTime() < warmEnd; warm++) {
                run(k, in, w, out);
            }
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    run(k, in, w, out);
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e3 / iterations);
            }
            result[k][0] = best;
            result[k][1] = fnv(out, OUT_LEN[k]);
        }
        return result;
    }

    static double[][] measureC(int iterations) throws Exception {
        S8Builds.resource(S8Builds.PORTABLE_H);
        Path exe = S8Builds.TOOLCHAIN.compileHost(S8Builds.workDir().resolve("s8_kernel_bench"),
                List.of(S8Builds.resource(BENCH_C), S8Builds.resource(S8Builds.PORTABLE_C)),
                List.of(S8Builds.workDir()), List.of(), List.of());
        String out = new S8Builds.Executable(exe, false).run(List.of(Integer.toString(iterations)),
                Duration.ofMinutes(10));
        double[][] result = new double[4][2];
        List<String> lines = new ArrayList<>(out.lines().toList());
        for (int k = 0; k < 4; k++) {
            String[] f = lines.get(k).trim().split(" ");
            assertEquals(NAMES[k], f[0]);
            result[k][0] = Double.parseDouble(f[1]);
            result[k][1] = (int) Long.parseLong(f[2]);
        }
        return result;
    }

    @Test
    void javaAndPortableCComputeTheSameBenchmarkOutputs() throws Exception {
        NativeToolchain.hostGccMissing().ifPresent(why -> Assumptions.abort("skipped: no host gcc, " + why));
        String prop = System.getProperty("j2cmsis.s8bench");
        int iterations = prop == null ? 1 : Integer.parseInt(prop);
        double[][] c = measureC(iterations);
        double[][] j = measureJava(iterations);
        for (int k = 0; k < 4; k++) {
            assertEquals((int) c[k][1], (int) j[k][1], NAMES[k] + " output hash");
        }
        System.out.println("[s8-kernels] benchmark shapes: Java output == portable C output for " + NAMES.length
                + " kernels");
        if (prop != null) {
            System.out.println(table(j, c));
        }
    }

    static String table(double[][] j, double[][] c) {
        StringBuilder sb = new StringBuilder(
                "| kernel | MACs | Java µs | Java MMAC/s | C -O2 µs | C MMAC/s | Java/C |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (int k = 0; k < 4; k++) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.0f | %.1f | %.0f | %.2fx |%n", NAMES[k],
                    MACS[k], j[k][0], MACS[k] / j[k][0], c[k][0], MACS[k] / c[k][0], c[k][0] / j[k][0]));
        }
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        System.out.println(table(new S8KernelBenchTest().measureJava(iterations), measureC(iterations)));
    }
}
