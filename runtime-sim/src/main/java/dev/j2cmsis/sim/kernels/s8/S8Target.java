package dev.j2cmsis.sim.kernels.s8;

/**
 * The CMSIS-NN v7.0.0 code path a compiling target selects. CMSIS-NN picks it from the compiler's feature macros
 * ({@code Include/arm_nn_math_types.h}): {@code __ARM_FEATURE_MVE} defines {@code ARM_MATH_MVEI} (and
 * {@code ARM_MATH_DSP}), {@code __ARM_FEATURE_DSP} defines {@code ARM_MATH_DSP}, neither leaves the plain-C path.
 * The kernels of this package compute the bytes the named path computes, including its wrapper dispatch, its
 * argument checks and its scratch-buffer sizes (GCC values; Arm Compiler 6 differs, see the buffer-size methods).
 */
public enum S8Target {
    /** No DSP extension: host, Cortex-M0/M0+/M3 (and Cortex-M23/M33 built without DSP). */
    PLAIN_C,
    /** {@code ARM_MATH_DSP}: Cortex-M4, M7, M33/M35P with DSP. */
    DSP,
    /** {@code ARM_MATH_MVEI}: Helium, Cortex-M55/M85. */
    MVE
}
