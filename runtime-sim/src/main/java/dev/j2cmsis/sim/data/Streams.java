package dev.j2cmsis.sim.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Stream helpers shared by the readers. */
final class Streams {
    private Streams() {}

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
        try {
            return in.readNBytes(buf, 0, len);
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
