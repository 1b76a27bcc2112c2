package dev.j2cmsis.sim.runtime.s8;

import java.io.Serializable;

/**
 * Where a step reads or writes int8 values: the caller's input array (read only), the caller's output array, or
 * the network's static arena at a byte offset ({@code <net>_arena + offset} in C).
 */
public record S8Ref(Kind kind, int offset) implements Serializable {
    public enum Kind {
        INPUT, OUTPUT, ARENA
    }

    public static final S8Ref INPUT = new S8Ref(Kind.INPUT, 0);
    public static final S8Ref OUTPUT = new S8Ref(Kind.OUTPUT, 0);

    public static S8Ref arena(int offset) {
        return new S8Ref(Kind.ARENA, offset);
    }
}
