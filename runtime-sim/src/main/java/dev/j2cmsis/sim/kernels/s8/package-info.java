/**
 * Bit-exact Java reproductions of the int8 ("s8") kernels of CMSIS-NN v7.0.0 (ARM-software/CMSIS-NN tag
 * {@code v7.0.0}, 2024-11-27), the library the s8 backend targets.
 *
 * <p>One class per kernel family, each method named after the {@code arm_*} function it reproduces and documented
 * with its v7.0.0 source file. Every kernel computes {@code acc = bias + sum (x + input_offset) * w} in wrapping
 * int32 (weights symmetric), then {@code clamp(arm_nn_requantize(acc, mult, shift) + output_offset, act_min,
 * act_max)} cast to int8, with {@code input_offset = -input_zero_point} and {@code output_offset =
 * output_zero_point} as TFLite Micro passes them. Where CMSIS-NN's result depends on the compiling core the method
 * takes an {@link dev.j2cmsis.sim.kernels.s8.S8Target} and reproduces that core's code path: the wrapper dispatch,
 * argument checks, scratch sizes ({@code *_get_buffer_size} and the {@code _dsp}/{@code _mve} variants, GCC
 * values), the MVE {@code arm_convolve_1_x_n_s8} bytes for VALID convs that leave input columns unused and for
 * SAME convs with wide right padding, the MVE fully connected kernel sums, the MVE per-channel fully connected
 * multiplier reuse with a filter offset, and the DSP {@code arm_elementwise_add_s8} with {@code left_shift < 16}.
 * These were checked against the real v7.0.0 library on a host, on a Cortex-M4 and on a Cortex-M55 (QEMU). The
 * requantization rounding, a compile-time switch of CMSIS-NN, is an {@link dev.j2cmsis.sim.kernels.s8.S8Rounding}
 * argument. Scratch buffers ({@code ctx->buf}) are byte arrays, {@code null} for NULL.
 *
 * <p>Arrays: int8 tensors are {@code byte[]} with an offset; bias, multipliers and shifts are {@code int[]} from
 * index 0. Methods return the {@code arm_cmsis_nn_status} value ({@link dev.j2cmsis.sim.kernels.s8.NnSupportS8}).
 * The portable C twins are {@code dev/j2cmsis/sim/c/j2cmsis_portable_s8.{h,c}} (plain-C path). The arithmetic
 * follows the project's CMSIS-NN s8 semantics notes and the v7.0.0 sources; {@link
 * dev.j2cmsis.sim.kernels.s8.J2cmsisActivationS8} (int8 sigmoid/tanh tables) has no CMSIS-NN counterpart.
 */
package dev.j2cmsis.sim.kernels.s8;
