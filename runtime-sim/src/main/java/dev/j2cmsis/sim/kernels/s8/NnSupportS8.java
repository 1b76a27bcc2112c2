package dev.j2cmsis.sim.kernels.s8;

/**
 * The fixed-point support functions of CMSIS-NN v7.0.0 ({@code Include/arm_nnsupportfunctions.h}, scalar C
 * branches) that the s8 kernels share, the {@code arm_cmsis_nn_status} values, and the TFLite quantization helpers
 * ({@code tensorflow/lite/kernels/internal/quantization_util.cc}) that produce the multipliers and shifts these
 * kernels take.
 *
 * <p>C's int32 arithmetic is reproduced with Java's wrapping int: where C has signed overflow (undefined, but
 * wrapping with GCC on every supported core) the Java wraps the same way.
 */
public final class NnSupportS8 {

    /** {@code ARM_CMSIS_NN_SUCCESS}. */
    public static final int ARM_CMSIS_NN_SUCCESS = 0;
    /** {@code ARM_CMSIS_NN_ARG_ERROR}. */
    public static final int ARM_CMSIS_NN_ARG_ERROR = -1;
    /** {@code ARM_CMSIS_NN_NO_IMPL_ERROR}. */
    public static final int ARM_CMSIS_NN_NO_IMPL_ERROR = -2;
    /** {@code ARM_CMSIS_NN_FAILURE}. */
    public static final int ARM_CMSIS_NN_FAILURE = -3;

    /** {@code NN_Q31_MAX}. */
    public static final int NN_Q31_MAX = Integer.MAX_VALUE;
    /** {@code NN_Q31_MIN}. */
    public static final int NN_Q31_MIN = Integer.MIN_VALUE;

    private NnSupportS8() {
    }

    /**
     * {@code arm_nn_requantize} of v7.0.0 in the given build. {@link S8Rounding#DOUBLE}:
     * {@code divide_by_power_of_two(doubling_high_mult_no_sat(val * (1 << LEFT_SHIFT(shift)), multiplier),
     * RIGHT_SHIFT(shift))}. {@link S8Rounding#SINGLE}: {@code r = (int32)((val * (int64)multiplier) >> (30 - shift));
     * return (r + 1) >> 1;} where the int32 truncation of {@code r} is v7.0.0's (the release declares the
     * intermediate {@code int32_t}). Domain: {@code shift} in [-31, 30].
     */
    public static int arm_nn_requantize(int val, int multiplier, int shift, S8Rounding rounding) {
        if (rounding == S8Rounding.SINGLE) {
            int r = (int) (((long) val * multiplier) >> (30 - shift));
            return (r + 1) >> 1;
        }
        int left = shift > 0 ? shift : 0;
        int right = shift > 0 ? 0 : -shift;
        return arm_nn_divide_by_power_of_two(arm_nn_doubling_high_mult_no_sat(val * (1 << left), multiplier), right);
    }

    /** {@code arm_nn_doubling_high_mult_no_sat}: {@code (int32)((m1 * (int64)m2 + 2^30) >> 31)}. */
    public static int arm_nn_doubling_high_mult_no_sat(int m1, int m2) {
        return (int) (((long) m1 * m2 + (1L << 30)) >> 31);
    }

    /**
     * {@code arm_nn_doubling_high_mult} ({@code MUL_SAT}): gemmlowp's SaturatingRoundingDoublingHighMul, nudge
     * {@code 2^30} or {@code 1 - 2^30} by the product's sign, truncating division by {@code 2^31}, and
     * {@code NN_Q31_MAX} for {@code INT32_MIN * INT32_MIN}.
     */
    public static int arm_nn_doubling_high_mult(int m1, int m2) {
        if (m1 == m2 && m1 == NN_Q31_MIN) {
            return NN_Q31_MAX;
        }
        long mult = 1L << 30;
        if ((m1 < 0) ^ (m2 < 0)) {
            mult = 1 - mult;
        }
        mult += (long) m1 * m2;
        return (int) (mult / (1L << 31));
    }

