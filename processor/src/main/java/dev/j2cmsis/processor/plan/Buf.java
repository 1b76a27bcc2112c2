package dev.j2cmsis.processor.plan;

/**
 * Memory a step reads or writes: the caller's q7 input (read-only) and output arrays, or allocation
 * {@code index} of the network's one static arena, seen as q7 or as q15 values: an activation tensor, or a
 * kernel's scratch (im2col {@code bufferA}, the fully connected {@code vec_buffer}), which only the C uses. The
 * plan gives every allocation its byte offset in the arena ({@link Plan#offset(Buf)}). The simulator keeps the
 * arena twice, as {@code byte[] arena} and {@code short[] arenas} (element offset = byte offset / 2); a tensor
 * is only ever read in the width it was written in, so the two views never need to agree.
 */
public record Buf(Kind kind, int index, boolean q15) {
    public enum Kind {
        INPUT, OUTPUT, ACTIVATION, SCRATCH
    }

    public static final Buf INPUT = new Buf(Kind.INPUT, -1, false);
    public static final Buf OUTPUT = new Buf(Kind.OUTPUT, -1, false);

    public static Buf activation(int index) {
        return new Buf(Kind.ACTIVATION, index, false);
    }

    public static Buf activation(int index, boolean q15) {
        return new Buf(Kind.ACTIVATION, index, q15);
    }

    public static Buf scratch(int index) {
        return new Buf(Kind.SCRATCH, index, true);
    }

    /** True for memory in the arena. */
    public boolean inArena() {
        return kind == Kind.ACTIVATION || kind == Kind.SCRATCH;
    }

    /** The simulator's array variable (C adds the network prefix to the arena, and a cast for q15). */
    public String var() {
        return switch (kind) {
            case INPUT -> "input";
            case OUTPUT -> "output";
            case ACTIVATION, SCRATCH -> q15 ? "arenas" : "arena";
        };
    }
}
