package dev.j2cmsis.processor.quant.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationStatsTest {

    /** The definition: floor((x - lo) / (hi - lo) * bins), clamped; the class bins faster, to the same bins. */
    private static int naiveBin(double x, double lo, double hi, int bins) {
        return hi == lo ? 0 : Math.min(bins - 1, Math.max(0, (int) ((x - lo) / (hi - lo) * bins)));
    }

    @Test
    void rangesAreMathMinMaxOfTheValuesSignedZerosIncluded() {
        java.util.Random r = new java.util.Random(11);
        float[] pool = {0f, -0f, 1.5f, -2.25f, 3e-39f, -3e-39f, 7f, -7f};
        for (int round = 0; round < 2000; round++) {
            float[] x = new float[r.nextInt(6)];
            for (int k = 0; k < x.length; k++) {
                x[k] = pool[r.nextInt(r.nextBoolean() ? 2 : pool.length)];
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double abs = 0;
            for (float v : x) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                abs = Math.max(abs, Math.abs((double) v));
            }
            ActivationStats s = new ActivationStats(8);
            s.pass1(x);
            String what = java.util.Arrays.toString(x);
            assertEquals(Double.doubleToRawLongBits(lo), Double.doubleToRawLongBits(s.min()), what);
            assertEquals(Double.doubleToRawLongBits(hi), Double.doubleToRawLongBits(s.max()), what);
            assertEquals(Double.doubleToRawLongBits(abs), Double.doubleToRawLongBits(s.maxAbs()), what);
        }
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            ActivationStats s = new ActivationStats(8);
            assertThrows(IllegalArgumentException.class, () -> s.pass1(new float[] {1f, bad, -1f}));
            assertThrows(IllegalArgumentException.class, () -> s.pass1(new float[] {bad}));
            assertEquals(0, s.count(), "a rejected sample leaves the statistics as they were");
        }
    }

    @Test
    void binsEqualTheDefinitionAlsoOnBinBoundariesAndZeros() {
        java.util.Random r = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            int bins = 1 + r.nextInt(r.nextBoolean() ? 16 : 8192);
            float lo = (float) (-r.nextDouble() * Math.pow(10, r.nextInt(7) - 3));
            float hi = (float) (r.nextDouble() * Math.pow(10, r.nextInt(7) - 3));
            float[] x = new float[2000];
            for (int k = 0; k < x.length; k++) {
                x[k] = switch (r.nextInt(4)) {
                    case 0 -> 0f;
                    case 1 -> (float) (lo + (hi - (double) lo) * r.nextInt(bins + 1) / bins); // on a boundary
                    case 2 -> Math.nextUp((float) (lo + (hi - (double) lo) * r.nextInt(bins) / bins));
                    default -> (float) (lo + (hi - (double) lo) * r.nextDouble());
                };
                x[k] = Math.max(lo, Math.min(hi, x[k]));
            }
            x[0] = lo;
            x[1] = hi;
            if (round % 2 == 1) {
                // No value below zero, as after a ReLU (the signed histogram is then the |x| one), -0 included.
                for (int k = 0; k < x.length; k++) {
                    x[k] = k % 7 == 3 ? -0f : Math.abs(x[k]);
                }
                x[0] = 0f;
            }
            ActivationStats s = new ActivationStats(bins);
            s.pass1(x);
            s.startHistograms();
            s.pass2(x);
            long[] abs = new long[bins];
            long[] signed = new long[bins];
            for (float v : x) {
                abs[naiveBin(Math.abs((double) v), 0, s.maxAbs(), bins)]++;
                signed[naiveBin(v, s.min(), s.max(), bins)]++;
            }
            assertArrayEquals(abs, s.absHistogram().counts(), "round " + round);
            assertArrayEquals(signed, s.signedHistogram().counts(), "round " + round);
        }
    }

    @Test
    void rangesAndHistograms() {
        ActivationStats s = new ActivationStats(4);
        float[] a = {-3f, 1f, 0.5f};
        float[] b = {2f, 0f};
        s.pass1(a);
        s.pass1(b);
        assertEquals(5, s.count());
        assertEquals(-3.0, s.min(), 0.0);
        assertEquals(2.0, s.max(), 0.0);
        assertEquals(3.0, s.maxAbs(), 0.0);
        s.startHistograms();
        s.pass2(b);
        assertFalse(s.complete());
        assertThrows(IllegalStateException.class, s::absHistogram);
        s.pass2(a);
        assertTrue(s.complete());
        // |x| over [0, 3], width 0.75: 0, 0.5 | 1 | 2 | 3 (the top edge goes in the last bin).
        Histogram abs = s.absHistogram();
        assertEquals(0.0, abs.lo(), 0.0);
        assertEquals(3.0, abs.hi(), 0.0);
        assertArrayEquals(new long[] {2, 1, 1, 1}, abs.counts());
        // x over [-3, 2], width 1.25: -3 | | 0, 0.5 | 1, 2.
        Histogram signed = s.signedHistogram();
        assertEquals(-3.0, signed.lo(), 0.0);
        assertEquals(2.0, signed.hi(), 0.0);
        assertArrayEquals(new long[] {1, 0, 2, 2}, signed.counts());
        assertEquals(5, signed.total());
    }

    @Test
    void passesMustSeeTheSameData() {
        ActivationStats s = new ActivationStats(8);
        assertThrows(IllegalStateException.class, () -> s.pass2(new float[] {1f}));
        s.pass1(new float[] {1f, -1f});
        s.startHistograms();
        assertThrows(IllegalStateException.class, () -> s.pass1(new float[] {1f}));
        assertThrows(IllegalStateException.class, s::startHistograms);
        assertThrows(IllegalArgumentException.class, () -> s.pass2(new float[] {1.5f}));
        ActivationStats t = new ActivationStats(8);
        t.pass1(new float[] {1f});
        t.startHistograms();
        assertThrows(IllegalStateException.class, () -> t.pass2(new float[] {1f, 1f}));
    }

    @Test
    void rejectsNonFinite() {
        ActivationStats s = new ActivationStats();
        assertThrows(IllegalArgumentException.class, () -> s.pass1(new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> s.pass1(new float[] {Float.NEGATIVE_INFINITY}));
    }

    @Test
    void constantTensorFillsOneBin() {
        ActivationStats s = new ActivationStats(16);
        s.pass1(new float[] {2f, 2f});
        s.startHistograms();
        s.pass2(new float[] {2f, 2f});
        assertEquals(2, s.absHistogram().count(15));
        assertEquals(2, s.signedHistogram().count(0));
        ActivationStats empty = new ActivationStats(16);
        empty.startHistograms();
        assertEquals(0, empty.signedHistogram().total());
    }

    @Test
    void collectorFeedsEveryTensor() {
        StatsCollector c = new StatsCollector(2, 8);
        float[][] run1 = {{1f, 2f}, {-4f}};
        float[][] run2 = {{3f}, {0.5f, 0.25f}};
        c.pass1(run1);
        c.pass1(run2);
        c.startHistograms();
        c.pass2(run1);
        c.pass2(run2);
        assertEquals(3.0, c.stats(0).maxAbs(), 0.0);
        assertEquals(4.0, c.stats(1).maxAbs(), 0.0);
        assertEquals(3, c.stats(1).absHistogram().total());
        assertThrows(IllegalArgumentException.class, () -> c.pass2(new float[][] {{1f}}));
    }

    @Test
    void aTensorGivesOnlyWhatItCollectsAndTheSameAsACompleteOne() {
        float[] a = {-3f, 1f, 0f, 0.5f};
        float[] b = {2f, 0f};
        ActivationStats full = new ActivationStats(16, false);
        ActivationStats range = new ActivationStats(16, false, ActivationStats.Collect.RANGE);
        ActivationStats count = new ActivationStats(16, false, ActivationStats.Collect.COUNT);
        for (ActivationStats s : new ActivationStats[] {full, range, count}) {
            s.pass1(a);
            s.pass1(b);
            s.startHistograms();
            assertEquals(6, s.count());
        }
        full.pass2(a, 0, a.length);
        full.pass2(new float[] {9f, 2f, 0f, 9f}, 1, 3);   // a slice: the values 2 and 0
        assertTrue(full.complete());
        assertEquals(full.min(), range.min(), 0.0);
        assertEquals(full.max(), range.max(), 0.0);
        assertEquals(full.maxAbs(), range.maxAbs(), 0.0);
        assertEquals(2, range.zeros());
        // |x| over [0, 3] in bins of 0.1875: 0, 0 | 0.5 (bin 2) | 1 (bin 5) | 2 (bin 10) | 3 (the last).
        assertArrayEquals(new long[] {2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1},
                full.absHistogram().counts());
        // Reading what was not collected fails at once, rather than reading zeros.
        assertThrows(IllegalStateException.class, range::absHistogram);
        assertThrows(IllegalStateException.class, () -> range.pass2(a));
        assertThrows(IllegalStateException.class, count::min);
        assertThrows(IllegalStateException.class, count::maxAbs);
        assertThrows(IllegalStateException.class, count::zeros);
        assertFalse(range.complete());
    }

    /**
     * {@code PLOT} (the legacy report's plot of a tensor no range method reads) bins the signed histogram only: the
     * same counts as a tensor collecting both, with and without negative values, for -0 as the minimum and for no
     * value at all; the |x| histogram is not there to read, and pass 2 still rejects a value outside pass 1's range.
     */
    @Test
    void aPlottedTensorHasTheSignedHistogramOfACompleteOneAndNoOther() {
        java.util.Random random = new java.util.Random(7);
        float[] mixed = new float[5000];
        float[] nonNegative = new float[5000];
        for (int k = 0; k < mixed.length; k++) {
            mixed[k] = (float) (random.nextGaussian() * 3);
            nonNegative[k] = k % 3 == 0 ? 0f : Math.abs(mixed[k]);
        }
        float[] negativeZero = {-0f, 1.5f, 0.25f, -0f, 3f};
        for (float[] x : new float[][] {mixed, nonNegative, negativeZero, {}}) {
            ActivationStats full = new ActivationStats(64, true);
            ActivationStats plot = new ActivationStats(64, true, ActivationStats.Collect.PLOT);
            for (ActivationStats s : new ActivationStats[] {full, plot}) {
                s.pass1(java.util.Arrays.copyOfRange(x, 0, x.length / 2));
                s.pass1(java.util.Arrays.copyOfRange(x, x.length / 2, x.length));
                s.startHistograms();
                s.pass2(x);
                assertTrue(s.complete());
            }
            assertArrayEquals(full.signedHistogram().counts(), plot.signedHistogram().counts());
            assertEquals(full.signedHistogram().lo(), plot.signedHistogram().lo(), 0.0);
            assertEquals(full.signedHistogram().hi(), plot.signedHistogram().hi(), 0.0);
            assertEquals(x.length, java.util.Arrays.stream(plot.signedHistogram().counts()).sum());
            assertThrows(IllegalStateException.class, plot::absHistogram);
        }
        ActivationStats plot = new ActivationStats(64, true, ActivationStats.Collect.PLOT);
        plot.pass1(new float[] {-1f, 2f});
        plot.startHistograms();
        assertThrows(IllegalArgumentException.class, () -> plot.pass2(new float[] {-1f, 2.5f}));
        assertFalse(plot.complete());
        assertThrows(IllegalArgumentException.class,
                () -> new ActivationStats(64, false, ActivationStats.Collect.PLOT));
    }
}