    /**
     * {@code arm_nn_divide_by_power_of_two} ({@code DIV_POW2}): arithmetic shift right by {@code exponent} in
     * [0, 31], rounding half away from zero.
     */
    public static int arm_nn_divide_by_power_of_two(int dividend, int exponent) {
        int remainderMask = (1 << exponent) - 1;
        int remainder = remainderMask & dividend;
        int result = dividend >> exponent;
        int threshold = remainderMask >> 1;
        if (result < 0) {
            threshold++;
        }
        if (remainder > threshold) {
            result++;
        }
        return result;
    }

    /** {@code arm_nn_mult_by_power_of_two} ({@code MUL_POW2}): saturating {@code val << exp}. */
    public static int arm_nn_mult_by_power_of_two(int val, int exp) {
        int thresh = (1 << (31 - exp)) - 1;
        int result = val << exp;
        if (val > thresh) {
            result = NN_Q31_MAX;
        }
        if (val < -thresh) {
            result = NN_Q31_MIN;
        }
        return result;
    }

    /**
     * {@code arm_nn_exp_on_negative_values} ({@code EXP_ON_NEG}): gemmlowp {@code exp_on_negative_values} for a Q5.26
     * argument {@code <= 0}, result Q0.31.
     */
    public static int arm_nn_exp_on_negative_values(int val) {
        int shift = 24;
        int valModMinusQuarter = (val & ((1 << shift) - 1)) - (1 << shift);
        int remainder = valModMinusQuarter - val;
        int x = (valModMinusQuarter << 5) + (1 << 28);
        int x2 = arm_nn_doubling_high_mult(x, x);
        int result = 1895147668 + arm_nn_doubling_high_mult(1895147668, x + arm_nn_divide_by_power_of_two(
                arm_nn_doubling_high_mult(arm_nn_divide_by_power_of_two(arm_nn_doubling_high_mult(x2, x2), 2)
                        + arm_nn_doubling_high_mult(x2, x), 715827883) + x2, 1));
        int[] constants = EXP_BARREL;
        for (int k = 0; k < constants.length; k++) {
            if ((remainder & (1 << (shift + k))) != 0) {
                result = arm_nn_doubling_high_mult(result, constants[k]);
            }
        }
        return val == 0 ? NN_Q31_MAX : result;
    }

