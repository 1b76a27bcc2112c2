package dev.j2cmsis.sim.kernels.s8;

/**
 * Int8 sigmoid and tanh, which CMSIS-NN v7.0.0 does not have for s8 (only {@code arm_nn_activation_s16}).
 *
 * <p>Choice: a 256-entry lookup table computed at generation time, the way TFLite builds its int8 LOGISTIC and
 * TANH ({@code LUTPopulate} / {@code PopulateLookupTable}): for every int8 input value v, in float,
 * {@code dequantized = input_scale * (v - input_zero_point)}, {@code transformed = f(dequantized)},
 * {@code rescaled = round(transformed * (1 / output_scale))} (half away from zero), {@code q = (int)(rescaled +
 * output_zero_point)} clamped to int8, stored at index {@code (uint8)v}. The output quantization is TFLite's fixed
 * one: sigmoid scale 1/256 and zero point -128, tanh scale 1/128 and zero point 0. The generated C and the
 * simulator then both apply the same table ({@link #lookup}, C twin {@code j2cmsis_lut_s8}), so they agree by
 * construction whatever the float arithmetic of the generating machine. {@code f} is evaluated with Java's
 * {@code Math.exp}/{@code Math.tanh} in double and rounded to float; TFLite calls the C library's float
 * {@code expf}/{@code tanhf}, which can differ from that in the last float bit, so an entry can (rarely) differ
 * from a TFLite table by one where {@code transformed * (1/output_scale)} lies within a float ulp of a half.
 */
public final class J2cmsisActivationS8 {

    /** TFLite's int8 LOGISTIC output scale. */
    public static final float SIGMOID_OUTPUT_SCALE = 1.0f / 256;
    /** TFLite's int8 LOGISTIC output zero point. */
    public static final int SIGMOID_OUTPUT_ZERO_POINT = -128;
    /** TFLite's int8 TANH output scale. */
    public static final float TANH_OUTPUT_SCALE = 1.0f / 128;
    /** TFLite's int8 TANH output zero point. */
    public static final int TANH_OUTPUT_ZERO_POINT = 0;

    /** A float function of a float, as TFLite's LUT transform. */
    @FunctionalInterface
    public interface FloatTransform {
        float apply(float x);
    }

    private J2cmsisActivationS8() {
    }

    /** The sigmoid table for an input quantized with ({@code inputScale}, {@code inputZeroPoint}). */
    public static byte[] sigmoidTable(float inputScale, int inputZeroPoint) {
        return lutPopulate(inputScale, inputZeroPoint, SIGMOID_OUTPUT_SCALE, SIGMOID_OUTPUT_ZERO_POINT,
                x -> 1.0f / (1.0f + (float) Math.exp(-x)));
    }

    /** The tanh table for an input quantized with ({@code inputScale}, {@code inputZeroPoint}). */
    public static byte[] tanhTable(float inputScale, int inputZeroPoint) {
        return lutPopulate(inputScale, inputZeroPoint, TANH_OUTPUT_SCALE, TANH_OUTPUT_ZERO_POINT,
                x -> (float) Math.tanh(x));
    }

    /** TFLite's {@code LUTPopulate<int8_t>} in float arithmetic, as described in the class comment. */
    public static byte[] lutPopulate(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
            FloatTransform transform) {
        byte[] table = new byte[256];
        float inverseScale = 1 / outputScale;
        for (int v = -128; v <= 127; v++) {
            float dequantized = inputScale * (v - inputZeroPoint);
            float transformed = transform.apply(dequantized);
            float rescaled = (float) NnSupportS8.roundHalfAway(transformed * inverseScale);
            int quantized = (int) (rescaled + outputZeroPoint);
            table[v & 0xFF] = (byte) Math.max(Math.min(127, quantized), -128);
        }
        return table;
    }

    /** Applies a 256-entry table: {@code out[i] = table[(uint8)in[i]]}; in place when the arrays and offsets agree. */
    public static void lookup(byte[] table, byte[] in, int inOff, byte[] out, int outOff, int size) {
        for (int i = 0; i < size; i++) {
            out[outOff + i] = table[in[inOff + i] & 0xFF];
        }
    }
}
