package dev.j2cmsis.sim.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST ({@code train-images-idx3-ubyte} and friends),
 * plain or gzip-compressed. Compression is recognised by the gzip magic bytes, not by the file name, so a
 * {@code .gz} that was already unpacked by a browser still reads.
 *
 * <p>Layout (big-endian): two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
 * 0x0D float32, 0x0E float64), the number of dimensions, one int32 per dimension, then the data in C order.
 *
 * <p>Every method can stop after the first {@code maxItems} items along the first axis; the rest of a plain
 * file is then not read, while a gzip file is read to its end so that its CRC-32 is verified. Memory grows
 * only with the bytes the file really holds, and at most {@value Streams#MAX_BYTES} bytes are held.
 */
public final class IdxReader {
    private static final int ALL = Integer.MAX_VALUE;

    private IdxReader() {}

    /** Reads the whole file. */
    public static NdArray read(Path file) throws IOException {
        return read(file, ALL);
    }

    /**
     * Reads the first {@code maxItems} items (all of them when the file has fewer).
     *
     * @throws TensorFormatException when the file is not IDX, has an unknown type, or is truncated
     */
    public static NdArray read(Path file, int maxItems) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), maxItems);
        }
    }

    /**
     * Reads from a stream, plain or gzip; {@code source} names it in error messages. The stream is left
     * open.
     */
    public static NdArray read(InputStream stream, String source, int maxItems) throws IOException {
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be >= 0, was " + maxItems);
        }
        InputStream in = Streams.maybeGunzip(stream, source);
        byte[] head = new byte[4];
        int got = Streams.readFully(in, head, 4, source);
        if (got < 4) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "too short for an IDX file: expected a 4-byte magic number, found %d bytes", got));
        }
        if (head[0] != 0 || head[1] != 0) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "not an IDX file: it starts with 0x%02X 0x%02X, expected 0x00 0x00 followed by a type "
                            + "byte and the number of dimensions (MNIST's train-images-idx3-ubyte starts "
                            + "00 00 08 03)", head[0] & 0xFF, head[1] & 0xFF));
        }
        int typeCode = head[2] & 0xFF;
        DType dtype = DType.fromIdxCode(typeCode);
        if (dtype == null) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "unknown IDX type byte 0x%02X; IDX knows 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, "
                            + "0x0D float32, 0x0E float64", typeCode));
        }
        int rank = head[3] & 0xFF;
        if (rank == 0) {
            throw new TensorFormatException(source, "the IDX header declares 0 dimensions; expected at least 1");
        }
        byte[] dimBytes = new byte[4 * rank];
        got = Streams.readFully(in, dimBytes, dimBytes.length, source);
        if (got < dimBytes.length) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "truncated header: %d dimensions need %d bytes after the magic number, found %d", rank,
                    dimBytes.length, got));
        }
        ByteBuffer dimBuf = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = dimBuf.getInt();
            if (dims[i] < 0) {
                throw new TensorFormatException(source, String.format(Locale.ROOT,
                        "dimension %d is %d; IDX dimensions are non-negative int32 (is this really IDX?)", i,
                        Integer.toUnsignedLong(dims[i])));
            }
        }
        int[] shape = dims.clone();
        shape[0] = Math.min(maxItems, dims[0]);
        long n = Shapes.product(shape);
        long bytes = n * dtype.byteSize();
        if (n < 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new TensorFormatException(source, "shape " + Shapes.format(shape)
                    + " is too large to hold in one Java array; read fewer items with maxItems");
        }
        // Grown as bytes arrive: a 42-byte file whose header claims a billion items costs 42 bytes, not 1 GB.
        byte[] data = Streams.readUpTo(in, bytes, source);
        got = data.length;
        if (got < bytes) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "truncated: shape %s of %s needs %d data bytes after the %d-byte header, found %d; "
                            + "download or extract the file again", Shapes.format(shape), dtype, bytes,
                    4 + 4 * rank, got));
        }
        if (shape[0] < dims[0] && in instanceof GZIPInputStream) {
            // GZIPInputStream checks the CRC-32 and length only at the end of the member: without reading
            // on, a corrupt calibration .gz would be accepted whenever 'samples' stops early.
            Streams.drain(in, source);
        }
        if (shape[0] == dims[0] && Streams.hasMore(in, source)) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "has bytes after the %d data bytes that its header (shape %s of %s) declares; the header "
                            + "or the file is damaged", bytes, Shapes.format(dims), dtype));
        }
        return NdArray.decode(dtype, shape, ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN));
    }

    /** All images of an {@code idx3-ubyte} file: UINT8, shape {@code [N, H, W]}. */
    public static NdArray readImages(Path file) throws IOException {
        return readImages(file, ALL);
    }

    /**
     * The first {@code maxItems} images of an {@code idx3-ubyte} file: UINT8, shape {@code [n, H, W]}.
     *
     * @throws TensorFormatException when the file is not uint8 with 3 dimensions (a labels file, say)
     */
    public static NdArray readImages(Path file, int maxItems) throws IOException {
        NdArray a = read(file, maxItems);
        if (a.dtype() != DType.UINT8 || a.rank() != 3) {
            throw new TensorFormatException(file.toString(), "expected images (IDX uint8, 3 dimensions N×H×W) "
                    + "but found " + a.dtype() + " " + Shapes.format(a.shape())
                    + "; did you pass the labels file?");
        }
        return a;
    }

    /** All labels of an {@code idx1-ubyte} file. */
    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file, ALL);
    }

    /**
     * The first {@code maxItems} labels of an {@code idx1-ubyte} file (uint8 read as 0..255).
     *
     * @throws TensorFormatException when the file is not integer-typed with 1 dimension
     */
    public static int[] readLabels(Path file, int maxItems) throws IOException {
        NdArray a = read(file, maxItems);
        if (a.dtype().isFloatingPoint() || a.rank() != 1) {
            throw new TensorFormatException(file.toString(), "expected labels (IDX integer type, 1 dimension) "
                    + "but found " + a.dtype() + " " + Shapes.format(a.shape())
                    + "; did you pass the images file?");
        }
        return a.toIntArray();
    }
}
