package dev.j2cmsis.sim.data;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An n-dimensional array as stored in a file, keeping its element type: uint8 images, int64 labels,
 * float32 weights. Immutable: every accessor that returns an array returns a copy, so an {@code NdArray}
 * can be shared between threads.
 *
 * <p>Values are held in the narrowest Java primitive that represents them exactly: {@code byte[]} for
 * UINT8/INT8 (UINT8 read back unsigned), {@code short[]} for INT16, {@code int[]} for INT32, {@code long[]}
 * for INT64, {@code double[]} for FLOAT64 and {@code float[]} for FLOAT32, FLOAT16 and BFLOAT16 (the two
 * half types are widened to float32 on reading, which is exact).
 *
 * <p>For per-sample access to a dataset of shape {@code [N, ...]} use {@link #itemBytes(int)} or
 * {@link #itemFloats(int)}, which copy one sample rather than the whole array.
 */
public final class NdArray {
    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final Object storage;

    private NdArray(DType dtype, int[] shape, Object storage) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.size = Shapes.checkedSize(this.shape);
        this.storage = storage;
        int len = java.lang.reflect.Array.getLength(storage);
        if (len != size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "shape %s has %d elements but the data has %d", Shapes.format(shape), size, len));
        }
    }

    /** A float32 array; {@code data} is copied. */
    public static NdArray ofFloat32(int[] shape, float[] data) {
        return new NdArray(DType.FLOAT32, shape, data.clone());
    }

    /** A uint8 array (values 0..255 stored in Java bytes); {@code data} is copied. */
    public static NdArray ofUint8(int[] shape, byte[] data) {
        return new NdArray(DType.UINT8, shape, data.clone());
    }

    /** An int8 array; {@code data} is copied. */
    public static NdArray ofInt8(int[] shape, byte[] data) {
        return new NdArray(DType.INT8, shape, data.clone());
    }

    /** An int32 array; {@code data} is copied. */
    public static NdArray ofInt32(int[] shape, int[] data) {
        return new NdArray(DType.INT32, shape, data.clone());
    }

    /**
     * Decodes {@code size(shape)} elements of {@code dtype} from {@code buf} at its position, in the buffer's
     * byte order. The caller has checked that enough bytes remain.
     */
    static NdArray decode(DType dtype, int[] shape, ByteBuffer buf) {
        int n = Shapes.checkedSize(shape);
        int start = buf.position();
        Object s;
        switch (dtype) {
            case UINT8, INT8 -> {
                byte[] a = new byte[n];
                buf.get(a);
                s = a;
            }
            case INT16 -> {
                short[] a = new short[n];
                buf.asShortBuffer().get(a);
                s = a;
            }
            case INT32 -> {
                int[] a = new int[n];
                buf.asIntBuffer().get(a);
                s = a;
            }
            case INT64 -> {
                long[] a = new long[n];
                buf.asLongBuffer().get(a);
                s = a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                buf.asFloatBuffer().get(a);
                s = a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                buf.asDoubleBuffer().get(a);
                s = a;
            }
            case FLOAT16, BFLOAT16 -> {
                short[] raw = new short[n];
                buf.asShortBuffer().get(raw);
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = dtype == DType.FLOAT16 ? halfToFloat(raw[i]) : bfloat16ToFloat(raw[i]);
                }
                s = a;
            }
            default -> throw new AssertionError(dtype);
        }
        buf.position(start + n * dtype.byteSize());
        return new NdArray(dtype, shape, s);
    }

    /** IEEE 754 binary16 to float32, exact (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            // Zero or subnormal: mant * 2^-24, exact in float32.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** bfloat16 is the top half of a float32. */
    static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The backing array, for writers in this package; never handed out. */
    Object storage() {
        return storage;
    }

    /** The element type as stored in the file. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the dimensions, outermost first. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Element {@code flatIndex} (C order) as a double; exact for every dtype except INT64 beyond 2^53. */
    public double getDouble(int flatIndex) {
        Objects.checkIndex(flatIndex, size);
        return switch (dtype) {
            case UINT8 -> ((byte[]) storage)[flatIndex] & 0xFF;
            case INT8 -> ((byte[]) storage)[flatIndex];
            case INT16 -> ((short[]) storage)[flatIndex];
            case INT32 -> ((int[]) storage)[flatIndex];
            case INT64 -> ((long[]) storage)[flatIndex];
            case FLOAT64 -> ((double[]) storage)[flatIndex];
            case FLOAT16, BFLOAT16, FLOAT32 -> ((float[]) storage)[flatIndex];
        };
    }

    /**
     * Element {@code flatIndex} of an integer array, UINT8 read as 0..255.
     *
     * @throws IllegalStateException for floating-point arrays
     */
    public long getLong(int flatIndex) {
        requireInteger("getLong");
        Objects.checkIndex(flatIndex, size);
        return dtype == DType.INT64 ? ((long[]) storage)[flatIndex] : (long) getDouble(flatIndex);
    }

    /**
     * All values converted to float32 (a new array). FLOAT64 and INT32/INT64 values may round; the rest
     * convert exactly.
     */
    public float[] toFloatArray() {
        if (storage instanceof float[] f) {
            return f.clone();
        }
        return floatsNoCopy();
    }

    /** float32 view for internal callers that give up this NdArray: shares the storage for float types. */
    float[] floatsNoCopy() {
        if (storage instanceof float[] f) {
            return f;
        }
        float[] out = new float[size];
        if (storage instanceof double[] d) {
            for (int i = 0; i < size; i++) {
                out[i] = (float) d[i];
            }
        } else if (storage instanceof long[] l) {
            for (int i = 0; i < size; i++) {
                out[i] = (float) l[i];
            }
        } else {
            for (int i = 0; i < size; i++) {
                out[i] = (float) getDouble(i);
            }
        }
        return out;
    }

    /**
     * All values as ints (a new array), UINT8 read as 0..255: class labels, for instance.
     *
     * @throws IllegalStateException for floating-point arrays, or an INT64 value outside the int range
     */
    public int[] toIntArray() {
        requireInteger("toIntArray");
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            long v = getLong(i);
            if (v != (int) v) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "element %d of an INT64 array is %d, outside the int range", i, v));
            }
            out[i] = (int) v;
        }
        return out;
    }

    /**
     * The raw bytes of a UINT8 or INT8 array (a new array; UINT8 values above 127 appear negative in Java,
     * mask with {@code & 0xFF}).
     *
     * @throws IllegalStateException for other dtypes
     */
    public byte[] toByteArray() {
        requireBytes("toByteArray");
        return ((byte[]) storage).clone();
    }

    /** Number of items along the first axis (N of an {@code [N, ...]} dataset). */
    public int items() {
        if (shape.length == 0) {
            throw new IllegalStateException("a scalar has no items");
        }
        return shape[0];
    }

    /** Elements per item along the first axis (H*W of an {@code [N, H, W]} image set). */
    public int itemSize() {
        return items() == 0 ? Shapes.checkedSize(Arrays.copyOfRange(shape, 1, shape.length)) : size / items();
    }

    /** Shape of one item: the shape without its first axis. */
    public int[] itemShape() {
        items();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** The bytes of item {@code i} of a UINT8/INT8 dataset (a new array of {@link #itemSize()}). */
    public byte[] itemBytes(int i) {
        requireBytes("itemBytes");
        Objects.checkIndex(i, items());
        int n = itemSize();
        return Arrays.copyOfRange((byte[]) storage, i * n, i * n + n);
    }

    /** Item {@code i} converted to float32, UINT8 as 0..255 (a new array of {@link #itemSize()}). */
    public float[] itemFloats(int i) {
        Objects.checkIndex(i, items());
        int n = itemSize();
        float[] out = new float[n];
        if (storage instanceof float[] f) {
            System.arraycopy(f, i * n, out, 0, n);
        } else {
            for (int k = 0; k < n; k++) {
                out[k] = (float) getDouble(i * n + k);
            }
        }
        return out;
    }

    /** The values as a float32 {@link Tensor} named {@code name} (a copy; see {@link #toFloatArray()}). */
    public Tensor toTensor(String name) {
        return new Tensor(name, shape, toFloatArray());
    }

    /** As {@link #toTensor(String)}, sharing float storage; for readers that drop this array afterwards. */
    Tensor toTensorNoCopy(String name) {
        return new Tensor(name, shape, floatsNoCopy());
    }

    private void requireInteger(String what) {
        if (dtype.isFloatingPoint()) {
            throw new IllegalStateException(what + " needs an integer array but this one is " + dtype
                    + "; use toFloatArray() or getDouble()");
        }
    }

    private void requireBytes(String what) {
        if (dtype != DType.UINT8 && dtype != DType.INT8) {
            throw new IllegalStateException(what + " needs a UINT8 or INT8 array but this one is " + dtype
                    + "; use toFloatArray() or toIntArray()");
        }
    }

    /** Same dtype, shape and values (floating-point values compared bitwise, as {@link Arrays#equals}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray a && dtype == a.dtype && Arrays.equals(shape, a.shape)
                && Arrays.deepEquals(new Object[] {storage}, new Object[] {a.storage});
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.deepHashCode(new Object[] {storage}));
    }

    /** dtype and shape only. */
    @Override
    public String toString() {
        return "NdArray[" + dtype + " " + Shapes.format(shape) + "]";
    }
}
