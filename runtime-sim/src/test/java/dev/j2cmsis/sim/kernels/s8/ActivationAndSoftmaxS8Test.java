package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int8 sigmoid/tanh tables and the s8 softmax against the real functions they quantize (computed in double
 * here), within the rounding the int8 output allows.
 */
class ActivationAndSoftmaxS8Test {

    @Test
    void sigmoidAndTanhTablesQuantizeTheFunctions() {
        Random rnd = new Random(0x5_16L);
        int tables = 0;
        for (int t = 0; t < 200; t++) {
            float scale = (float) (0.002 + rnd.nextDouble() * 0.2);
            int zp = rnd.nextInt(256) - 128;
            byte[] sig = J2cmsisActivationS8.sigmoidTable(scale, zp);
            byte[] tanh = J2cmsisActivationS8.tanhTable(scale, zp);
            for (int v = -128; v <= 127; v++) {
                double x = (double) scale * (v - zp);
                long es = Math.round(256 / (1 + Math.exp(-x))) - 128;
                long et = Math.round(128 * Math.tanh(x));
                int gs = sig[v & 0xFF];
                int gt = tanh[v & 0xFF];
                // Float evaluation may move a value sitting on a rounding boundary by one step.
                String where = scale + " " + zp + " " + v;
                assertTrue(Math.abs(Math.min(Math.max(es, -128), 127) - gs) <= 1, "sigmoid " + where);
                assertTrue(Math.abs(Math.min(Math.max(et, -128), 127) - gt) <= 1, "tanh " + where);
                if (v > -128) {
                    assertTrue(sig[v & 0xFF] >= sig[(v - 1) & 0xFF] && tanh[v & 0xFF] >= tanh[(v - 1) & 0xFF],
                            "monotone");
                }
            }
            // At the zero point the real input is 0: sigmoid 0.5 -> 0, tanh 0 -> 0.
            assertEquals(0, sig[zp & 0xFF]);
            assertEquals(0, tanh[zp & 0xFF]);
            tables += 2;
        }
        byte[] in = {-128, -1, 0, 1, 127};
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (byte) (255 - i);
        }
        byte[] out = new byte[5];
        J2cmsisActivationS8.lookup(table, in, 0, out, 0, 5);
        assertEquals(127, out[0]); // index 0x80 -> 127
        assertEquals(0, out[1]); // index 0xFF -> 0
        assertEquals(-1, out[2]); // index 0 -> 255
        System.out.println("[s8-kernels] sigmoid/tanh tables within one step of the real functions: " + tables
                + " tables");
    }

    @Test
    void softmaxIsWithinTwoStepsOfTheRealSoftmax() {
        Random rnd = new Random(0x5_50F7L);
        int rows = 0;
        for (int t = 0; t < 2000; t++) {
            int size = 1 + rnd.nextInt(60);
            double scale = 0.01 + rnd.nextDouble() * 0.3;
            NnSupportS8.QuantizedMultiplier q = NnSupportS8.preprocessSoftmaxScaling(1.0, scale, 5,
                    S8Rounding.DOUBLE);
            int diffMin = -NnSupportS8.calculateInputRadius(5, q.shift(), 31);
            byte[] in = new byte[size];
            rnd.nextBytes(in);
            byte[] out = new byte[size];
            ArmSoftmaxS8.arm_softmax_s8(in, 0, 1, size, q.multiplier(), q.shift(), diffMin, out, 0);
            double max = -1e9;
            for (byte b : in) {
                max = Math.max(max, b);
            }
            double sum = 0;
            for (byte b : in) {
                sum += Math.exp(scale * (b - max));
            }
            for (int i = 0; i < size; i++) {
                double prob = Math.exp(scale * (in[i] - max)) / sum;
                long expected = Math.min(Math.max(Math.round(prob * 256) - 128, -128), 127);
                assertTrue(Math.abs(expected - out[i]) <= 2, "size " + size + " scale " + scale + " i " + i + ": "
                        + expected + " vs " + out[i]);
            }
            rows++;
        }
        System.out.println("[s8-kernels] arm_softmax_s8 within 2 LSB of the real softmax: " + rows + " rows");
    }
}
