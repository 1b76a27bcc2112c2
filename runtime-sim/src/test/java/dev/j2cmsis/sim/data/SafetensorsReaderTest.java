package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTorchWrittenFileInAllFloatDtypes() throws IOException {
        Path p = Fixtures.path("safetensors/model.safetensors");
        LinkedHashMap<String, NdArray> arrays = SafetensorsReader.readArrays(p);
        assertEquals(DType.FLOAT32, arrays.get("conv.weight").dtype());
        assertEquals(DType.FLOAT16, arrays.get("fc.weight").dtype());
        assertEquals(DType.BFLOAT16, arrays.get("fc.bias").dtype());
        assertEquals(DType.FLOAT64, arrays.get("extra.scale").dtype());
        LinkedHashMap<String, Tensor> tensors = SafetensorsReader.read(p);
        // model_expected.npz holds torch's own tensor.float() of each: the conversion must be exact.
        LinkedHashMap<String, Tensor> expected = NpzReader.readTensors(Fixtures.path("safetensors/model_expected.npz"));
        assertEquals(expected.keySet(), tensors.keySet());
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k), tensors.get(k), k);
        }
        assertArrayEquals(new int[] {2, 1, 3, 3}, tensors.get("conv.weight").shape());
        // Header order, which the safetensors library sorts by dtype alignment then name.
        assertEquals(List.of("extra.scale", "conv.bias", "conv.weight", "fc.bias", "fc.weight"),
                List.copyOf(tensors.keySet()));
        assertEquals(Map.of("format", "pt"), SafetensorsReader.readMetadata(p));
    }

    @Test
    void readsPrettyPrintedHeaderWithEscapes() throws IOException {
        Path p = Fixtures.path("safetensors/pretty.safetensors");
        LinkedHashMap<String, Tensor> t = SafetensorsReader.read(p);
        assertEquals(List.of("caf\u00e9.weight", "b"), List.copyOf(t.keySet()));
        assertArrayEquals(new float[] {1.5f, -2.25f, 0f, 8f}, t.get("caf\u00e9.weight").data());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, t.get("b").data());
        assertEquals(Map.of("note", "tab\there \"quoted\""), SafetensorsReader.readMetadata(p));
        assertEquals(t, SafetensorsReader.read(new ByteArrayInputStream(Files.readAllBytes(p)), "stream"));
    }

    @Test
    void writerIsDeterministicAndRoundTrips() throws IOException {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("z.weight", Tensor.of("z.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        m.put("a.bias", Tensor.of("ignored", new float[] {-0.5f}, 1));
        m.put("scalar", Tensor.of("scalar", new float[] {7}));
        byte[] bytes = SafetensorsWriter.toBytes(m);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"z.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"a.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28]},"
                + "\"scalar\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[28,32]}}", header.stripTrailing());
        Path p = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(p, m, Map.of("k", "v\"1"));
        LinkedHashMap<String, Tensor> back = SafetensorsReader.read(p);
        assertEquals(List.of("z.weight", "a.bias", "scalar"), List.copyOf(back.keySet()));
        assertEquals(m.get("z.weight"), back.get("z.weight"));
        assertArrayEquals(new float[] {-0.5f}, back.get("a.bias").data());
        assertEquals("a.bias", back.get("a.bias").name());
        assertEquals(Map.of("k", "v\"1"), SafetensorsReader.readMetadata(p));
        assertArrayEquals(SafetensorsWriter.toBytes(m), SafetensorsWriter.toBytes(new LinkedHashMap<>(m)));
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static String problem(byte[] bytes) {
        return assertThrows(TensorFormatException.class, () -> SafetensorsReader.read(bytes, "t.safetensors"))
                .getMessage();
    }

    @Test
    void validatesHeaderAndOffsets() {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(1, assertDoesNotThrow(file(ok, 8)).size());
        assertTrue(problem(file(ok, 4)).contains("do not lie within the 4-byte data section"));
        assertTrue(problem(file(ok.replace("[2]", "[3]"), 8)).contains("needs 12 bytes but data_offsets [0, 8] span 8"));
        assertTrue(problem(file(ok.replace("F32", "F8_E4M3"), 8)).contains("dtype F8_E4M3 is not supported"));
        assertTrue(problem(file(ok.replace("[0,8]", "[8,0]"), 8)).contains("do not lie within"));
        assertTrue(problem(file(ok.replace("[2]", "[-2]"), 8)).contains("non-negative integers"));
        assertTrue(problem(file(ok.replace("}}", "}"), 8)).contains("bad JSON header"));
        assertTrue(problem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)).contains("overlap"));
        assertTrue(problem(file("{\"a\":1,\"a\":2}", 0)).contains("duplicate key"));
        assertTrue(problem(file("[1]", 0)).contains("does not start with '{'"));
        assertTrue(problem(new byte[] {1, 2}).contains("shorter than the 8-byte header length"));
        byte[] huge = file(ok, 8);
        huge[7] = 0x7F;
        assertTrue(problem(huge).contains("header length of"));
    }

    @Test
    void truncatedFileNamesFile() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("safetensors/model.safetensors"));
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(full, full.length - 3));
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> SafetensorsReader.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(cut, Arrays.copyOf(full, 50));
        e = assertThrows(TensorFormatException.class, () -> SafetensorsReader.read(cut));
        assertTrue(e.getMessage().contains("header length of"), e.getMessage());
    }

    private static LinkedHashMap<String, Tensor> assertDoesNotThrow(byte[] bytes) {
        try {
            return SafetensorsReader.read(bytes, "ok");
        } catch (TensorFormatException e) {
            throw new AssertionError(e);
        }
    }
}
