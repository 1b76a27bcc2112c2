package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.quant.QuantizedNetwork;
import java.util.List;

/**
 * Everything the emitters need, decided once: kernel per layer, weight layouts, buffers and their exact sizes.
 *
 * @param prelude       steps before the first layer (copying the caller's input when a kernel would modify it)
 * @param bufferBytes   size of each activation buffer, by index
 * @param scratchQ15    size of the im2col / vec_buffer scratch in q15 elements (0: unused)
 * @param consts        weights and biases in final layout, in blob order
 * @param blob          all q7 constants concatenated (4-byte aligned offsets), the simulator's weight resource
 * @param blob15        all q15 constants concatenated
 * @param pathDependent true when a step's result depends on the CMSIS code path (DSP or plain C), so the C
 *                      must be built for the planned target
 */
public record Plan(QuantizedNetwork network, List<Step> prelude, List<PlannedLayer> layers,
                   List<Integer> bufferBytes, int scratchQ15, List<Const> consts, byte[] blob, short[] blob15,
                   boolean pathDependent) {
    public Plan {
        prelude = List.copyOf(prelude);
        layers = List.copyOf(layers);
        bufferBytes = List.copyOf(bufferBytes);
        consts = List.copyOf(consts);
    }

    public int inputSize() {
        return network.model().input().size();
    }

    public int outputSize() {
        return network.model().output().size();
    }

    public int activationBytes() {
        return bufferBytes.stream().mapToInt(Integer::intValue).sum();
    }

    /** Activation buffers plus scratch, as allocated by the generated C. */
    public int ramBytes() {
        return activationBytes() + 2 * scratchQ15;
    }

    /** Weights and biases (code not included). */
    public int flashBytes() {
        return consts.stream().mapToInt(Const::bytes).sum();
    }
}
