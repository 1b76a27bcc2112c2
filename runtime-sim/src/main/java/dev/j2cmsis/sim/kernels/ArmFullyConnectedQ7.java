package dev.j2cmsis.sim.kernels;

/**
 * q7 fully connected layers of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0),
 * {@code CMSIS/NN/Source/FullyConnectedFunctions/arm_fully_connected_q7.c} and {@code _q7_opt.c}.
 *
 * <p>{@code out[r] = sat8(((bias[r] << bias_shift) + NN_ROUND(out_shift) + sum_j vec[j] * W[r][j]) >> out_shift)}
 * in wrapping 32-bit arithmetic. Plain-C and DSP paths are identical for both kernels. No checks; the output
 * must not alias the vector. The C {@code vec_buffer} (dim_vec q15, DSP path only) is not needed here.
 */
public final class ArmFullyConnectedQ7 {

    private ArmFullyConnectedQ7() {
    }

    /**
     * {@code arm_fully_connected_q7}: matrix row-major {@code [num_rows][dim_vec]}.
     *
     * @return always 0 ({@code ARM_MATH_SUCCESS})
     */
    public static int arm_fully_connected_q7(byte[] vec, int vecOff, byte[] mat, int matOff, int dimVec,
            int numRows, int biasShift, int outShift, byte[] bias, int biasOff, byte[] out, int outOff) {
        dimVec = NnSupport.u16(dimVec);
        numRows = NnSupport.u16(numRows);
        biasShift = NnSupport.u16(biasShift);
        outShift = NnSupport.u16(outShift);
        final int round = NnSupport.nnRound(outShift);
        for (int r = 0; r < numRows; r++) {
            int acc = (bias[biasOff + r] << biasShift) + round;
            final int mp = matOff + r * dimVec;
            for (int j = 0; j < dimVec; j++) {
                acc += vec[vecOff + j] * mat[mp + j];
            }
            out[outOff + r] = NnSupport.sat8(acc >> outShift);
        }
        return 0;
    }

    /**
     * {@code arm_fully_connected_q7_opt}: same result as {@link #arm_fully_connected_q7} for a matrix stored in
     * interleave layout A (see {@link #interleaveQ7Opt}); both C paths read that layout.
     *
     * @return always 0 ({@code ARM_MATH_SUCCESS})
     */
    public static int arm_fully_connected_q7_opt(byte[] vec, int vecOff, byte[] mat, int matOff, int dimVec,
            int numRows, int biasShift, int outShift, byte[] bias, int biasOff, byte[] out, int outOff) {
        dimVec = NnSupport.u16(dimVec);
        numRows = NnSupport.u16(numRows);
        biasShift = NnSupport.u16(biasShift);
        outShift = NnSupport.u16(outShift);
        final int round = NnSupport.nnRound(outShift);
        final int blocks = dimVec >> 2;
        final int tail = dimVec & 3;
        int pb = matOff;
        int po = outOff;
        int pBias = biasOff;
        for (int g = numRows >> 2; g > 0; g--) {
            int s0 = (bias[pBias] << biasShift) + round;
            int s1 = (bias[pBias + 1] << biasShift) + round;
            int s2 = (bias[pBias + 2] << biasShift) + round;
            int s3 = (bias[pBias + 3] << biasShift) + round;
            pBias += 4;
            int pa = vecOff;
            for (int c = 0; c < blocks; c++) {
                final int v0 = vec[pa];
                final int v1 = vec[pa + 1];
                final int v2 = vec[pa + 2];
                final int v3 = vec[pa + 3];
                pa += 4;
                // 16 bytes: r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 r0c1 r1c1 r0c3 r1c3 r2c1 r3c1 r2c3 r3c3
                s0 += v0 * mat[pb] + v2 * mat[pb + 2] + v1 * mat[pb + 8] + v3 * mat[pb + 10];
                s1 += v0 * mat[pb + 1] + v2 * mat[pb + 3] + v1 * mat[pb + 9] + v3 * mat[pb + 11];
                s2 += v0 * mat[pb + 4] + v2 * mat[pb + 6] + v1 * mat[pb + 12] + v3 * mat[pb + 14];
                s3 += v0 * mat[pb + 5] + v2 * mat[pb + 7] + v1 * mat[pb + 13] + v3 * mat[pb + 15];
                pb += 16;
            }
            for (int c = 0; c < tail; c++) {
                final int v = vec[pa++];
                s0 += v * mat[pb];
                s1 += v * mat[pb + 1];
                s2 += v * mat[pb + 2];
                s3 += v * mat[pb + 3];
                pb += 4;
            }
            out[po] = NnSupport.sat8(s0 >> outShift);
            out[po + 1] = NnSupport.sat8(s1 >> outShift);
            out[po + 2] = NnSupport.sat8(s2 >> outShift);
            out[po + 3] = NnSupport.sat8(s3 >> outShift);
            po += 4;
        }
        for (int r = numRows & 3; r > 0; r--) {
            int acc = (bias[pBias++] << biasShift) + round;
            for (int j = 0; j < dimVec; j++) {
                acc += vec[vecOff + j] * mat[pb++];
            }
            out[po++] = NnSupport.sat8(acc >> outShift);
        }
        return 0;
    }

    /**
     * Rearranges a row-major {@code [num_rows][dim_vec]} q7 matrix into interleave layout A, the layout read by
     * {@code arm_fully_connected_q7_opt} (what CMSIS's {@code fully_connected_opt_weight_generation.py} emits).
     * Rows are taken in groups of four; per group, each block of four columns c0..c3 becomes the 16 bytes
     * {@code r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 r0c1 r1c1 r0c3 r1c3 r2c1 r3c1 r2c3 r3c3}, then each of the
     * {@code dim_vec % 4} leftover columns c becomes {@code r0c r1c r2c r3c}. The last {@code num_rows % 4}
     * rows follow unchanged, row-major.
     *
     * @param rowMajor the matrix, at least {@code numRows * dimVec} bytes from index 0
     * @param numRows number of rows (outputs)
     * @param dimVec number of columns (inputs)
     * @return a new array of {@code numRows * dimVec} bytes in layout A
     */
    public static byte[] interleaveQ7Opt(byte[] rowMajor, int numRows, int dimVec) {
        final byte[] res = new byte[numRows * dimVec];
        int p = 0;
        final int groups = numRows >> 2;
        final int blockCols = dimVec & ~3;
        for (int g = 0; g < groups; g++) {
            final int r0 = 4 * g * dimVec;
            final int r1 = r0 + dimVec;
            final int r2 = r1 + dimVec;
            final int r3 = r2 + dimVec;
            for (int c = 0; c < blockCols; c += 4) {
                final int[] order = {r0 + c, r1 + c, r0 + c + 2, r1 + c + 2, r2 + c, r3 + c, r2 + c + 2, r3 + c + 2,
                    r0 + c + 1, r1 + c + 1, r0 + c + 3, r1 + c + 3, r2 + c + 1, r3 + c + 1, r2 + c + 3, r3 + c + 3};
                for (int idx : order) {
                    res[p++] = rowMajor[idx];
                }
            }
            for (int c = blockCols; c < dimVec; c++) {
                res[p++] = rowMajor[r0 + c];
                res[p++] = rowMajor[r1 + c];
                res[p++] = rowMajor[r2 + c];
                res[p++] = rowMajor[r3 + c];
            }
        }
        final int rest = groups * 4 * dimVec;
        System.arraycopy(rowMajor, rest, res, p, numRows * dimVec - rest);
        return res;
    }
}
