package dev.j2cmsis.sim.runtime.s8;

import java.io.Serializable;

/**
 * Where a step reads or writes int8 values: the caller's input array (read only), the caller's output array, or
 * tensor {@code tensor} of the network's static arena. Its offset there is the layout's
 * ({@link S8Program#tensorOffsets()} in the simulator; a macro per code path in the C, since each path's scratch
 * sizes give it its own layout).
 */
public record S8Ref(Kind kind, int tensor) implements Serializable {
    public enum Kind {
        INPUT, OUTPUT, ARENA
    }

    public static final S8Ref INPUT = new S8Ref(Kind.INPUT, -1);
    public static final S8Ref OUTPUT = new S8Ref(Kind.OUTPUT, -1);

    public static S8Ref arena(int tensor) {
        return new S8Ref(Kind.ARENA, tensor);
    }
}
