package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"images-idx3-ubyte", "images-idx3-ubyte.gz"})
    void readsImagesPlainAndGzip(String name) throws IOException {
        NdArray a = IdxReader.readImages(Fixtures.path("idx/" + name));
        assertEquals(DType.UINT8, a.dtype());
        assertArrayEquals(new int[] {5, 4, 3}, a.shape());
        assertEquals(12, a.itemSize());
        byte[] all = a.toByteArray();
        for (int i = 0; i < all.length; i++) {
            assertEquals(i * 7 % 256, all[i] & 0xFF);
        }
        assertArrayEquals(Arrays.copyOfRange(all, 24, 36), a.itemBytes(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"images-idx3-ubyte", "images-idx3-ubyte.gz"})
    void readsOnlyTheFirstItems(String name) throws IOException {
        NdArray a = IdxReader.readImages(Fixtures.path("idx/" + name), 2);
        assertArrayEquals(new int[] {2, 4, 3}, a.shape());
        assertEquals(7 * 23, a.toByteArray()[23] & 0xFF);
        assertArrayEquals(new int[] {5, 4, 3}, IdxReader.readImages(Fixtures.path("idx/" + name), 99).shape());
        assertArrayEquals(new int[] {0, 4, 3}, IdxReader.readImages(Fixtures.path("idx/" + name), 0).shape());
    }

    @Test
    void detectsGzipByMagicNotName() throws IOException {
        assertArrayEquals(new int[] {7, 2, 1, 0, 9}, IdxReader.readLabels(Fixtures.path("idx/gzipped-labels-idx1-ubyte")));
        assertArrayEquals(new int[] {7, 2, 1, 0, 9}, IdxReader.readLabels(Fixtures.path("idx/labels-idx1-ubyte")));
        assertArrayEquals(new int[] {7, 2}, IdxReader.readLabels(Fixtures.path("idx/labels-idx1-ubyte"), 2));
    }

    @Test
    void readsOtherIdxTypes() throws IOException {
        NdArray f = IdxReader.read(Fixtures.path("idx/floats-idx2"));
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {-1f, -0.75f, -0.5f, -0.25f, 0f, 0.25f}, f.toFloatArray());
        NdArray s = IdxReader.read(Fixtures.path("idx/shorts-idx1"));
        assertEquals(DType.INT16, s.dtype());
        assertArrayEquals(new int[] {-3000, -2000, -1000, 0, 1000, 2000}, s.toIntArray());
    }

    @Test
    void wrongKindOfFileIsExplained() {
        TensorFormatException e = assertThrows(TensorFormatException.class,
                () -> IdxReader.readImages(Fixtures.path("idx/labels-idx1-ubyte")));
        assertTrue(e.getMessage().contains("did you pass the labels file?"), e.getMessage());
        e = assertThrows(TensorFormatException.class, () -> IdxReader.readLabels(Fixtures.path("idx/images-idx3-ubyte")));
        assertTrue(e.getMessage().contains("did you pass the images file?"), e.getMessage());
        e = assertThrows(TensorFormatException.class, () -> IdxReader.read(Fixtures.path("npy/f4_v1.npy")));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void truncatedPlainFileNamesFileAndCounts() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("idx/images-idx3-ubyte"));
        Path cut = tmp.resolve("cut-idx3-ubyte");
        Files.write(cut, Arrays.copyOf(full, full.length - 10));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("needs 60 data bytes after the 16-byte header, found 50"), e.getMessage());
        // The first 4 items are all there, so reading only them works.
        assertEquals(4, IdxReader.readImages(cut, 4).items());
        Path header = tmp.resolve("header-idx3-ubyte");
        Files.write(header, Arrays.copyOf(full, 9));
        e = assertThrows(TensorFormatException.class, () -> IdxReader.read(header));
        assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("idx/images-idx3-ubyte.gz"));
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(full, full.length - 30));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void trailingBytesAndBadTypeAreReported() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("idx/labels-idx1-ubyte"));
        Path longer = tmp.resolve("long");
        Files.write(longer, Arrays.copyOf(full, full.length + 3));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> IdxReader.readLabels(longer));
        assertTrue(e.getMessage().contains("has bytes after"), e.getMessage());
        byte[] badType = full.clone();
        badType[2] = 0x42;
        Path bad = tmp.resolve("bad");
        Files.write(bad, badType);
        e = assertThrows(TensorFormatException.class, () -> IdxReader.readLabels(bad));
        assertTrue(e.getMessage().contains("unknown IDX type byte 0x42"), e.getMessage());
    }
}
