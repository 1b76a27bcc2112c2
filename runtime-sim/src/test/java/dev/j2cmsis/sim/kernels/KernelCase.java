package dev.j2cmsis.sim.kernels;

import java.util.Arrays;

/**
 * One kernel invocation: driver function, up to {@link KernelDriver#PARAMS} int parameters, up to three input blocks
 * and the output size.
 */
record KernelCase(Kernel kernel, int[] p, byte[] a, byte[] b, byte[] c, int outLen) {

    /** Output of one invocation: status, output bytes, and the first input block after the call. */
    record Result(int status, byte[] out, byte[] aAfter) {
    }

    String describe() {
        return kernel + " p=" + Arrays.toString(p) + " lenA=" + a.length + " lenB=" + b.length + " lenC="
                + c.length + " outLen=" + outLen;
    }
}
