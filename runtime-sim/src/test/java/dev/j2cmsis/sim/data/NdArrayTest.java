package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NdArrayTest {
    @Test
    void halfAndBfloat16EdgeCases() {
        assertEquals(Float.POSITIVE_INFINITY, NdArray.halfToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, NdArray.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(NdArray.halfToFloat((short) 0x7E00)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(NdArray.halfToFloat((short) 0x8000)));
        assertEquals(6.097555e-5f, NdArray.halfToFloat((short) 0x03FF)); // largest subnormal
        assertEquals(6.1035156e-5f, NdArray.halfToFloat((short) 0x0400)); // smallest normal
        assertEquals(1.0f, NdArray.bfloat16ToFloat((short) 0x3F80));
        assertEquals(-2.0f, NdArray.bfloat16ToFloat((short) 0xC000));
    }

    @Test
    void accessorsCopyAndCheckTypes() {
        NdArray u8 = NdArray.ofUint8(new int[] {2, 2}, new byte[] {1, (byte) 200, 3, 4});
        byte[] b = u8.toByteArray();
        b[0] = 99;
        assertEquals(1, u8.getLong(0));
        int[] shape = u8.shape();
        shape[0] = 7;
        assertArrayEquals(new int[] {2, 2}, u8.shape());
        assertArrayEquals(new int[] {1, 200, 3, 4}, u8.toIntArray());
        assertArrayEquals(new int[] {2}, u8.itemShape());
        NdArray f = NdArray.ofFloat32(new int[] {2}, new float[] {1.5f, 2f});
        IllegalStateException e = assertThrows(IllegalStateException.class, f::toIntArray);
        assertTrue(e.getMessage().contains("use toFloatArray()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> f.itemBytes(0));
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofInt32(new int[] {3}, new int[] {1}));
        assertEquals(NdArray.ofInt8(new int[] {1}, new byte[] {5}), NdArray.ofInt8(new int[] {1}, new byte[] {5}));
        assertNotEquals(NdArray.ofInt8(new int[] {1}, new byte[] {5}), NdArray.ofUint8(new int[] {1}, new byte[] {5}));
        assertEquals("NdArray[UINT8 [2, 2]]", u8.toString());
    }

    @Test
    void tensorValidatesAndComparesContent() {
        Tensor t = Tensor.of("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(6, t.size());
        assertEquals(3, t.dim(-1));
        assertEquals(Tensor.of("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3), t);
        assertEquals("Tensor[w [2, 3] float32]", t.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of("w", new float[5], 2, 3));
        assertTrue(e.getMessage().contains("tensor 'w': shape [2, 3] has 6 elements but data has 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of("w", new float[0], -1));
    }
}
