package dev.j2cmsis.processor.plan;

/**
 * Memory a step reads or writes: the caller's input (read-only) and output arrays, or statically allocated
 * activation buffer {@code index} ({@code <net>_buf<index>} in C, {@code buf<index>} in the simulator).
 */
public record Buf(Kind kind, int index) {
    public enum Kind {
        INPUT, OUTPUT, ACTIVATION
    }

    public static final Buf INPUT = new Buf(Kind.INPUT, -1);
    public static final Buf OUTPUT = new Buf(Kind.OUTPUT, -1);

    public static Buf activation(int index) {
        return new Buf(Kind.ACTIVATION, index);
    }

    /** The variable name in both emitted languages (C adds the network prefix to activation buffers). */
    public String var() {
        return switch (kind) {
            case INPUT -> "input";
            case OUTPUT -> "output";
            case ACTIVATION -> "buf" + index;
        };
    }
}
