package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A LeNet (28x28x1, conv5x5x8 p2, pool, conv5x5x16 fast, pool, FC 400-120 opt, 120-84, 84-10, softmax) run by the
 * Java kernels and by j2cmsis_portable.c compiled with gcc -O2 must give the same checksum. With
 * {@code -Dj2cmsis.bench=N} both time N images (best of three alternating runs) and the Java throughput must
 * reach 0.8x of C.
 */
class LenetBenchTest {

    private static final class Lcg {
        private int state;

        Lcg(int seed) {
            state = seed;
        }

        byte[] fill(byte[] p) {
            for (int i = 0; i < p.length; i++) {
                state = state * 1103515245 + 12345;
                p[i] = (byte) (state >>> 16);
            }
            return p;
        }
    }

    @Test
    void javaLenetEqualsPortableC() throws Exception {
        String bench = System.getProperty("j2cmsis.bench");
        int images = bench == null ? 200 : Integer.parseInt(bench);
        KernelBuilds.Executable exe = KernelBuilds.compile(KernelBuilds.Target.HOST, false, "lenet_bench",
                List.of(KernelBuilds.resource("dev/j2cmsis/sim/kernels/lenet_bench.c"),
                        KernelBuilds.resource(KernelBuilds.PORTABLE_C)), List.of(), List.of(), List.of());
        // the machine is shared: alternate C and Java runs and keep the best time of each
        int reps = bench == null ? 1 : 3;
        long cHash = 0;
        long cNanos = Long.MAX_VALUE;
        long jNanos = Long.MAX_VALUE;
        int h = 0;
        if (bench != null) {
            run(Math.max(1000, images / 5)); // JIT warm-up
        }
        for (int rep = 0; rep < reps; rep++) {
            String[] c = exe.run(List.of(Integer.toString(images)), Duration.ofMinutes(10)).trim().split(" ");
            cHash = Long.parseLong(c[0]);
            cNanos = Math.min(cNanos, Long.parseLong(c[1]));
            long t0 = System.nanoTime();
            h = run(images);
            jNanos = Math.min(jNanos, System.nanoTime() - t0);
        }
        assertEquals(cHash, Integer.toUnsignedLong(h), "LeNet checksum Java vs C");
        double ratio = (double) cNanos / jNanos;
        System.out.println(String.format(Locale.ROOT, "[kernels] LeNet %d images: C -O2 %.1f ms, Java %.1f ms, "
                + "Java speed = %.2fx C", images, cNanos / 1e6, jNanos / 1e6, ratio));
        if (bench != null) {
            assertTrue(ratio >= 0.8, "Java LeNet slower than 0.8x gcc -O2: " + ratio);
        }
    }

    private static int run(int images) {
        Lcg w = new Lcg(1);
        byte[] w1 = w.fill(new byte[8 * 25]);
        byte[] b1 = w.fill(new byte[8]);
        byte[] w2 = w.fill(new byte[16 * 8 * 25]);
        byte[] b2 = w.fill(new byte[16]);
        byte[] w3 = w.fill(new byte[120 * 400]);
        byte[] b3 = w.fill(new byte[120]);
        byte[] w4 = w.fill(new byte[84 * 120]);
        byte[] b4 = w.fill(new byte[84]);
        byte[] w5 = w.fill(new byte[10 * 84]);
        byte[] b5 = w.fill(new byte[10]);
        byte[] img = new byte[28 * 28];
        byte[] a1 = new byte[28 * 28 * 8];
        byte[] p1 = new byte[14 * 14 * 8];
        byte[] a2 = new byte[10 * 10 * 16];
        byte[] p2 = new byte[5 * 5 * 16];
        byte[] f1 = new byte[120];
        byte[] f2 = new byte[84];
        byte[] f3 = new byte[10];
        Lcg in = new Lcg(2);
        int h = 0;
        for (int i = 0; i < images; i++) {
            in.fill(img);
            ArmConvolveQ7.arm_convolve_HWC_q7_basic(img, 0, 28, 1, w1, 0, 8, 5, 2, 1, b1, 0, 0, 7, a1, 0, 28);
            ArmActivationsQ7.arm_relu_q7(a1, 0, a1.length);
            ArmPoolQ7.arm_maxpool_q7_HWC(a1, 0, 28, 8, 2, 0, 2, 14, p1, 0);
            ArmConvolveQ7.arm_convolve_HWC_q7_fast(p1, 0, 14, 8, w2, 0, 16, 5, 0, 1, b2, 0, 0, 9, a2, 0, 10);
            ArmActivationsQ7.arm_relu_q7(a2, 0, a2.length);
            ArmPoolQ7.arm_maxpool_q7_HWC(a2, 0, 10, 16, 2, 0, 2, 5, p2, 0);
            ArmFullyConnectedQ7.arm_fully_connected_q7_opt(p2, 0, w3, 0, 400, 120, 0, 9, b3, 0, f1, 0);
            ArmActivationsQ7.arm_relu_q7(f1, 0, f1.length);
            ArmFullyConnectedQ7.arm_fully_connected_q7(f1, 0, w4, 0, 120, 84, 0, 8, b4, 0, f2, 0);
            ArmActivationsQ7.arm_relu_q7(f2, 0, f2.length);
            ArmFullyConnectedQ7.arm_fully_connected_q7(f2, 0, w5, 0, 84, 10, 0, 8, b5, 0, f3, 0);
            ArmSoftmaxQ7.arm_softmax_q7(f3, 0, 10, f3, 0);
            for (int k = 0; k < 10; k++) {
                h = h * 31 + (f3[k] & 0xFF);
            }
        }
        return h;
    }
}
