/**
 * Test support shared by the processor and example-project tests: {@link
 * dev.j2cmsis.sim.testing.NativeToolchain} compiles generated C with the host gcc and with
 * arm-none-eabi-gcc for a Cortex-M3, M4 or M55 ({@link dev.j2cmsis.sim.testing.NativeToolchain.Core}),
 * and runs the results natively or under QEMU's mps2-an385, mps2-an386 or mps3-an547 with ARM
 * semihosting, so a test can compare their output files with the Java simulator's. Tests call
 * {@code hostGccMissing()} / {@code armToolchainMissing(core)} first and skip with the reason given.
 * {@link dev.j2cmsis.sim.testing.CmsisNn} (CMSIS_5 5.9.0, legacy q7) and {@link
 * dev.j2cmsis.sim.testing.CmsisNnS8} (CMSIS-NN v7.0.0, s8) find the real libraries.
 */
package dev.j2cmsis.sim.testing;
