package dev.j2cmsis.sim.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@code .npy} version 1.0 files in C order, little-endian, byte for byte as {@code np.save} does
 * (header padded with spaces and a newline to a multiple of 64 bytes).
 */
public final class NpyWriter {
    private NpyWriter() {}

    /** Writes a float32 ({@code '<f4'}) array. */
    public static void write(Path file, int[] shape, float[] data) throws IOException {
        Files.write(file, toBytes(shape, data));
    }

    /** Writes {@code array} in its own dtype; FLOAT16 and BFLOAT16 are not supported. */
    public static void write(Path file, NdArray array) throws IOException {
        Files.write(file, toBytes(array));
    }

    /** The {@code .npy} bytes of a float32 array. */
    public static byte[] toBytes(int[] shape, float[] data) {
        return toBytes(NdArray.ofFloat32(shape, data));
    }

    /**
     * The {@code .npy} bytes of {@code array}.
     *
     * @throws IllegalArgumentException for FLOAT16 or BFLOAT16 arrays
     */
    public static byte[] toBytes(NdArray array) {
        DType t = array.dtype();
        if (t == DType.FLOAT16 || t == DType.BFLOAT16) {
            throw new IllegalArgumentException("NpyWriter does not write " + t
                    + "; convert with toFloatArray() and write float32");
        }
        String descr = (t.byteSize() == 1 ? "|" : "<") + t.numpyCode();
        int[] shape = array.shape();
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d", shape[i]));
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + tuple + ", }");
        int total = 10 + header.length() + 1;
        header.append(" ".repeat((64 - total % 64) % 64)).append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(10 + h.length + array.size() * t.byteSize())
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        Object s = array.storage();
        switch (t) {
            case UINT8, INT8 -> buf.put((byte[]) s);
            case INT16 -> buf.asShortBuffer().put((short[]) s);
            case INT32 -> buf.asIntBuffer().put((int[]) s);
            case INT64 -> buf.asLongBuffer().put((long[]) s);
            case FLOAT32 -> buf.asFloatBuffer().put((float[]) s);
            case FLOAT64 -> buf.asDoubleBuffer().put((double[]) s);
            default -> throw new AssertionError(t);
        }
        return buf.array();
    }
}
