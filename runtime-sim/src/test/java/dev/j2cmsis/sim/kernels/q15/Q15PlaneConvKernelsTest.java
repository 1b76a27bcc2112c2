package dev.j2cmsis.sim.kernels.q15;

import dev.j2cmsis.sim.kernels.q15.Q15Harness.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The q15 convolutions on the stride-1 geometries the plane loop of {@code ArmConvolveQ15} takes (runs of 32 outputs
 * and more), against the portable C twin on host gcc: larger images, channel counts and kernels than
 * {@link Q15CaseGenerator} draws, odd and non-square sizes, padding past the kernel size, output sizes beyond the
 * valid ones, full-range data (the int32 sums wrap), and a few stride-2 layers.
 */
class Q15PlaneConvKernelsTest {

    private static final int CASES = 300;

    @ParameterizedTest
    @EnumSource(value = Q15Kernel.class, names = {"CONV_BASIC", "CONV_FAST", "CONV_FAST_NONSQUARE"})
    void javaEqualsPortableCOnPlaneGeometries(Q15Kernel k) throws Exception {
        Q15Harness.assumeAvailable(Target.HOST);
        Path exe = Q15Harness.portableDriver(Target.HOST);
        Random r = new Random(0x91A_F000L + k.id);
        Q15CaseGenerator data = new Q15CaseGenerator(0x91A_F100L + k.id, false);
        List<Q15Case> cases = new ArrayList<>();
        boolean square = k != Q15Kernel.CONV_FAST_NONSQUARE;
        for (int i = 0; i < CASES; i++) {
            int inX = 3 + r.nextInt(20);
            int inY = square ? inX : 3 + r.nextInt(20);
            int kx = 1 + r.nextInt(6);
            int ky = square ? kx : 1 + r.nextInt(6);
            int px = r.nextInt(4) == 0 ? r.nextInt(8) : r.nextInt(1 + kx / 2);
            int py = square ? px : r.nextInt(4) == 0 ? r.nextInt(8) : r.nextInt(1 + ky / 2);
            int sx = r.nextInt(10) != 0 ? 1 : 2;
            int sy = square ? sx : r.nextInt(10) != 0 ? 1 : 2;
            int outX = outDim(r, inX, kx, px, sx);
            int outY = square ? outX : outDim(r, inY, ky, py, sy);
            int chIn = k != Q15Kernel.CONV_BASIC && r.nextInt(8) != 0 ? 2 * (1 + r.nextInt(12)) : 1 + r.nextInt(24);
            int chOut = k != Q15Kernel.CONV_BASIC && r.nextInt(8) != 0 ? 2 * (1 + r.nextInt(10)) : 1 + r.nextInt(20);
            int bs = r.nextInt(12);
            int os = r.nextInt(6) == 0 ? r.nextInt(32) : 10 + r.nextInt(10);
            int[] p = square ? new int[] {inX, chIn, chOut, kx, px, sx, bs, os, outX}
                    : new int[] {inX, inY, chIn, chOut, kx, ky, px, py, sx, sy, bs, os, outX, outY};
            cases.add(new Q15Case(k, p, data.q15(inX * inY * chIn), data.q15(chOut * chIn * kx * ky),
                    data.q15(chOut), outX * outY * chOut));
        }
        int n = Q15Harness.compare(exe, Target.HOST, cases, k, "planes-" + k.name().toLowerCase(java.util.Locale.ROOT));
        System.out.println(Q15Harness.LOG + k + ": " + n + " larger cases, Java == j2cmsis_portable_q15.c (host)");
    }

    /** Usually the windows that fit; sometimes up to three more. */
    private static int outDim(Random r, int in, int k, int pad, int stride) {
        int span = in + 2 * pad - k;
        int valid = span >= 0 ? span / stride + 1 : 0;
        return valid >= 1 && r.nextInt(4) != 0 ? valid : 1 + r.nextInt(in + 3);
    }
}
