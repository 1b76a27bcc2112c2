package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFilesTest {
    @TempDir
    Path tmp;

    @Test
    void dispatchesOnContentNotName() throws IOException {
        // Copies under misleading names: detection must look at the bytes.
        Path npz = Files.copy(Fixtures.path("npy/arrays_compressed.npz"), tmp.resolve("weights.safetensors"));
        Path npy = Files.copy(Fixtures.path("npy/f4_v1.npy"), tmp.resolve("fc.weight.npy"));
        Path st = Files.copy(Fixtures.path("safetensors/model.safetensors"), tmp.resolve("model.npz"));
        assertEquals(TensorFiles.Format.NPZ, TensorFiles.detect(npz));
        assertEquals(TensorFiles.Format.NPY, TensorFiles.detect(npy));
        assertEquals(TensorFiles.Format.SAFETENSORS, TensorFiles.detect(st));
        assertEquals(List.of("weights", "labels"), List.copyOf(TensorFiles.read(npz).keySet()));
        LinkedHashMap<String, Tensor> one = TensorFiles.read(npy);
        assertEquals(List.of("fc.weight"), List.copyOf(one.keySet()));
        assertEquals("fc.weight", one.get("fc.weight").name());
        assertEquals(SafetensorsReader.read(st), TensorFiles.read(st));
        assertEquals(DType.FLOAT16, TensorFiles.readArrays(st).get("fc.weight").dtype());
    }

    @Test
    void unknownContentExplainsAllThreeFormats() throws IOException {
        Path junk = tmp.resolve("junk.bin");
        Files.writeString(junk, "hello, this is not a tensor file");
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> TensorFiles.read(junk));
        assertTrue(e.getMessage().startsWith("[j2cmsis:data] " + junk), e.getMessage());
        assertTrue(e.getMessage().contains("not .npz (starts with PK) or .npy"), e.getMessage());
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
    }
}