    /** The barrel-shifter constants {@code exp(-2^k / 4)} of {@code arm_nn_exp_on_negative_values}, k = 0..6. */
    private static final int[] EXP_BARREL = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};

    /**
     * {@code arm_nn_one_over_one_plus_x_for_x_in_0_1} ({@code ONE_OVER1}): gemmlowp's Newton-Raphson
     * {@code 1 / (1 + x)}, Q0.31 in and out.
     */
    public static int arm_nn_one_over_one_plus_x_for_x_in_0_1(int val) {
        long sum = (long) val + NN_Q31_MAX;
        int halfDenominator = (int) ((sum + (sum >= 0 ? 1 : -1)) / 2L);
        int x = 1515870810 + arm_nn_doubling_high_mult(halfDenominator, -1010580540);
        int shift = 1 << 29;
        for (int i = 0; i < 3; i++) {
            x += arm_nn_mult_by_power_of_two(
                    arm_nn_doubling_high_mult(x, shift - arm_nn_doubling_high_mult(halfDenominator, x)), 2);
        }
        return arm_nn_mult_by_power_of_two(x, 1);
    }

    /**
     * What every s8 kernel does with an accumulator:
     * {@code (int8) clamp(arm_nn_requantize(acc, mult, shift) + output_offset, act_min, act_max)}.
     */
    static byte requantizeOutput(int acc, int mult, int shift, S8Rounding rounding, int outputOffset, int actMin,
            int actMax) {
        return (byte) clamp(arm_nn_requantize(acc, mult, shift, rounding) + outputOffset, actMin, actMax);
    }

    /** {@code MIN(MAX(v, min), max)}, the output clamp every s8 kernel applies before the int8 cast. */
    static int clamp(int v, int min, int max) {
        return Math.min(Math.max(v, min), max);
    }

    // ---------------------------------------------------------------------------------------------
    // TFLite quantization helpers (quantization_util.cc); not part of CMSIS-NN.

    /** A TFLite quantized multiplier: {@code real ≈ multiplier * 2^(shift - 31)}. */
    public record QuantizedMultiplier(int multiplier, int shift) {
    }

    /**
     * TFLite {@code QuantizeMultiplier(double, int32_t*, int*)}: {@code frexp}, {@code round(q * 2^31)} half away
     * from zero, renormalisation of {@code 2^31}, flush of shifts below -31 to (0, 0), and, only in a
     * {@code TFLITE_SINGLE_ROUNDING} build ({@link S8Rounding#SINGLE}), the clamp of shifts above 30 to
     * {@code (2^31 - 1, 30)}.
     */
    public static QuantizedMultiplier quantizeMultiplier(double realMultiplier, S8Rounding rounding) {
        if (realMultiplier == 0.0) {
            return new QuantizedMultiplier(0, 0);
        }
        int shift = frexpExponent(realMultiplier);
        double q = Math.scalb(realMultiplier, -shift);
        long qFixed = roundHalfAway(q * (1L << 31));
        if (qFixed == (1L << 31)) {
            qFixed /= 2;
            shift++;
        }
        if (qFixed > Integer.MAX_VALUE) {
            throw new IllegalStateException("QuantizeMultiplier overflow for " + realMultiplier);
        }
        if (shift < -31) {
            shift = 0;
            qFixed = 0;
        }
        if (rounding == S8Rounding.SINGLE && shift > 30) {
            shift = 30;
            qFixed = (1L << 31) - 1;
        }
        return new QuantizedMultiplier((int) qFixed, shift);
    }

    /** TFLite {@code QuantizeMultiplierGreaterThanOne}: {@link #quantizeMultiplier} for {@code m > 1}, shift >= 0. */
    public static QuantizedMultiplier quantizeMultiplierGreaterThanOne(double realMultiplier, S8Rounding rounding) {
        if (!(realMultiplier > 1.0)) {
            throw new IllegalArgumentException("multiplier must be > 1: " + realMultiplier);
        }
        QuantizedMultiplier q = quantizeMultiplier(realMultiplier, rounding);
        if (q.shift() < 0) {
            throw new IllegalStateException("negative shift for " + realMultiplier);
        }
        return q;
    }

    /**
     * TFLite {@code PreprocessSoftmaxScaling(beta, input_scale, input_integer_bits)}:
     * {@code QuantizeMultiplierGreaterThanOne(min(beta * input_scale * 2^(31 - integer_bits), 2^31 - 1))}. The
     * s8 softmax uses {@code input_integer_bits = 5} (kScaledDiffIntegerBits).
     */
    public static QuantizedMultiplier preprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits,
            S8Rounding rounding) {
        double real = Math.min(beta * inputScale * (1 << (31 - inputIntegerBits)), (1L << 31) - 1.0);
        return quantizeMultiplierGreaterThanOne(real, rounding);
    }

    /**
     * TFLite {@code CalculateInputRadius(input_integer_bits, input_left_shift, total_signed_bits)}:
     * {@code floor((2^integer_bits - 1) * 2^(total - integer_bits) / 2^left_shift)}. The softmax {@code diff_min}
     * is its negation with (5, shift, 31).
     */
    public static int calculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits) {
        double maxInputRescaled = 1.0 * ((1 << inputIntegerBits) - 1) * (1L << (totalSignedBits - inputIntegerBits))
                / (1L << inputLeftShift);
        return (int) Math.floor(maxInputRescaled);
    }

    /** C {@code frexp}'s exponent: {@code x = f * 2^e} with {@code |f|} in [0.5, 1). */
    static int frexpExponent(double x) {
        int e = Math.getExponent(x);
        if (e == Double.MIN_EXPONENT - 1) { // subnormal: normalise first
            return frexpExponent(x * 0x1p54) - 54;
        }
        return e + 1;
    }

    /** C {@code round}: half away from zero. */
    static long roundHalfAway(double v) {
        double a = Math.abs(v);
        double f = Math.floor(a);
        // a - f is exact for every double below 2^52, unlike a + 0.5, which rounds 0.49999999999999994 up.
        double r = a - f >= 0.5 ? f + 1 : f;
        return (long) Math.copySign(r, v);
    }
}
