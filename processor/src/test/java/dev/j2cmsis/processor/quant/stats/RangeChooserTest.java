package dev.j2cmsis.processor.quant.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.processor.quant.QFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeChooserTest {

    /** Both passes of ActivationStats over the given samples. */
    static ActivationStats stats(List<float[]> samples) {
        ActivationStats s = new ActivationStats();
        samples.forEach(s::pass1);
        s.startHistograms();
        samples.forEach(s::pass2);
        return s;
    }

    /** 99.9% N(0, 1), 0.1% outliers at +-50, in 20 samples of 10 000 values. */
    static List<float[]> heavyTailed(long seed) {
        Random r = new Random(seed);
        List<float[]> samples = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            float[] x = new float[10_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 1000 == 7 ? (r.nextBoolean() ? 50f : -50f) : (float) r.nextGaussian();
            }
            samples.add(x);
        }
        return samples;
    }

    /** n evenly spaced values (k + 0.5) / n * a, k = 0..n-1, alternately signed. */
    static float[] ramp(int n, double a) {
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) ((k % 2 == 0 ? 1 : -1) * (k + 0.5) / n * a);
        }
        return x;
    }

    @Test
    void minmaxIsTheOldRule() {
        Random r = new Random(1);
        double[] scales = {1e-3, 0.4, 0.5, 1.0, 1.0000001, 1.5, 2.0, 3.99, 7.9375, 50, 127, 128, 1000};
        for (double scale : scales) {
            List<float[]> samples = new ArrayList<>();
            double oldMax = 0;
            for (int k = 0; k < 5; k++) {
                float[] x = new float[1000];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (scale * (2 * r.nextDouble() - 1));
                    oldMax = Math.max(oldMax, Math.abs(x[i]));
                }
                samples.add(x);
            }
            Histogram h = stats(samples).absHistogram();
            assertEquals(oldMax, RangeChooser.threshold(h, RangeMethod.minmax()), 0.0);
            assertEquals(QFormat.fracFor(oldMax), RangeChooser.chooseFrac(h, RangeMethod.minmax()), "scale " + scale);
        }
        // Exact powers of two: 1.0 still gets frac 7, as before.
        Histogram one = stats(List.of(new float[] {1f, -0.25f})).absHistogram();
        assertEquals(7, RangeChooser.chooseFrac(one, RangeMethod.minmax()));
        Histogram zero = stats(List.of(new float[] {0f, -0f})).absHistogram();
        for (RangeMethod m : List.of(RangeMethod.minmax(), RangeMethod.percentile(99), RangeMethod.kld())) {
            assertEquals(7, RangeChooser.chooseFrac(zero, m), m.text());
            assertEquals(0.0, RangeChooser.threshold(zero, m), 0.0);
        }
    }

    @Test
    void percentileOfRampIsAnalytic() {
        int n = 100_000;
        double a = 3.0;
        Histogram h = stats(List.of(ramp(n, a))).absHistogram();
        for (double p : new double[] {1, 25, 50, 90, 99, 99.9, 99.99}) {
            // A fraction p/100 of the ramp lies below p/100 * a; one value spacing of slack.
            assertEquals(p / 100 * a, RangeChooser.percentile(h, p), a / n, "p = " + p);
        }
        assertEquals(h.hi(), RangeChooser.percentile(h, 100), 0.0);
        assertEquals(QFormat.fracFor(RangeChooser.percentile(h, 50)),
                RangeChooser.chooseFrac(h, RangeMethod.percentile(50)));
        assertEquals(6, RangeChooser.chooseFrac(h, RangeMethod.percentile(50)));
    }

    @Test
    void percentileInterpolatesInsideBins() {
        Histogram h = new Histogram(0, 4, new long[] {10, 10, 0, 20});
        assertEquals(0.5, RangeChooser.percentile(h, 12.5), 0.0);
        assertEquals(1.0, RangeChooser.percentile(h, 25), 0.0);
        assertEquals(2.0, RangeChooser.percentile(h, 50), 0.0);
        // The empty bin is skipped: 50.1% lies just inside the last bin.
        assertEquals(3.0 + 0.002, RangeChooser.percentile(h, 50.1), 1e-12);
        assertEquals(3.5, RangeChooser.percentile(h, 75), 0.0);
        assertEquals(4.0, RangeChooser.percentile(h, 100), 0.0);
    }

    @Test
    void divergenceByHand() {
        // No clipping, Q equal to P: 0.
        assertEquals(0.0, RangeChooser.divergence(new long[] {4, 0, 2, 2}, 4, new int[] {0, 0, 1, 1}, 2), 0.0);
        // Clip after 2 bins, one level: P = [1, 1 + 2] / 4, Q = [1, 1] / 2 (the tail is not in Q).
        assertEquals(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5),
                RangeChooser.divergence(new long[] {1, 1, 1, 1}, 2, new int[] {0, 0}, 1), 1e-15);
        // TensorRT levels: 256 bins into 128 levels of 2; a histogram flat in pairs loses nothing.
        long[] pairs = new long[256];
        for (int j = 0; j < pairs.length; j++) {
            pairs[j] = 1 + j / 2;
        }
        assertEquals(pairs.length, RangeChooser.kldThreshold(new Histogram(0, pairs.length, pairs), 128), 0.0);
    }

    @Test
    void kldClipsHeavyTails() {
        Histogram h = stats(heavyTailed(7)).absHistogram();
        int minmax = RangeChooser.chooseFrac(h, RangeMethod.minmax());
        int kld = RangeChooser.chooseFrac(h, RangeMethod.kld());
        double t = RangeChooser.threshold(h, RangeMethod.kld());
        System.out.printf("heavy tail: minmax frac %d, kld frac %d (clip %.4f), TensorRT threshold %.4f (frac %d)%n",
                minmax, kld, RangeChooser.clip(kld), t, RangeChooser.fracFor(t));
        for (int f = minmax; f <= minmax + 4; f++) {
            System.out.printf("  frac %d clip %.4f KL %.6f%n", f, RangeChooser.clip(f),
                    RangeChooser.formatDivergence(h, f));
        }
        assertEquals(1, minmax);
        assertTrue(kld >= minmax + 2, "kld frac " + kld);
        assertTrue(RangeChooser.clip(kld) < 50);
        assertTrue(t < 50 / 4.0, "TensorRT threshold " + t);
        assertTrue(RangeChooser.fracFor(t) > minmax);
        // The N(0, 1) bulk barely clips; only the outliers saturate.
        SqnrAccumulator atKld = new SqnrAccumulator(kld);
        heavyTailed(7).forEach(atKld::add);
        assertTrue(atKld.saturationFraction() < 0.0012, "saturated " + atKld.saturationFraction());
    }

    @Test
    void kldKeepsMinmaxForUniformData() {
        for (double a : new double[] {0.3, 1.01, 1.5, 3.0, 7.9, 100}) {
            Histogram ramp = stats(List.of(ramp(200_000, a))).absHistogram();
            assertEquals(RangeChooser.chooseFrac(ramp, RangeMethod.minmax()),
                    RangeChooser.chooseFrac(ramp, RangeMethod.kld()), "ramp to " + a);
            Random r = new Random(3);
            float[] x = new float[200_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (a * (2 * r.nextDouble() - 1));
            }
            Histogram random = stats(List.of(x)).absHistogram();
            assertEquals(RangeChooser.chooseFrac(random, RangeMethod.minmax()),
                    RangeChooser.chooseFrac(random, RangeMethod.kld()), "uniform to " + a);
        }
    }

    @Test
    void kldStopsWhereTheHistogramIsTooCoarse() {
        // 256 bins: one finer format leaves 127..254 bins for 128 levels, below 2 bins a level.
        ActivationStats s = new ActivationStats(256);
        List<float[]> samples = heavyTailed(7);
        samples.forEach(s::pass1);
        s.startHistograms();
        samples.forEach(s::pass2);
        assertEquals(1, RangeChooser.chooseFrac(s.absHistogram(), RangeMethod.kld()));
    }

    @Test
    void deterministicBitForBit() {
        double[] first = run(heavyTailed(11));
        double[] second = run(heavyTailed(11));
        assertEquals(first.length, second.length);
        for (int i = 0; i < first.length; i++) {
            assertEquals(Double.doubleToRawLongBits(first[i]), Double.doubleToRawLongBits(second[i]), "item " + i);
        }
        // Sample order does not matter either: histograms are counts.
        List<float[]> shuffled = heavyTailed(11);
        Collections.reverse(shuffled);
        assertArrayEquals(first, run(shuffled));
    }

    private static double[] run(List<float[]> samples) {
        ActivationStats s = stats(samples);
        Histogram h = s.absHistogram();
        List<Double> out = new ArrayList<>();
        for (RangeMethod m : List.of(RangeMethod.minmax(), RangeMethod.percentile(99.99), RangeMethod.kld())) {
            out.add(RangeChooser.threshold(h, m));
            out.add((double) RangeChooser.chooseFrac(h, m));
        }
        for (int f = 1; f <= 5; f++) {
            out.add(RangeChooser.formatDivergence(h, f));
        }
        for (long c : h.counts()) {
            out.add((double) c);
        }
        for (long c : s.signedHistogram().counts()) {
            out.add((double) c);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
