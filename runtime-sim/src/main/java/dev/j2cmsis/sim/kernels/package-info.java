/**
 * Bit-exact Java reproductions of the CMSIS-NN legacy q7 kernels of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0).
 *
 * <p>One final class per kernel family; every static method is named after the {@code arm_*} function it
 * reproduces. Arrays are passed with offsets so a simulator can keep all weights in one {@code byte[]}.
 * Unless a method name ends in {@code _dsp}, it reproduces the plain-C path (the {@code #else} branch used on
 * Cortex-M0/M3 and on a host), which is also the DSP-path result wherever the two paths agree. Methods
 * ending in {@code _dsp} reproduce the {@code ARM_MATH_DSP} branch (Cortex-M4/M7/M33) where it diverges.
 *
 * <p>All {@code uint16_t} arguments of the C prototypes are reduced modulo 65536 on entry, as the C call
 * would. Shift counts must be in 0..31: larger counts are undefined in C (x86 and Java take them mod 32,
 * ARM does not). A portable C99 twin of every method lives in the resource
 * {@code dev/j2cmsis/sim/c/j2cmsis_portable.c}.
 */
package dev.j2cmsis.sim.kernels;
