package dev.j2cmsis.sim.kernels;

/**
 * q15 fully connected layers of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0),
 * {@code CMSIS/NN/Source/FullyConnectedFunctions/arm_fully_connected_{q15,q15_opt,mat_q7_vec_q15,
 * mat_q7_vec_q15_opt}.c}.
 *
 * <p>{@code out[r] = sat16(((bias[r] << bias_shift) + NN_ROUND(out_shift) + sum_j vec[j] * W[r][j]) >> out_shift)}
 * in wrapping 32-bit arithmetic, with a q15 vector and either a q15 matrix and bias or (the {@code mat_q7_vec_q15}
 * kernels) a q7 matrix and bias. Plain-C and DSP paths are identical for all four. No checks; the output must not
 * alias the vector. The C {@code vec_buffer} argument is unused by all four.
 */
public final class ArmFullyConnectedQ15 {

    private ArmFullyConnectedQ15() {
    }

    /**
     * {@code arm_fully_connected_q15}: matrix row-major {@code [num_rows][dim_vec]}.
     *
     * @return always 0 ({@code ARM_MATH_SUCCESS})
     */
    public static int arm_fully_connected_q15(short[] vec, int vecOff, short[] mat, int matOff, int dimVec,
            int numRows, int biasShift, int outShift, short[] bias, int biasOff, short[] out, int outOff) {
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
            out[outOff + r] = NnSupport.sat16(acc >> outShift);
        }
        return 0;
    }

    /**
     * {@code arm_fully_connected_q15_opt}: same result as {@link #arm_fully_connected_q15} for a matrix stored in
     * interleave layout B (see {@link #interleaveQ15Opt}); both C paths read that layout.
     *
     * @return always 0 ({@code ARM_MATH_SUCCESS})
     */
    public static int arm_fully_connected_q15_opt(short[] vec, int vecOff, short[] mat, int matOff, int dimVec,
            int numRows, int biasShift, int outShift, short[] bias, int biasOff, short[] out, int outOff) {
        dimVec = NnSupport.u16(dimVec);
        numRows = NnSupport.u16(numRows);
        biasShift = NnSupport.u16(biasShift);
        outShift = NnSupport.u16(outShift);
        final int round = NnSupport.nnRound(outShift);
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
            for (int c = dimVec >> 1; c > 0; c--) {
                final int v0 = vec[pa];
                final int v1 = vec[pa + 1];
                pa += 2;
                // r0c0 r0c1 r1c0 r1c1 r2c0 r2c1 r3c0 r3c1
                s0 += v0 * mat[pb] + v1 * mat[pb + 1];
                s1 += v0 * mat[pb + 2] + v1 * mat[pb + 3];
                s2 += v0 * mat[pb + 4] + v1 * mat[pb + 5];
                s3 += v0 * mat[pb + 6] + v1 * mat[pb + 7];
                pb += 8;
            }
            if ((dimVec & 1) != 0) {
                final int v = vec[pa];
                s0 += v * mat[pb];
                s1 += v * mat[pb + 1];
                s2 += v * mat[pb + 2];
                s3 += v * mat[pb + 3];
                pb += 4;
            }
            out[po] = NnSupport.sat16(s0 >> outShift);
            out[po + 1] = NnSupport.sat16(s1 >> outShift);
            out[po + 2] = NnSupport.sat16(s2 >> outShift);
            out[po + 3] = NnSupport.sat16(s3 >> outShift);
            po += 4;
        }
        for (int r = numRows & 3; r > 0; r--) {
            int acc = (bias[pBias++] << biasShift) + round;
            for (int j = 0; j < dimVec; j++) {
                acc += vec[vecOff + j] * mat[pb++];
            }
            out[po++] = NnSupport.sat16(acc >> outShift);
        }
        return 0;
    }

    /**
     * {@code arm_fully_connected_mat_q7_vec_q15}: q15 vector, q7 matrix row-major {@code [num_rows][dim_vec]}, q7
     * bias, q15 output.
     *
     * @return always 0 ({@code ARM_MATH_SUCCESS})
     */
    public static int arm_fully_connected_mat_q7_vec_q15(short[] vec, int vecOff, byte[] mat, int matOff, int dimVec,
            int numRows, int biasShift, int outShift, byte[] bias, int biasOff, short[] out, int outOff) {
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
            out[outOff + r] = NnSupport.sat16(acc >> outShift);
        }
        return 0;
    }

    /**
     * {@code arm_fully_connected_mat_q7_vec_q15_opt}: same result as {@link #arm_fully_connected_mat_q7_vec_q15}
     * for a matrix stored in interleave layout C (see {@link #interleaveQ7Q15Opt}); both C paths read that layout.
     *
     * @return always 0 ({@code ARM_MATH_SUCCESS})
     */
    public static int arm_fully_connected_mat_q7_vec_q15_opt(short[] vec, int vecOff, byte[] mat, int matOff,
            int dimVec, int numRows, int biasShift, int outShift, byte[] bias, int biasOff, short[] out, int outOff) {
        dimVec = NnSupport.u16(dimVec);
        numRows = NnSupport.u16(numRows);
        biasShift = NnSupport.u16(biasShift);
        outShift = NnSupport.u16(outShift);
        final int round = NnSupport.nnRound(outShift);
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
            for (int c = dimVec >> 1; c > 0; c--) {
                final int v0 = vec[pa];
                final int v1 = vec[pa + 1];
                pa += 2;
                // r0c0 r1c0 r0c1 r1c1 r2c0 r3c0 r2c1 r3c1
                s0 += v0 * mat[pb] + v1 * mat[pb + 2];
                s1 += v0 * mat[pb + 1] + v1 * mat[pb + 3];
                s2 += v0 * mat[pb + 4] + v1 * mat[pb + 6];
                s3 += v0 * mat[pb + 5] + v1 * mat[pb + 7];
                pb += 8;
            }
            if ((dimVec & 1) != 0) {
                final int v = vec[pa];
                s0 += v * mat[pb];
                s1 += v * mat[pb + 1];
                s2 += v * mat[pb + 2];
                s3 += v * mat[pb + 3];
                pb += 4;
            }
            out[po] = NnSupport.sat16(s0 >> outShift);
            out[po + 1] = NnSupport.sat16(s1 >> outShift);
            out[po + 2] = NnSupport.sat16(s2 >> outShift);
            out[po + 3] = NnSupport.sat16(s3 >> outShift);
            po += 4;
        }
        for (int r = numRows & 3; r > 0; r--) {
            int acc = (bias[pBias++] << biasShift) + round;
            for (int j = 0; j < dimVec; j++) {
                acc += vec[vecOff + j] * mat[pb++];
            }
            out[po++] = NnSupport.sat16(acc >> outShift);
        }
        return 0;
    }

    /**
     * Rearranges a row-major {@code [num_rows][dim_vec]} q15 matrix into interleave layout B, the layout read by
     * {@code arm_fully_connected_q15_opt} ("x4_q15" in CMSIS's {@code fully_connected_opt_weight_generation.py}).
     * Rows are taken in groups of four; per group, each block of two columns c0, c1 becomes
     * {@code r0c0 r0c1 r1c0 r1c1 r2c0 r2c1 r3c0 r3c1}, and an odd last column c becomes {@code r0c r1c r2c r3c}. The
     * last {@code num_rows % 4} rows follow unchanged, row-major.
     *
     * @param rowMajor the matrix, at least {@code numRows * dimVec} values from index 0
     * @param numRows number of rows (outputs)
     * @param dimVec number of columns (inputs)
     * @return a new array of {@code numRows * dimVec} values in layout B
     */
    public static short[] interleaveQ15Opt(short[] rowMajor, int numRows, int dimVec) {
        final short[] res = new short[numRows * dimVec];
        int p = 0;
        final int groups = numRows >> 2;
        for (int g = 0; g < groups; g++) {
            final int r0 = 4 * g * dimVec;
            for (int c = 0; c + 1 < dimVec; c += 2) {
                for (int q = 0; q < 4; q++) {
                    res[p++] = rowMajor[r0 + q * dimVec + c];
                    res[p++] = rowMajor[r0 + q * dimVec + c + 1];
                }
            }
            if ((dimVec & 1) != 0) {
                for (int q = 0; q < 4; q++) {
                    res[p++] = rowMajor[r0 + q * dimVec + dimVec - 1];
                }
            }
        }
        final int rest = groups * 4 * dimVec;
        System.arraycopy(rowMajor, rest, res, p, numRows * dimVec - rest);
        return res;
    }

    /**
     * Rearranges a row-major {@code [num_rows][dim_vec]} q7 matrix into interleave layout C, the layout read by
     * {@code arm_fully_connected_mat_q7_vec_q15_opt} ("q7_q15" in CMSIS's
     * {@code fully_connected_opt_weight_generation.py}). Rows are taken in groups of four; per group, each block of
     * two columns c0, c1 becomes {@code r0c0 r1c0 r0c1 r1c1 r2c0 r3c0 r2c1 r3c1} (the order SXTB16 unpacks into two
     * q15 pairs), and an odd last column c becomes {@code r0c r1c r2c r3c}. The last {@code num_rows % 4} rows follow
     * unchanged, row-major.
     *
     * @param rowMajor the matrix, at least {@code numRows * dimVec} bytes from index 0
     * @param numRows number of rows (outputs)
     * @param dimVec number of columns (inputs)
     * @return a new array of {@code numRows * dimVec} bytes in layout C
     */
    public static byte[] interleaveQ7Q15Opt(byte[] rowMajor, int numRows, int dimVec) {
        final byte[] res = new byte[numRows * dimVec];
        int p = 0;
        final int groups = numRows >> 2;
        for (int g = 0; g < groups; g++) {
            final int r0 = 4 * g * dimVec;
            final int r1 = r0 + dimVec;
            final int r2 = r1 + dimVec;
            final int r3 = r2 + dimVec;
            for (int c = 0; c + 1 < dimVec; c += 2) {
                res[p++] = rowMajor[r0 + c];
                res[p++] = rowMajor[r1 + c];
                res[p++] = rowMajor[r0 + c + 1];
                res[p++] = rowMajor[r1 + c + 1];
                res[p++] = rowMajor[r2 + c];
                res[p++] = rowMajor[r3 + c];
                res[p++] = rowMajor[r2 + c + 1];
                res[p++] = rowMajor[r3 + c + 1];
            }
            if ((dimVec & 1) != 0) {
                final int c = dimVec - 1;
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
