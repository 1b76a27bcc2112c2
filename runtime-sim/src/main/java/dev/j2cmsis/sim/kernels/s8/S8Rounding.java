package dev.j2cmsis.sim.kernels.s8;

/**
 * The requantization rounding of a CMSIS-NN v7.0.0 build, a compile-time switch that changes output bytes
 * ({@code arm_nn_requantize} in {@code Include/arm_nnsupportfunctions.h}).
 */
public enum S8Rounding {
    /** Default build: TFLite {@code MultiplyByQuantizedMultiplier}, a rounding doubling high multiply then a
     * round-half-away-from-zero shift. */
    DOUBLE,
    /** {@code -DCMSIS_NN_USE_SINGLE_ROUNDING}: one round-half-up shift of the 64-bit product, with v7.0.0's
     * truncation of the intermediate to int32 (fixed after the release by CMSIS-NN PR #220). */
    SINGLE;

    /** The C preprocessor definition that selects this rounding, or {@code null} for the default. */
    public String cDefine() {
        return this == SINGLE ? "CMSIS_NN_USE_SINGLE_ROUNDING" : null;
    }
}
