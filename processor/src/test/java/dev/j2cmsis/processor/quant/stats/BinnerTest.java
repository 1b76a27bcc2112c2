package dev.j2cmsis.processor.quant.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Binner} against the definition it replaces, on the floats most likely to tell them apart. */
class BinnerTest {

    /** The definition: floor((x - lo) / (hi - lo) * bins), clamped. */
    private static int definition(double x, double lo, double hi, int bins) {
        return hi == lo ? 0 : Math.min(bins - 1, Math.max(0, (int) ((x - lo) / (hi - lo) * bins)));
    }

    /** Bins x through {@link Binner#add} (the four copies summed) and checks the counts against the definition. */
    private static void assertDefinition(float lo, float hi, int bins, float[] x, boolean abs, String what) {
        Binner b = new Binner(lo, hi, bins);
        long[] expected = new long[bins];
        for (float v : x) {
            expected[definition(abs ? Math.abs((double) v) : v, lo, hi, bins)]++;
        }
        int[] four = new int[4 * bins];
        int[] keys = b.add(x, 0, x.length, abs, four);
        long[] got = new long[bins];
        for (int i = 0; i < four.length; i++) {
            got[i % bins] += four[i];
        }
        assertArrayEquals(expected, got, what);
        int mn = Integer.MAX_VALUE;
        int mx = Integer.MIN_VALUE;
        for (float v : x) {
            mn = Math.min(mn, Binner.key(v));
            mx = Math.max(mx, Binner.key(v));
        }
        assertEquals(mn, keys[0], what);
        assertEquals(mx, keys[1], what);
    }

    @Test
    void keysOrderFloatsAsTheirValuesWithMinusZeroBelowPlusZero() {
        float[] ordered = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE,
                1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN};
        for (int i = 0; i + 1 < ordered.length; i++) {
            assertTrue(Binner.key(ordered[i]) < Binner.key(ordered[i + 1]), ordered[i] + " < " + ordered[i + 1]);
            assertEquals(Float.floatToRawIntBits(ordered[i]), Float.floatToRawIntBits(Binner.value(
                    Binner.key(ordered[i]))));
        }
        assertTrue(Binner.key(Float.intBitsToFloat(0xffc00000)) < Binner.key(Float.NEGATIVE_INFINITY),
                "a negative NaN sorts below -infinity");
    }

    @Test
    void everyFloatOfNarrowRangesLandsInItsDefiningBin() {
        // Ranges a few thousand floats wide, enumerated whole: every float, bin edges included, is checked; some
        // cross zero (both zeros), some have fewer floats than bins.
        Random r = new Random(3);
        for (int round = 0; round < 300; round++) {
            float centre = switch (round % 4) {
                case 0 -> 0f;
                case 1 -> (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
                case 2 -> Float.MIN_NORMAL * (r.nextInt(8) - 4);
                default -> (float) r.nextGaussian();
            };
            int below = r.nextInt(3000);
            int above = r.nextInt(3000);
            int loKey = Binner.key(centre) - below;
            int hiKey = Binner.key(centre) + above;
            float lo = Binner.value(loKey);
            float hi = Binner.value(hiKey);
            int bins = 1 + r.nextInt(round % 2 == 0 ? 16 : 8192);
            float[] x = new float[hiKey - loKey + 1];
            for (int k = 0; k < x.length; k++) {
                x[k] = Binner.value(loKey + k);
            }
            String what = "[" + lo + ", " + hi + "] in " + bins + " bins";
            assertDefinition(lo, hi, bins, x, false, what);
            if (lo >= 0) {
                assertDefinition(0f, hi, bins, x, true, "|x| " + what);
            }
        }
    }

    @Test
    void randomFloatsOverWideRangesLandInTheirDefiningBins() {
        Random r = new Random(5);
        for (int round = 0; round < 300; round++) {
            float lo = round % 3 == 0 ? 0f : (float) (-r.nextDouble() * Math.pow(10, r.nextInt(60) - 30));
            float hi = (float) (r.nextDouble() * Math.pow(10, r.nextInt(60) - 30));
            int bins = 1 + r.nextInt(8192);
            float[] x = new float[4001];
            for (int k = 0; k < x.length; k++) {
                double t = switch (r.nextInt(4)) {
                    case 0 -> (double) r.nextInt(bins + 1) / bins;    // on an edge, then a float or two away
                    case 1 -> Math.pow(r.nextDouble(), 20);         // tiny magnitudes
                    default -> r.nextDouble();
                };
                float v = (float) (lo + (hi - (double) lo) * t);
                v = switch (r.nextInt(3)) {
                    case 0 -> Math.nextUp(v);
                    case 1 -> Math.nextDown(v);
                    default -> v;
                };
                x[k] = r.nextInt(10) == 0 ? (r.nextBoolean() ? 0f : -0f) : Math.max(lo, Math.min(hi, v));
            }
            x[0] = lo;
            x[1] = hi;
            String what = "round " + round + ": [" + lo + ", " + hi + "] in " + bins + " bins";
            assertDefinition(lo, hi, bins, x, false, what);
            assertDefinition(0f, Math.max(-lo, hi), bins, x, true, "|x| " + what);
        }
    }

    @Test
    void aConstantRangeIsOneBinAndOutsideValuesStayInTheBins() {
        assertDefinition(2f, 2f, 7, new float[] {2f, 2f}, false, "lo == hi");
        assertDefinition(-0f, 0f, 5, new float[] {-0f, 0f, 0f}, false, "the two zeros");
        // Outside [lo, hi] (the caller rejects them afterwards): the outer bins, never an index out of range.
        assertDefinition(-1f, 1f, 16, new float[] {-5f, 5f, Float.MAX_VALUE, -Float.MAX_VALUE}, false, "outside");
        Binner b = new Binner(-1f, 1f, 16);
        int[] four = new int[64];
        float[] nonFinite = {Float.NaN, Float.intBitsToFloat(0x7fffffff), Float.intBitsToFloat(0xffffffff),
            Float.POSITIVE_INFINITY};
        b.add(nonFinite, 0, 4, false, four);
        b.add(nonFinite, 0, 2, true, four);
        assertEquals(6, java.util.Arrays.stream(four).sum(), "non-finite values land in some bin, no exception");
    }
}
