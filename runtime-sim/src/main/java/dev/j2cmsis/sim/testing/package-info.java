/**
 * Test support shared by the processor and example-project tests: {@link
 * dev.j2cmsis.sim.testing.NativeToolchain} compiles generated C with the host gcc and with
 * arm-none-eabi-gcc for a Cortex-M4, and runs the results natively or under QEMU's mps2-an386 with
 * ARM semihosting, so a test can compare their output files with the Java simulator's. Tests call
 * {@code hostGccMissing()} / {@code armToolchainMissing()} first and skip with the reason given.
 */
package dev.j2cmsis.sim.testing;
