package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The convolutions on the geometries {@link PlaneConv} takes (stride 1, runs of 32 outputs and more), against the
 * portable C twin on host gcc: larger images, channel counts and kernels than {@link CaseGenerator} draws, odd and
 * non-square sizes, padding up to and past the kernel size, output sizes beyond the valid ones (extra bottom/right
 * padding), and a few stride-2 layers that keep the im2col loop. Most cases must go through the plane loop.
 */
class PlaneConvKernelsTest {

    private static final int CASES = 400;
    private static KernelBuilds.Executable driver;

    @BeforeAll
    static void compileDriver() throws Exception {
        driver = KernelBuilds.portableDriver(KernelBuilds.Target.HOST);
    }

    @ParameterizedTest
    @EnumSource(value = Kernel.class, names = {"CONV_BASIC", "CONV_FAST", "CONV_BASIC_NONSQUARE",
        "CONV_FAST_NONSQUARE", "CONV_1X1_FAST_NONSQUARE", "DEPTHWISE", "DEPTHWISE_NONSQUARE"})
    void javaEqualsPortableCOnPlaneGeometries(Kernel k) throws Exception {
        Random r = new Random(0x91A_E000L + k.id);
        CaseGenerator data = new CaseGenerator(0x91A_E100L + k.id, false);
        List<KernelCase> cases = new ArrayList<>();
        int planes = 0;
        for (int i = 0; i < CASES; i++) {
            boolean square = k == Kernel.CONV_BASIC || k == Kernel.CONV_FAST || k == Kernel.DEPTHWISE;
            boolean depthwise = k == Kernel.DEPTHWISE || k == Kernel.DEPTHWISE_NONSQUARE;
            boolean oneByOne = k == Kernel.CONV_1X1_FAST_NONSQUARE;
            boolean fast = k == Kernel.CONV_FAST || k == Kernel.CONV_FAST_NONSQUARE || oneByOne;
            int inX = 3 + r.nextInt(22);
            int inY = square ? inX : 3 + r.nextInt(22);
            int kx = oneByOne ? 1 : 1 + r.nextInt(7);
            int ky = square || oneByOne ? kx : 1 + r.nextInt(7);
            int px = oneByOne ? 0 : r.nextInt(4) == 0 ? r.nextInt(9) : r.nextInt(1 + kx / 2);
            int py = square ? px : oneByOne ? 0 : r.nextInt(4) == 0 ? r.nextInt(9) : r.nextInt(1 + ky / 2);
            int sx = oneByOne || r.nextInt(10) != 0 ? 1 : 2;
            int sy = square ? sx : oneByOne || r.nextInt(10) != 0 ? 1 : 2;
            int outX = outDim(r, inX, kx, px, sx);
            int outY = square ? outX : outDim(r, inY, ky, py, sy);
            int chIn = fast && r.nextInt(8) != 0 ? 4 * (1 + r.nextInt(8)) : 1 + r.nextInt(r.nextBoolean() ? 4 : 40);
            int chOut = depthwise && r.nextInt(8) != 0 ? chIn
                    : fast && r.nextInt(8) != 0 ? 2 * (1 + r.nextInt(12)) : 1 + r.nextInt(24);
            int bs = r.nextInt(8);
            int os = r.nextInt(6) == 0 ? r.nextInt(32) : 6 + r.nextInt(8);
            if (PlaneConv.applies(chIn, kx, ky, sx, sy, outX, outY)) {
                planes++;
            }
            int[] p = square ? new int[] {inX, chIn, chOut, kx, px, sx, bs, os, outX}
                    : new int[] {inX, inY, chIn, chOut, kx, ky, px, py, sx, sy, bs, os, outX, outY};
            int wLen = depthwise ? kx * ky * chOut : chOut * chIn * kx * ky;
            cases.add(new KernelCase(k, p, data.data(inX * inY * chIn), data.data(wLen), data.data(chOut),
                    outX * outY * chOut));
        }
        int n = KernelComparison.compare(driver, cases, k, "planes-" + k);
        System.out.println("[kernels] " + k + ": " + n + " larger cases (" + planes
                + " through the plane loop), Java == j2cmsis_portable.c");
        assertTrue(planes >= CASES / 2, "only " + planes + " of " + CASES + " cases took the plane loop");
    }

    /** Usually the windows that fit; sometimes up to three more (the C takes any output size). */
    private static int outDim(Random r, int in, int k, int pad, int stride) {
        int span = in + 2 * pad - k;
        int valid = span >= 0 ? span / stride + 1 : 0;
        return valid >= 1 && r.nextInt(4) != 0 ? valid : 1 + r.nextInt(in + 3);
    }
}
