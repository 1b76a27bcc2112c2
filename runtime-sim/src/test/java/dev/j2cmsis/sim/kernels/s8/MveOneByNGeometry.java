package dev.j2cmsis.sim.kernels.s8;

/**
 * Which driver cases reach CMSIS-NN v7.0.0's MVE {@code arm_convolve_1_x_n_s8} and what its padding split does with
 * them, restated from the C source ({@code Source/ConvolutionFunctions/arm_convolve_1_x_n_s8.c}, MVE branch, and the
 * dispatch of {@code arm_convolve_wrapper_s8.c} / {@code arm_depthwise_conv_wrapper_s8.c}) on the case parameters
 * alone, so the Cortex-M55 tests can select cases without asking the Java kernels under test.
 *
 * <p>The MVE branch splits the output row into left-padded, unpadded and right-padded columns, fills an im2col row
 * for the right part with the {@code filter.w - 1} input columns starting at {@code input_start} and then
 * {@code right_pad_num * in.c} padding bytes, and computes every right-padded column from it. Two geometries make
 * that wrong:
 * <ul>
 * <li>VALID with unused input columns ({@code total_pad < 0}): odd, one real tap is replaced by padding (wrong bytes,
 * deterministic); even, {@code ARM_CMSIS_NN_FAILURE} (semantics notes §5.4).</li>
 * <li>Two or more padding columns on the right (TFLite SAME with {@code total_pad >= 3}): the {@code filter.w - 1}
 * copied columns run past the end of the input row, so bytes after the row enter the sum where padding belongs.
 * Within a batch they are the next image's first pixels (deterministic); after the last image they are whatever
 * memory follows the input buffer, which no simulator can know.</li>
 * </ul>
 */
final class MveOneByNGeometry {

    private final boolean reached;
    private final boolean failure;
    private final boolean validWrongTap;
    private final boolean readsPastRow;

    private MveOneByNGeometry(boolean reached, boolean failure, boolean validWrongTap, boolean readsPastRow) {
        this.reached = reached;
        this.failure = failure;
        this.validWrongTap = validWrongTap;
        this.readsPastRow = readsPastRow;
    }

    /** The geometry of {@code c} on an MVE build (conv-like parameter layout of kernel_driver_s8.c). */
    static MveOneByNGeometry of(S8Case c) {
        int[] p = c.p();
        int inH = p[1];
        int inW = p[2];
        int inC = p[3];
        int fH = p[5];
        int fW = p[6];
        int fC = p[7];
        int outW = p[10];
        int outC = p[11];
        int sx = p[14];
        int px = p[16];
        int py = p[17];
        int dx = p[18];
        int dy = p[19];
        boolean nullCtx = p[23] == 1;
        boolean viaWrapper;
        switch (c.function()) {
            case CONVOLVE_1_X_N -> viaWrapper = false;
            case CONVOLVE_WRAPPER -> viaWrapper = true;
            case DEPTHWISE_WRAPPER -> {
                // MVE runs a depthwise conv with one input channel as a conv with filter [out.c][kh][kw][1]
                if (inC != 1 || outC <= 1) {
                    return none();
                }
                fC = 1;
                viaWrapper = true;
            }
            default -> {
                return none();
            }
        }
        if (viaWrapper) {
            boolean oneByOne = px == 0 && py == 0 && fW == 1 && fH == 1 && dx == 1 && dy == 1 && inC == fC;
            boolean oneByN = inH == 1 && dx == 1 && fH == 1 && (sx * inC) % 4 == 0 && inC == fC;
            if (oneByOne || !oneByN) {
                return none();
            }
        }
        // the argument check, then the MVE branch
        if (inH != 1 || dx != 1 || nullCtx || sx == 0 || (sx * inC) % 4 != 0) {
            return none();
        }
        int totalPad = (outW - 1) * sx + fW - inW;
        int asymPad = totalPad % 2; // C remainder: -1 for an odd negative total
        if (px * 2 + asymPad != totalPad) {
            return new MveOneByNGeometry(true, true, false, false);
        }
        int rightPadNum = px + asymPad != 0 ? Math.max(1, (px + asymPad + sx - 1) / sx) : 0;
        int leftPadNum = px != 0 ? Math.max(1, (px + sx - 1) / sx) : 0;
        int noPadNum = Math.max(outW - (rightPadNum + leftPadNum), 0);
        if (rightPadNum + noPadNum + leftPadNum != outW) {
            return new MveOneByNGeometry(true, false, false, false); // falls back to arm_convolve_s8
        }
        int rightRows = outW - leftPadNum - noPadNum;
        int inputStart = sx * (leftPadNum + noPadNum) - px; // in columns
        // row 0 of the right part uses copied columns 0 .. fW-2 as input columns inputStart ..
        boolean pastRow = rightRows >= 1 && inputStart + fW - 2 >= inW;
        return new MveOneByNGeometry(true, false, totalPad < 0 && rightRows >= 1, pastRow);
    }

    private static MveOneByNGeometry none() {
        return new MveOneByNGeometry(false, false, false, false);
    }

    /** The case runs the MVE {@code arm_convolve_1_x_n_s8} branch (directly or through a wrapper). */
    boolean reached() {
        return reached;
    }

    /** Returns {@code ARM_CMSIS_NN_FAILURE} on MVE (padding decomposition fails). */
    boolean failure() {
        return failure;
    }

    /** VALID with an odd negative total pad: the last column gets a padding tap instead of real data. */
    boolean validWrongTap() {
        return validWrongTap;
    }

    /** The right part sums bytes past the input row (undefined after the last image of the batch). */
    boolean readsPastRow() {
        return readsPastRow;
    }
}
