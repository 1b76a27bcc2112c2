package dev.j2cmsis.sim.data;

/**
 * Element types the readers understand, with their names in the three file formats.
 *
 * <p>{@link #numpyCode()} is the numpy type code without the byte-order character ({@code "f4"}),
 * {@link #safetensorsName()} the safetensors dtype string ({@code "F32"}), {@link #idxCode()} the IDX type
 * byte; {@code null}/{@code -1} where the format has no such type.
 */
public enum DType {
    UINT8(1, "u1", "U8", 0x08),
    INT8(1, "i1", "I8", 0x09),
    INT16(2, "i2", "I16", 0x0B),
    INT32(4, "i4", "I32", 0x0C),
    INT64(8, "i8", "I64", -1),
    FLOAT16(2, "f2", "F16", -1),
    BFLOAT16(2, null, "BF16", -1),
    FLOAT32(4, "f4", "F32", 0x0D),
    FLOAT64(8, "f8", "F64", 0x0E);

    private final int byteSize;
    private final String numpyCode;
    private final String safetensorsName;
    private final int idxCode;

    DType(int byteSize, String numpyCode, String safetensorsName, int idxCode) {
        this.byteSize = byteSize;
        this.numpyCode = numpyCode;
        this.safetensorsName = safetensorsName;
        this.idxCode = idxCode;
    }

    /** Bytes per element in the file. */
    public int byteSize() {
        return byteSize;
    }

    /** Numpy type code without byte order ({@code "f4"}), or {@code null} (bfloat16). */
    public String numpyCode() {
        return numpyCode;
    }

    /** Safetensors dtype name ({@code "F32"}). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** IDX type byte, or -1 when IDX has no such type. */
    public int idxCode() {
        return idxCode;
    }

    /** Whether values are floating point (and so cannot be read as integers). */
    public boolean isFloatingPoint() {
        return this == FLOAT16 || this == BFLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    static DType fromNumpyCode(String code) {
        for (DType t : values()) {
            if (code.equals(t.numpyCode)) {
                return t;
            }
        }
        return null;
    }

    static DType fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (name.equals(t.safetensorsName)) {
                return t;
            }
        }
        return null;
    }

    static DType fromIdxCode(int code) {
        for (DType t : values()) {
            if (t.idxCode == code) {
                return t;
            }
        }
        return null;
    }
}
