package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.quant.QuantizedNetwork;
import java.util.List;

/**
 * Everything the emitters need, decided once: kernel per layer, weight layouts, and where every tensor and
 * scratch lies in the one static arena.
 *
 * @param prelude       steps before the first layer (copying the caller's input when a kernel would modify it)
 * @param offsets       byte offset in the arena of each allocation ({@link Buf#index()}), activation or scratch
 * @param arenaBytes    the arena's size: the network's static RAM
 * @param ramLowerBound the largest number of bytes live at any step (tensors and scratch, 4-byte aligned), which
 *                      no placement can go below; {@code arenaBytes} equals it unless the placement fragments
 * @param consts        weights and biases in final layout, in blob order
 * @param blob          all q7 constants concatenated (4-byte aligned offsets), the simulator's weight resource
 * @param blob15        all q15 constants concatenated
 * @param pathDependent true when a step's result depends on the CMSIS code path (DSP or plain C), so the C
 *                      must be built for the planned target
 */
public record Plan(QuantizedNetwork network, List<Step> prelude, List<PlannedLayer> layers,
                   List<Integer> offsets, int arenaBytes, int ramLowerBound, List<Const> consts, byte[] blob,
                   short[] blob15, boolean pathDependent) {
    public Plan {
        prelude = List.copyOf(prelude);
        layers = List.copyOf(layers);
        offsets = List.copyOf(offsets);
        consts = List.copyOf(consts);
    }

    public int inputSize() {
        return network.model().input().size();
    }

    public int outputSize() {
        return network.model().output().size();
    }

    /** The arena, as allocated by the generated C (tensors and scratch; the caller's input and output aside). */
    public int ramBytes() {
        return arenaBytes;
    }

    /** Byte offset of a buffer: in the arena, or 0 in the caller's array. */
    public int offset(Buf b) {
        return b.inArena() ? offsets.get(b.index()) : 0;
    }

    /** Offset in elements of the buffer's width (the simulator's q15 view of the arena is a short[]). */
    public int elementOffset(Buf b) {
        return b.q15() ? offset(b) / 2 : offset(b);
    }

    /** Weights and biases (code not included). */
    public int flashBytes() {
        return consts.stream().mapToInt(Const::bytes).sum();
    }
}
