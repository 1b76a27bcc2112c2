package dev.j2cmsis.processor.quant.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqnrAccumulatorTest {

    @Test
    void knownSignalAndNoise() {
        // Signal 3^2 + 4^2 = 25, noise (4 - 3)^2 = 1: 10 log10(25) dB.
        assertEquals(10 * Math.log10(25), Metrics.sqnrDb(new float[] {3f, 4f}, new byte[] {3, 3}, 0), 1e-12);
        // frac 2: 10.25 -> 41 / 4 exactly; 10.3 -> rint(41.2) = 41, error 0.05.
        SqnrAccumulator a = new SqnrAccumulator(2);
        a.add(new float[] {10.25f, -10.3f});
        double x2 = 10.3f;
        double e = x2 - 10.25;
        assertEquals(10.25 * 10.25 + x2 * x2, a.signalEnergy(), 1e-12);
        assertEquals(e * e, a.noiseEnergy(), 1e-15);
        assertEquals(10 * Math.log10((10.25 * 10.25 + x2 * x2) / (e * e)), a.sqnrDb(), 1e-9);
    }

    @Test
    void accumulatesOverSamples() {
        SqnrAccumulator split = new SqnrAccumulator(3);
        split.add(new float[] {0.1f, -0.7f});
        split.add(new float[] {1.3f});
        SqnrAccumulator whole = new SqnrAccumulator(3);
        whole.add(new float[] {0.1f, -0.7f, 1.3f});
        assertEquals(3, split.count());
        assertEquals(whole.sqnrDb(), split.sqnrDb(), 0.0);
    }

    @Test
    void exactAndEmptySignals() {
        SqnrAccumulator exact = new SqnrAccumulator(4);
        exact.add(new float[] {0.5f, -1.25f, 7.9375f});
        assertEquals(Double.POSITIVE_INFINITY, exact.sqnrDb());
        SqnrAccumulator zero = new SqnrAccumulator(4);
        zero.add(new float[] {0f, 0f});
        assertTrue(Double.isNaN(zero.sqnrDb()));
        assertEquals(0.0, zero.saturationFraction(), 0.0);
        SqnrAccumulator none = new SqnrAccumulator(4);
        assertTrue(Double.isNaN(none.sqnrDb()));
        assertTrue(Double.isNaN(none.saturationFraction()));
    }

    @Test
    void countsSaturation() {
        // frac 4: codes -128..127 hold -8 .. 7.9375; rint rounds half to even.
        assertFalse(Metrics.saturates(7.9375, 4));
        assertFalse(Metrics.saturates(7.95, 4)); // 127.2 -> 127
        assertTrue(Metrics.saturates(7.96875, 4)); // 127.5 -> 128
        assertFalse(Metrics.saturates(-8.0, 4)); // -128
        assertFalse(Metrics.saturates(-8.03125, 4)); // -128.5 -> -128
        assertTrue(Metrics.saturates(-8.0625, 4)); // -129
        SqnrAccumulator a = new SqnrAccumulator(4);
        a.add(new float[] {7.9375f, 7.95f, 7.96875f, -8f});
        a.add(new float[] {-8.03125f, -8.0625f, 100f, 0f});
        assertEquals(8, a.count());
        assertEquals(3, a.saturated());
        assertEquals(3.0 / 8, a.saturationFraction(), 0.0);
        // A simulator output is judged on its float reference.
        SqnrAccumulator b = new SqnrAccumulator(4);
        b.add(new float[] {100f, 1f}, new byte[] {127, 16});
        assertEquals(0.5, b.saturationFraction(), 0.0);
    }
}
