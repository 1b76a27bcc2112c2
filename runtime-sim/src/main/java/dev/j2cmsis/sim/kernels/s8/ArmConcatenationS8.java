package dev.j2cmsis.sim.kernels.s8;

/**
 * {@code arm_concatenation_s8_x} of CMSIS-NN v7.0.0 ({@code Source/ConcatenationFunctions/arm_concatenation_s8_x.c}),
 * the concatenation along CMSIS's innermost axis x. CMSIS names the axes of a tensor {@code [w][z][y][x]} with x
 * fastest, so for an NHWC tensor x is the channel axis: channel concatenation is {@code _x} with
 * {@code input_x = C_in}, {@code input_y = W}, {@code input_z = H}, {@code input_w = N}, {@code output_x = C_out}
 * and {@code offset_x} the first output channel of this input. A byte copy, no requantization (TFLite requires
 * equal scales and zero points).
 */
public final class ArmConcatenationS8 {

    private ArmConcatenationS8() {
    }

    /** {@code arm_concatenation_s8_x}; the sizes are uint16 in C and are truncated like it. */
    public static void arm_concatenation_s8_x(byte[] in, int inOff, int inputX, int inputY, int inputZ, int inputW,
            byte[] out, int outOff, int outputX, int offsetX) {
        int x = inputX & 0xFFFF;
        int rows = (inputY & 0xFFFF) * (inputZ & 0xFFFF) * (inputW & 0xFFFF);
        int o = outOff + offsetX;
        int i = inOff;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(in, i, out, o, x);
            i += x;
            o += outputX & 0xFFFF;
        }
    }

    /**
     * Channel concatenation of one NHWC input into an NHWC output of {@code outCh} channels, starting at output
     * channel {@code chOffset}: {@link #arm_concatenation_s8_x} with the axis mapping above.
     */
    public static void concatChannels(byte[] in, int inOff, CmsisDims inDims, byte[] out, int outOff, int outCh,
            int chOffset) {
        arm_concatenation_s8_x(in, inOff, inDims.c(), inDims.w(), inDims.h(), inDims.n(), out, outOff, outCh,
                chOffset);
    }
}
