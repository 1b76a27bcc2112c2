/**
 * What generated simulators call besides the kernels: weight resources checked on load, the input transform
 * and quantization, per-layer traces. The processor uses the same code for calibration, so the two cannot
 * disagree.
 */
package dev.j2cmsis.sim.runtime;
