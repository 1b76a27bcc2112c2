package dev.j2cmsis.processor.plan;

/**
 * A constant q7 array in its final layout (what the C declares and the simulator's weight blob holds at
 * {@code blobOffset}).
 *
 * @param cName C identifier suffix, e.g. {@code conv1_weights}
 */
public record Const(String cName, byte[] data, int blobOffset) {
    public int length() {
        return data.length;
    }
}
