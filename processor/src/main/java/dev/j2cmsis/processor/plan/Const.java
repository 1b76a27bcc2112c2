package dev.j2cmsis.processor.plan;

/**
 * A constant array in its final layout: q7 values ({@code data}, at {@code blobOffset} in the simulator's q7
 * weight blob) or q15 values ({@code data15}, at {@code blobOffset} in its q15 blob).
 *
 * @param cName C identifier suffix, e.g. {@code conv1_weights}
 * @param wide  when not null, the C holds these q15 values instead of {@code data}: a convolution's weights widened
 *              for {@code j2cmsis_convolve_HWC_q7_wide} (the simulator still reads {@code data})
 */
public record Const(String cName, byte[] data, short[] data15, int blobOffset, short[] wide) {
    public Const(String cName, byte[] data, short[] data15, int blobOffset) {
        this(cName, data, data15, blobOffset, null);
    }

    /** Whether the C holds q15 values. */
    public boolean q15() {
        return data15 != null || wide != null;
    }

    /** Elements in the C. */
    public int length() {
        return wide != null ? wide.length : data15 != null ? data15.length : data.length;
    }

    /** Bytes in the C (flash). */
    public int bytes() {
        return q15() ? 2 * length() : data.length;
    }
}
