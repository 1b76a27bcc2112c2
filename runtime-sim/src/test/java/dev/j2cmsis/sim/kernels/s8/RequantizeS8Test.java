package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NnSupportS8} against independent restatements: TFLite's {@code MultiplyByQuantizedMultiplier} in exact
 * BigInteger/BigDecimal arithmetic (gemmlowp's SaturatingRoundingDoublingHighMul, then a division by a power of two
 * rounded half away from zero), the single-rounding form as an exact floor division, and the float functions the
 * fixed-point helpers approximate.
 */
class RequantizeS8Test {

    static final int TRIALS = 200_000;
    private static final BigInteger TWO = BigInteger.TWO;

    /** gemmlowp SaturatingRoundingDoublingHighMul, exactly. */
    static int srdhm(int a, int b) {
        if (a == b && a == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        BigInteger ab = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        BigInteger nudge = ab.signum() >= 0 ? TWO.pow(30) : BigInteger.ONE.subtract(TWO.pow(30));
        return ab.add(nudge).divide(TWO.pow(31)).intValueExact(); // BigInteger.divide truncates, like C
    }

    /** x / 2^e rounded half away from zero, exactly. */
    static int roundingDivideByPot(int x, int e) {
        return new BigDecimal(x).divide(new BigDecimal(TWO.pow(e))).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** TFLite MultiplyByQuantizedMultiplier (double rounding) for a value whose left shift is defined. */
    static int tfliteDouble(int x, int m, int shift) {
        int left = Math.max(shift, 0);
        int right = Math.max(-shift, 0);
        return roundingDivideByPot(srdhm(Math.multiplyExact(x, 1 << left), m), right);
    }

    /** TFLite single rounding: floor((x*m + 2^(30-shift)) / 2^(31-shift)), exactly. */
    static BigInteger tfliteSingleExact(int x, int m, int shift) {
        BigInteger p = BigInteger.valueOf(x).multiply(BigInteger.valueOf(m));
        BigInteger d = TWO.pow(31 - shift);
        BigInteger n = p.add(TWO.pow(30 - shift));
        BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /**
     * The requantization a v7.0.0 build performs, restated: TFLite's double rounding, or the exact single rounding
     * with v7.0.0's int32 truncation of the intermediate where it applies.
     */
    static int expectedRequantize(int x, int m, int shift, S8Rounding rounding) {
        if (rounding == S8Rounding.DOUBLE) {
            return tfliteDouble(x, m, shift);
        }
        long intermediate = ((long) x * m) >> (30 - shift);
        if (intermediate >= Integer.MIN_VALUE && intermediate < Integer.MAX_VALUE) {
            return tfliteSingleExact(x, m, shift).intValueExact();
        }
        return ((int) intermediate + 1) >> 1;
    }

    @Test
    void doubleRoundingEqualsTfliteMultiplyByQuantizedMultiplier() {
        Random rnd = new Random(0x5EED_0001L);
        for (int t = 0; t < TRIALS; t++) {
            int shift = rnd.nextInt(62) - 31; // -31 .. 30
            int m = t % 7 == 0 ? Integer.MAX_VALUE : t % 11 == 0 ? 1 << 30 : rnd.nextInt(Integer.MAX_VALUE);
            int x;
            if (shift > 0) {
                int bound = (1 << (31 - shift)) - 1;
                x = (int) (rnd.nextLong() % bound);
            } else {
                x = t % 13 == 0 ? Integer.MIN_VALUE : t % 17 == 0 ? Integer.MAX_VALUE : rnd.nextInt();
            }
            assertEquals(tfliteDouble(x, m, shift), NnSupportS8.arm_nn_requantize(x, m, shift, S8Rounding.DOUBLE),
                    "x=" + x + " m=" + m + " shift=" + shift);
        }
        System.out.println("[s8-kernels] arm_nn_requantize double rounding == TFLite restatement: " + TRIALS
                + " triples");
    }

    @Test
    void singleRoundingEqualsExactFloorWhereV7DoesNotTruncate() {
        Random rnd = new Random(0x5EED_0002L);
        int exact = 0;
        int truncated = 0;
        for (int t = 0; t < TRIALS; t++) {
            int shift = rnd.nextInt(62) - 31;
            int m = t % 7 == 0 ? Integer.MAX_VALUE : rnd.nextInt(Integer.MAX_VALUE);
            int x = t % 13 == 0 ? Integer.MIN_VALUE : rnd.nextInt();
            long p = (long) x * m;
            int got = NnSupportS8.arm_nn_requantize(x, m, shift, S8Rounding.SINGLE);
            long intermediate = p >> (30 - shift);
            if (intermediate >= Integer.MIN_VALUE && intermediate < Integer.MAX_VALUE) {
                assertEquals(tfliteSingleExact(x, m, shift).intValueExact(), got,
                        "x=" + x + " m=" + m + " shift=" + shift);
                exact++;
            } else {
                // v7.0.0 truncates the 64-bit intermediate to int32 before the final rounding step.
                int r = (int) intermediate;
                assertEquals((r + 1) >> 1, got, "x=" + x + " m=" + m + " shift=" + shift);
                truncated++;
            }
        }
        assertTrue(exact > TRIALS / 10 && truncated > TRIALS / 10, exact + " exact, " + truncated + " truncated");
        System.out.println("[s8-kernels] arm_nn_requantize single rounding: " + exact + " triples == exact floor, "
                + truncated + " in v7.0.0's int32-truncation range");
    }

    @Test
    void v7SingleRoundingTruncationIsPinned() {
        // |x*m| in [2^61, 2^62): the exact result fits int32, but v7.0.0's intermediate does not.
        int x = Integer.MAX_VALUE;
        int m = Integer.MAX_VALUE;
        int exact = tfliteSingleExact(x, m, 0).intValueExact();
        int v7 = NnSupportS8.arm_nn_requantize(x, m, 0, S8Rounding.SINGLE);
        // P = 2^62 - 2^32 + 1, P >> 30 = 2^32 - 4, which is -4 as int32; (-4 + 1) >> 1 = -2.
        assertEquals(2147483646, exact);
        assertEquals(-2, v7);
        assertNotEquals(exact, v7);
    }

    @Test
    void roundingsDifferByAtMostOneWithoutOverflow() {
        Random rnd = new Random(0x5EED_0003L);
        int differ = 0;
        for (int t = 0; t < TRIALS; t++) {
            int shift = -rnd.nextInt(20);
            int m = (1 << 30) + rnd.nextInt(1 << 30);
            int x = rnd.nextInt(1 << 24) - (1 << 23);
            int d = NnSupportS8.arm_nn_requantize(x, m, shift, S8Rounding.DOUBLE);
            int s = NnSupportS8.arm_nn_requantize(x, m, shift, S8Rounding.SINGLE);
            assertTrue(Math.abs(d - s) <= 1, x + " " + m + " " + shift);
            differ += d != s ? 1 : 0;
        }
        assertTrue(differ > 0, "the roundings never differed");
    }

    @Test
    void doublingHighMultAndDivideByPowerOfTwoEqualTheirDefinitions() {
        Random rnd = new Random(0x5EED_0004L);
        int[] edges = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -1, 0, 1, Integer.MAX_VALUE};
        for (int a : edges) {
            for (int b : edges) {
                assertEquals(srdhm(a, b), NnSupportS8.arm_nn_doubling_high_mult(a, b), a + " " + b);
            }
        }
        for (int t = 0; t < TRIALS; t++) {
            int a = rnd.nextInt();
            int b = rnd.nextInt();
            assertEquals(srdhm(a, b), NnSupportS8.arm_nn_doubling_high_mult(a, b), a + " " + b);
            int e = rnd.nextInt(32);
            assertEquals(roundingDivideByPot(a, e), NnSupportS8.arm_nn_divide_by_power_of_two(a, e), a + " " + e);
        }
    }

    @Test
    void expOnNegativeValuesAndOneOverOnePlusXApproximateTheirFunctions() {
        for (int i = 0; i <= 4000; i++) {
            double x = -i / 125.0; // 0 .. -32 in Q5.26
            int q = (int) Math.round(x * (1 << 26));
            double got = NnSupportS8.arm_nn_exp_on_negative_values(q) / 2147483648.0;
            // gemmlowp's polynomial-and-barrel-shifter exp is good to about 2^-22.
            assertEquals(Math.exp(q / (double) (1 << 26)), got, 5e-7, "exp(" + x + ")");
        }
        for (int i = 0; i <= 1000; i++) {
            int q = (int) Math.min((long) i * (Integer.MAX_VALUE / 1000), Integer.MAX_VALUE);
            double x = q / 2147483648.0;
            double got = NnSupportS8.arm_nn_one_over_one_plus_x_for_x_in_0_1(q) / 2147483648.0;
            assertEquals(1 / (1 + x), got, 1e-8, "1/(1+" + x + ")");
        }
    }

    @Test
    void quantizeMultiplierReconstructsTheRealMultiplier() {
        Random rnd = new Random(0x5EED_0005L);
        for (int t = 0; t < 100_000; t++) {
            double real = Math.scalb(0.5 + rnd.nextDouble() / 2, rnd.nextInt(38) - 30); // shifts -30 .. 7
            NnSupportS8.QuantizedMultiplier q = NnSupportS8.quantizeMultiplier(real, S8Rounding.DOUBLE);
            assertTrue(q.multiplier() >= 1 << 30, "multiplier below 2^30 for " + real);
            double back = q.multiplier() * Math.scalb(1.0, q.shift() - 31);
            assertTrue(Math.abs(back - real) <= Math.scalb(1.0, q.shift() - 32), real + " -> " + q);
        }
        assertEquals(new NnSupportS8.QuantizedMultiplier(0, 0), NnSupportS8.quantizeMultiplier(0.0, S8Rounding.DOUBLE));
        assertEquals(new NnSupportS8.QuantizedMultiplier(1 << 30, 1),
                NnSupportS8.quantizeMultiplier(1.0, S8Rounding.DOUBLE));
        // Rounds up to 2^31: renormalised to 2^30 with the shift one higher.
        assertEquals(new NnSupportS8.QuantizedMultiplier(1 << 30, 1),
                NnSupportS8.quantizeMultiplier(Math.nextDown(1.0), S8Rounding.DOUBLE));
        // Below 2^-32 the multiplier is flushed to zero.
        assertEquals(new NnSupportS8.QuantizedMultiplier(0, 0),
                NnSupportS8.quantizeMultiplier(Math.scalb(1.0, -40), S8Rounding.DOUBLE));
        // Single-rounding builds clamp shifts above 30.
        assertEquals(new NnSupportS8.QuantizedMultiplier(Integer.MAX_VALUE, 30),
                NnSupportS8.quantizeMultiplier(Math.scalb(1.0, 35), S8Rounding.SINGLE));
        assertEquals(36, NnSupportS8.quantizeMultiplier(Math.scalb(1.0, 35), S8Rounding.DOUBLE).shift());
    }

    @Test
    void softmaxScalingMatchesTfliteFormulas() {
        // beta * scale * 2^26 = 2^22 (scale 1/16): multiplier 2^30, shift 23; radius floor(31 * 2^26 / 2^23) = 248.
        NnSupportS8.QuantizedMultiplier q = NnSupportS8.preprocessSoftmaxScaling(1.0, 1.0 / 16, 5, S8Rounding.DOUBLE);
        assertEquals(new NnSupportS8.QuantizedMultiplier(1 << 30, 23), q);
        assertEquals(248, NnSupportS8.calculateInputRadius(5, 23, 31));
        // Huge beta*scale is capped at 2^31 - 1 = (1 - 2^-31) * 2^31.
        NnSupportS8.QuantizedMultiplier cap = NnSupportS8.preprocessSoftmaxScaling(1e9, 1.0, 5, S8Rounding.DOUBLE);
        assertEquals(new NnSupportS8.QuantizedMultiplier(Integer.MAX_VALUE, 31), cap);
    }
}
