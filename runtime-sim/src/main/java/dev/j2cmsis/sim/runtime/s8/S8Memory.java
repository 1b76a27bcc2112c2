package dev.j2cmsis.sim.runtime.s8;

import dev.j2cmsis.sim.kernels.s8.S8Rounding;
import dev.j2cmsis.sim.kernels.s8.S8Target;

/**
 * The memory of one run: the caller's input and output, the arena with the offset of each tensor in it, the scratch
 * buffer ({@code ctx.buf}; the C places it in the arena, the kernels never read back what an earlier call left there),
 * and the code path and rounding of the CMSIS-NN build being simulated.
 */
public record S8Memory(byte[] input, byte[] output, byte[] arena, int[] tensorOffsets, byte[] scratch,
                       S8Target target, S8Rounding rounding) {
    public byte[] array(S8Ref r) {
        return switch (r.kind()) {
            case INPUT -> input;
            case OUTPUT -> output;
            case ARENA -> arena;
        };
    }

    public int offset(S8Ref r) {
        return r.kind() == S8Ref.Kind.ARENA ? tensorOffsets[r.tensor()] : 0;
    }
}
