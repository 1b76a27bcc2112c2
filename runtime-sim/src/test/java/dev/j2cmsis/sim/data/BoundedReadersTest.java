package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile sizes: every reader checks what a header claims against what the file holds before it allocates,
 * and fails with {@link TensorFormatException} naming the file.
 */
class BoundedReadersTest {
    @TempDir
    Path tmp;

    /** 42 bytes whose header claims 2^31-1 images of 28x28: must fail as truncated, not allocate 1.6 TB. */
    @Test
    void idxHeaderClaimingBillionsOfItemsIsTruncatedNotAllocated() throws IOException {
        byte[] file = ByteBuffer.allocate(42).put(new byte[] {0, 0, 8, 3}).putInt(Integer.MAX_VALUE).putInt(28)
                .putInt(28).array();
        Path p = tmp.resolve("huge-idx3-ubyte");
        Files.write(p, file);
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        // Within the limit but still far more than the file: reported as truncated with the byte counts.
        byte[] small = ByteBuffer.allocate(42).put(new byte[] {0, 0, 8, 3}).putInt(100_000).putInt(28)
                .putInt(28).array();
        Files.write(p, small);
        e = assertThrows(TensorFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("needs 78400000 data bytes") && e.getMessage().contains("found 26"),
                e.getMessage());
    }

    /** A corrupt CRC-32 in the gzip trailer is found even when 'samples' stops reading after one item. */
    @Test
    void gzipCrcIsCheckedWhenReadingStopsEarly() throws IOException {
        byte[] idx = ByteBuffer.allocate(8 + 10).put(new byte[] {0, 0, 8, 1}).putInt(10)
                .put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).array();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(idx);
        }
        byte[] good = b.toByteArray();
        assertEquals(1, IdxReader.read(new ByteArrayInputStream(good), "ok.gz", 1).items());
        byte[] bad = good.clone();
        bad[bad.length - 6] ^= 0x01; // inside the CRC-32 of the trailer
        TensorFormatException e = assertThrows(TensorFormatException.class,
                () -> IdxReader.read(new ByteArrayInputStream(bad), "bad.gz", 1));
        assertTrue(e.getMessage().contains("bad.gz") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    /** An npz entry that inflates past its .npy header's shape stops one byte later, from a file or memory. */
    @Test
    void npzEntryInflatingPastItsHeaderIsRejectedEarly() throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        npy.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        npy.write(header.getBytes(StandardCharsets.ISO_8859_1));
        // 8 bytes declared, 64 MiB of zeros deflate to ~64 KiB: a small zip bomb.
        byte[] zip = zip("w.npy", npy.toByteArray(), 64 << 20);
        Path p = tmp.resolve("bomb.npz");
        Files.write(p, zip);
        for (TensorFormatException e : new TensorFormatException[] {
                assertThrows(TensorFormatException.class, () -> NpzReader.read(p)),
                assertThrows(TensorFormatException.class, () -> NpzReader.read(zip, "bomb.npz"))}) {
            assertTrue(e.getMessage().contains("more bytes follow the 8 data bytes"), e.getMessage());
        }
    }

    /** ZipInputStream throws IllegalArgumentException on an entry name that is not UTF-8. */
    @Test
    void npzEntryNameThatIsNotUtf8IsAFormatError() throws IOException {
        byte[] zip = zip("ab.npy", new byte[0], 0);
        // Replace the local header's name "ab" with an invalid UTF-8 sequence; ZipInputStream reads only that.
        int at = indexOf(zip, "ab.npy".getBytes(StandardCharsets.US_ASCII));
        zip[at] = (byte) 0xC3;
        zip[at + 1] = (byte) 0x28;
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpzReader.read(zip, "x.npz"));
        assertTrue(e.getMessage().contains("x.npz"), e.getMessage());
    }

    /** An npy header nested thousands of levels deep fails with a message, not a StackOverflowError. */
    @Test
    void deeplyNestedNpyHeaderIsAFormatError() {
        String dict = "{'shape': " + "(".repeat(20_000) + "}";
        byte[] b = new byte[10 + dict.length()];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, 0, b, 0, 8);
        b[8] = (byte) dict.length();
        b[9] = (byte) (dict.length() >> 8);
        System.arraycopy(dict.getBytes(StandardCharsets.ISO_8859_1), 0, b, 10, dict.length());
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpyReader.read(b, "deep.npy"));
        assertTrue(e.getMessage().contains("nested more than 32 levels"), e.getMessage());
    }

    private static byte[] zip(String name, byte[] content, int zeros) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
            byte[] chunk = new byte[1 << 16];
            for (int i = 0; i < zeros; i += chunk.length) {
                z.write(chunk);
            }
            z.closeEntry();
        }
        return b.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
