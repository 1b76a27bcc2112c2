package dev.j2cmsis.sim.kernels.s8;

import java.util.Arrays;

/**
 * One case for kernel_driver_s8.c and for {@link S8JavaKernels}: the function, its int parameters (layout in the
 * driver's header comment), the int8 blocks A (input) and B (weights or second input), the int32 blocks bias
 * ({@code null} = NULL), mult and shift, and the output length.
 */
record S8Case(S8Function function, int[] p, byte[] a, byte[] b, int[] bias, int[] mult, int[] shift, int outLen) {

    /** Parameters per case in the driver's format. */
    static final int PARAMS = 32;

    /** The driver's and the Java side's result: the status and the output bytes. */
    record Result(int status, byte[] out) {
    }

    String describe() {
        int n = PARAMS;
        while (n > 0 && p[n - 1] == 0) {
            n--;
        }
        return function + " p=" + Arrays.toString(Arrays.copyOf(p, n)) + " |A|=" + a.length + " |B|=" + b.length
                + " bias=" + (bias == null ? "NULL" : bias.length) + " mult=" + shortList(mult) + " shift="
                + shortList(shift) + " out=" + outLen;
    }

    private static String shortList(int[] v) {
        if (v == null) {
            return "-";
        }
        return v.length <= 8 ? Arrays.toString(v) : Arrays.toString(Arrays.copyOf(v, 8)) + "...(" + v.length + ")";
    }
}
