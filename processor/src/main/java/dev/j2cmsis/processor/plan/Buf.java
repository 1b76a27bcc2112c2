package dev.j2cmsis.processor.plan;

/**
 * Memory a step reads or writes: the caller's q7 input (read-only) and output arrays, or statically allocated
 * activation buffer {@code index} ({@code <net>_buf<index>} in C), seen as q7 or as q15 values. The simulator
 * keeps a {@code byte[]} and a {@code short[]} per buffer ({@code buf<index>}, {@code buf<index>s}); a tensor
 * is only ever read in the width it was written in, so the two never need to agree.
 */
public record Buf(Kind kind, int index, boolean q15) {
    public enum Kind {
        INPUT, OUTPUT, ACTIVATION
    }

    public static final Buf INPUT = new Buf(Kind.INPUT, -1, false);
    public static final Buf OUTPUT = new Buf(Kind.OUTPUT, -1, false);

    public static Buf activation(int index) {
        return new Buf(Kind.ACTIVATION, index, false);
    }

    public static Buf activation(int index, boolean q15) {
        return new Buf(Kind.ACTIVATION, index, q15);
    }

    /** The simulator's variable name (C adds the network prefix to activation buffers, and a cast for q15). */
    public String var() {
        return switch (kind) {
            case INPUT -> "input";
            case OUTPUT -> "output";
            case ACTIVATION -> "buf" + index + (q15 ? "s" : "");
        };
    }
}
