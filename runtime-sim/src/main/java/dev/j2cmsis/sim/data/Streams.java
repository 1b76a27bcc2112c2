package dev.j2cmsis.sim.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Stream helpers shared by the readers. */
final class Streams {
    /**
     * The most bytes any reader holds for one file, npz entry or array: 512 MiB. A Cortex-M network's
     * weights and a calibration set are far smaller; a header or zip entry that claims more is damaged or
     * hostile (a zip bomb), and must not make javac run out of memory.
     */
    static final long MAX_BYTES = 512L << 20;
    private static final int CHUNK = 1 << 20;

    private Streams() {}

    /**
     * Reads up to {@code len} bytes, growing the buffer only as bytes actually arrive, so a header that
     * claims gigabytes costs memory only for the bytes the stream really holds. Returns fewer bytes only at
     * end of stream.
     */
    static byte[] readUpTo(InputStream in, long len, String source) throws IOException {
        checkSize(len, source);
        return grow(in, len, source);
    }

    /** Rejects a declared size over {@link #MAX_BYTES}. */
    static void checkSize(long len, String source) throws TensorFormatException {
        if (len > MAX_BYTES) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "declares %d bytes of data, more than the limit of %d bytes (512 MiB) for one file or "
                            + "array; the header is damaged, or the data is far larger than a Cortex-M network "
                            + "can use", len, MAX_BYTES));
        }
    }

    private static byte[] grow(InputStream in, long len, String source) throws IOException {
        byte[] buf = new byte[(int) Math.min(len, CHUNK)];
        int n = 0;
        while (n < len) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(len, 2L * buf.length));
            }
            int got = readFully(in, buf, n, buf.length - n, source);
            n += got;
            if (n < buf.length) {
                return Arrays.copyOf(buf, n);
            }
        }
        return buf;
    }

    /** The whole stream, at most {@link #MAX_BYTES}. */
    static byte[] readAll(InputStream in, String source) throws IOException {
        byte[] b = grow(in, MAX_BYTES + 1, source);
        if (b.length > MAX_BYTES) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "holds more than the limit of %d bytes (512 MiB) for one file or array", MAX_BYTES));
        }
        return b;
    }

    /**
     * Reads the stream to its end, discarding the bytes, so that a gzip stream checks its CRC-32 and length
     * trailer even when the caller needed only its first items.
     */
    static void drain(InputStream in, String source) throws IOException {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (EOFException | ZipException e) {
            throw gzipBroken(source, e);
        }
    }

    /** Wraps {@code in} in a GZIPInputStream when its first two bytes are the gzip magic 1f 8b. */
    static InputStream maybeGunzip(InputStream in, String source) throws IOException {
        BufferedInputStream b = in instanceof BufferedInputStream bi ? bi : new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        if (b0 == 0x1F && b1 == 0x8B) {
            try {
                return new GZIPInputStream(b, 1 << 16);
            } catch (EOFException | ZipException e) {
                throw gzipBroken(source, e);
            }
        }
        return b;
    }

    static TensorFormatException gzipBroken(String source, IOException e) {
        return new TensorFormatException(source, "the gzip stream is truncated or corrupt (" + e.getMessage()
                + "); download or compress the file again", e);
    }

    /**
     * Reads up to {@code len} bytes, stopping early only at end of stream; turns gzip failures into
     * {@link TensorFormatException}.
     */
    static int readFully(InputStream in, byte[] buf, int len, String source) throws IOException {
        return readFully(in, buf, 0, len, source);
    }

    static int readFully(InputStream in, byte[] buf, int off, int len, String source) throws IOException {
        try {
            return in.readNBytes(buf, off, len);
        } catch (EOFException | ZipException e) {
            throw gzipBroken(source, e);
        }
    }

    /** Whether {@code in} has at least one more byte. */
    static boolean hasMore(InputStream in, String source) throws IOException {
        try {
            return in.read() != -1;
        } catch (EOFException | ZipException e) {
            throw gzipBroken(source, e);
        }
    }
}
