package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzReaderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"arrays.npz", "arrays_compressed.npz"})
    void readsStoredAndDeflatedInOrder(String name) throws IOException {
        Path p = Fixtures.path("npy/" + name);
        LinkedHashMap<String, NdArray> m = NpzReader.read(p);
        assertEquals(List.of("weights", "labels"), List.copyOf(m.keySet()));
        assertArrayEquals(NpyReaderTest.base(), m.get("weights").toFloatArray());
        assertArrayEquals(new int[] {3, 1, 4, 1, 5, 9, 2, 6}, m.get("labels").toIntArray());
        assertEquals(m, NpzReader.read(Files.readAllBytes(p), name));
        LinkedHashMap<String, Tensor> t = NpzReader.readTensors(p);
        assertEquals(Tensor.of("weights", NpyReaderTest.base(), 3, 4), t.get("weights"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arrays.npz", "arrays_compressed.npz"})
    void truncatedArchiveNamesFile(String name) throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("npy/" + name));
        Path cut = tmp.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(full, full.length - 40));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpzReader.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] half = Arrays.copyOf(full, full.length / 2);
        assertThrows(TensorFormatException.class, () -> NpzReader.read(half, "half.npz"));
    }

    @Test
    void corruptEntryIsReported() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("npy/arrays.npz"));
        // Flip a byte inside the first (stored) entry's float data: the CRC no longer matches.
        full[200] ^= 0x55;
        Path bad = tmp.resolve("crc.npz");
        Files.write(bad, full);
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpzReader.read(bad));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void nonNpyEntriesAndNonZipAreRejected() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        Path p = tmp.resolve("odd.npz");
        Files.write(p, bytes.toByteArray());
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpzReader.read(p));
        assertTrue(e.getMessage().contains("'readme.txt' is not a .npy array"), e.getMessage());
        e = assertThrows(TensorFormatException.class, () -> NpzReader.read(Fixtures.path("npy/f4_v1.npy")));
        assertTrue(e.getMessage().contains("not a readable .npz"), e.getMessage());
        e = assertThrows(TensorFormatException.class, () -> NpzReader.read(new byte[] {1, 2, 3, 4}, "x"));
        assertTrue(e.getMessage().contains("does not start with PK"), e.getMessage());
    }
}
