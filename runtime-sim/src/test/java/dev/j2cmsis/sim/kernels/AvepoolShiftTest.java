package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shifted average pool against its definition, computed independently here with long arithmetic. */
class AvepoolShiftTest {
    @Test
    void shiftedAverageIsTheTruncatedScaledMeanSaturated() {
        Random r = new Random(12);
        for (int n = 0; n < 2000; n++) {
            int inX = 1 + r.nextInt(9);
            int inY = 1 + r.nextInt(9);
            int ch = 1 + r.nextInt(5);
            int kx = 1 + r.nextInt(inX);
            int ky = 1 + r.nextInt(inY);
            int s = r.nextInt(8);
            int outX = inX - kx + 1;
            int outY = inY - ky + 1;
            byte[] in = new byte[inX * inY * ch];
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) (r.nextBoolean() ? r.nextInt(256) : r.nextInt(9) - 4);
            }
            byte[] out = new byte[outX * outY * ch];
            J2cmsisCustomQ7.j2cmsis_avepool_q7_HWC_nonsquare_shift(in, 0, inX, inY, ch, kx, ky, 0, 0, 1, 1, outX,
                    outY, s, out, 0);
            for (int y = 0; y < outY; y++) {
                for (int x = 0; x < outX; x++) {
                    for (int c = 0; c < ch; c++) {
                        long sum = 0;
                        for (int i = 0; i < ky; i++) {
                            for (int j = 0; j < kx; j++) {
                                sum += in[((y + i) * inX + x + j) * ch + c];
                            }
                        }
                        long v = (sum << s) / (kx * ky);
                        assertEquals((byte) Math.max(-128, Math.min(127, v)), out[(y * outX + x) * ch + c]);
                    }
                }
            }
            if (s == 0) {
                byte[] plain = new byte[out.length];
                J2cmsisCustomQ7.j2cmsis_avepool_q7_HWC_nonsquare(in, 0, inX, inY, ch, kx, ky, 0, 0, 1, 1, outX, outY,
                        plain, 0);
                assertArrayEquals(plain, out);
            }
        }
    }
}
