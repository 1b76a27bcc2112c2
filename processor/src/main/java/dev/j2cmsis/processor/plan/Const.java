package dev.j2cmsis.processor.plan;

/**
 * A constant array in its final layout: q7 values ({@code data}, at {@code blobOffset} in the simulator's q7
 * weight blob) or q15 values ({@code data15}, at {@code blobOffset} in its q15 blob).
 *
 * @param cName C identifier suffix, e.g. {@code conv1_weights}
 */
public record Const(String cName, byte[] data, short[] data15, int blobOffset) {
    public boolean q15() {
        return data15 != null;
    }

    /** Elements. */
    public int length() {
        return q15() ? data15.length : data.length;
    }

    public int bytes() {
        return q15() ? 2 * data15.length : data.length;
    }
}
