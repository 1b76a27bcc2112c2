package dev.j2cmsis.sim.kernels.q15;

import java.util.Arrays;

/**
 * One kernel invocation: driver function, up to 16 int parameters, three input blocks and the output length in
 * elements. Every block is held as short values; a q7 block (see {@link Q15Kernel}) holds values in -128..127.
 */
record Q15Case(Q15Kernel kernel, int[] p, short[] a, short[] b, short[] c, int outLen) {

    /** Output of one invocation: status, output elements, and block A after the call (in-place kernels). */
    record Result(int status, short[] out, short[] aAfter) {
    }

    Q15Case withKernel(Q15Kernel k) {
        return new Q15Case(k, p, a, b, c, outLen);
    }

    String describe() {
        return kernel + " p=" + Arrays.toString(p) + " lenA=" + a.length + " lenB=" + b.length + " lenC=" + c.length
                + " outLen=" + outLen;
    }

    static byte[] toBytes(short[] v, boolean q7) {
        byte[] r = new byte[q7 ? v.length : 2 * v.length];
        for (int i = 0; i < v.length; i++) {
            if (q7) {
                r[i] = (byte) v[i];
            } else {
                r[2 * i] = (byte) v[i];
                r[2 * i + 1] = (byte) (v[i] >> 8);
            }
        }
        return r;
    }

    static short[] fromBytes(byte[] b, boolean q7) {
        short[] r = new short[q7 ? b.length : b.length / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = q7 ? b[i] : (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
        }
        return r;
    }
}
