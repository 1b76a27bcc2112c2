package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {
    @TempDir
    Path tmp;

    static float[] base() {
        float[] v = new float[12];
        for (int i = 0; i < 12; i++) {
            v[i] = i * 0.25f - 1.5f;
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_v1.npy", "f4_v2.npy", "f4_v3.npy", "f4_big_endian.npy"})
    void readsFloat32InEveryVersionAndByteOrder(String name) throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/" + name));
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {3, 4}, a.shape());
        assertArrayEquals(base(), a.toFloatArray());
    }

    @Test
    void readTensorNamesItAfterTheFile() throws IOException {
        Tensor t = NpyReader.readTensor(Fixtures.path("npy/f4_v1.npy"));
        assertEquals("f4_v1", t.name());
        assertEquals(Tensor.of("f4_v1", base(), 3, 4), t);
    }

    @Test
    void readsFloat64AsFloat() throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/f8.npy"));
        assertEquals(DType.FLOAT64, a.dtype());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = (float) ((i - 2.5) / 3);
            assertEquals((i - 2.5) / 3, a.getDouble(i));
        }
        assertArrayEquals(expected, a.toFloatArray());
    }

    @Test
    void readsFloat16IncludingSubnormalAndMax() throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/f2.npy"));
        assertEquals(DType.FLOAT16, a.dtype());
        // 1/3 in float16 is 0x3555 = 0.333251953125.
        assertArrayEquals(new float[] {0.5f, -2f, 65504f, 0x1p-24f, 0.333251953125f}, a.toFloatArray());
    }

    @Test
    void readsUint8Unsigned() throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/u1.npy"));
        assertEquals(DType.UINT8, a.dtype());
        assertArrayEquals(new int[] {4, 4}, a.shape());
        int[] v = a.toIntArray();
        for (int i = 0; i < 16; i++) {
            assertEquals(17 * i, v[i]);
        }
        assertEquals(255f, a.toFloatArray()[15]);
        assertEquals((byte) 255, a.toByteArray()[15]);
        assertArrayEquals(new byte[] {(byte) 68, (byte) 85, (byte) 102, (byte) 119}, a.itemBytes(1));
        assertArrayEquals(new float[] {204, 221, 238, 255}, a.itemFloats(3));
    }

    @Test
    void readsInt8Signed() throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/i1.npy"));
        assertEquals(DType.INT8, a.dtype());
        assertArrayEquals(new int[] {-128, -96, -64, -32, 0, 32, 64, 96}, a.toIntArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"i4.npy", "i8.npy"})
    void readsIntegerLabels(String name) throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/" + name));
        assertEquals(name.equals("i4.npy") ? DType.INT32 : DType.INT64, a.dtype());
        assertArrayEquals(new int[] {3, 1, 4, 1, 5, 9, 2, 6}, a.toIntArray());
    }

    @Test
    void readsScalar() throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/scalar.npy"));
        assertEquals(0, a.rank());
        assertEquals(1, a.size());
        assertEquals(3.5, a.getDouble(0));
    }

    @Test
    void toleratesOddHeaderSpacingQuotesOrderAndTrailingComma() throws IOException {
        NdArray a = NpyReader.read(Fixtures.path("npy/odd_header.npy"));
        assertArrayEquals(new int[] {2}, a.shape());
        assertArrayEquals(new float[] {1.25f, -7f}, a.toFloatArray());
    }

    @Test
    void rejectsFortranOrderWithAHint() {
        TensorFormatException e = assertThrows(TensorFormatException.class,
                () -> NpyReader.read(Fixtures.path("npy/fortran.npy")));
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
        assertTrue(e.getMessage().contains("np.ascontiguousarray"), e.getMessage());
        assertTrue(e.getMessage().startsWith("[j2cmsis:data] "), e.getMessage());
        assertTrue(e.getMessage().contains("fortran.npy"), e.getMessage());
    }

    @Test
    void truncatedDataNamesFileAndByteCounts() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("npy/f4_v1.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(full, full.length - 5));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpyReader.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("needs 48 data bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("found 43"), e.getMessage());
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("npy/f4_v2.npy"));
        TensorFormatException e = assertThrows(TensorFormatException.class,
                () -> NpyReader.read(Arrays.copyOf(full, 40), "x.npy"));
        assertTrue(e.getMessage().contains("header is declared as"), e.getMessage());
    }

    @Test
    void extraBytesAreReported() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("npy/f4_v1.npy"));
        TensorFormatException e = assertThrows(TensorFormatException.class,
                () -> NpyReader.read(Arrays.copyOf(full, full.length + 4), "x.npy"));
        assertTrue(e.getMessage().contains("4 bytes follow"), e.getMessage());
    }

    @Test
    void badMagicVersionAndDtype() throws IOException {
        assertThrows(TensorFormatException.class, () -> NpyReader.read(new byte[] {1, 2, 3}, "tiny"));
        byte[] v9 = Files.readAllBytes(Fixtures.path("npy/f4_v1.npy"));
        v9[6] = 9;
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpyReader.read(v9, "v9"));
        assertTrue(e.getMessage().contains("version 9.0"), e.getMessage());
        byte[] c8 = Files.readAllBytes(Fixtures.path("npy/f4_v1.npy"));
        String s = new String(c8, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'<f4'", "'<c8'");
        TensorFormatException d = assertThrows(TensorFormatException.class,
                () -> NpyReader.read(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "c8"));
        assertTrue(d.getMessage().contains("dtype '<c8' is not supported"), d.getMessage());
    }

    @Test
    void garbledHeaderReportsPosition() throws IOException {
        byte[] b = Files.readAllBytes(Fixtures.path("npy/f4_v1.npy"));
        b[10] = '#';
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> NpyReader.read(b, "g"));
        assertTrue(e.getMessage().contains("cannot parse the .npy header"), e.getMessage());
    }

    @Test
    void writerRoundTripsAndMatchesNumpyBytes() throws IOException {
        Path p = tmp.resolve("w.npy");
        NpyWriter.write(p, new int[] {3, 4}, base());
        // np.save of the same array wrote f4_v1.npy: the writer reproduces it byte for byte.
        assertArrayEquals(Files.readAllBytes(Fixtures.path("npy/f4_v1.npy")), Files.readAllBytes(p));
        NdArray labels = NpyReader.read(Fixtures.path("npy/i8.npy"));
        assertArrayEquals(Files.readAllBytes(Fixtures.path("npy/i8.npy")), NpyWriter.toBytes(labels));
        NdArray u1 = NpyReader.read(Fixtures.path("npy/u1.npy"));
        assertArrayEquals(Files.readAllBytes(Fixtures.path("npy/u1.npy")), NpyWriter.toBytes(u1));
        assertEquals(u1, NpyReader.read(new ByteArrayInputStream(NpyWriter.toBytes(u1)), "stream"));
    }
}
