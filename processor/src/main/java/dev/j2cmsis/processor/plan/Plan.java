package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.quant.QuantizedNetwork;
import java.util.List;

/**
 * Everything the emitters need, decided once: kernel per layer, weight layouts, buffers and their exact sizes.
 *
 * @param prelude      steps before the first layer (copying the caller's input when a kernel would modify it)
 * @param buf0Bytes    size of ping-pong buffer 0 (0: unused)
 * @param buf1Bytes    size of ping-pong buffer 1 (0: unused)
 * @param scratchQ15   size of the im2col / vec_buffer scratch in q15 elements (0: unused)
 * @param consts       weights and biases in final layout, in blob order
 * @param blob         all constants concatenated (4-byte aligned offsets), the simulator's weight resource
 * @param pathDependent true when a step's result depends on the CMSIS code path (DSP or plain C), so the C
 *                      must be built for the planned target
 */
public record Plan(QuantizedNetwork network, List<Step> prelude, List<PlannedLayer> layers, int buf0Bytes,
                   int buf1Bytes, int scratchQ15, List<Const> consts, byte[] blob, boolean pathDependent) {
    public Plan {
        prelude = List.copyOf(prelude);
        layers = List.copyOf(layers);
        consts = List.copyOf(consts);
    }

    public int inputSize() {
        return network.model().input().size();
    }

    public int outputSize() {
        return network.model().output().size();
    }

    /** Activation buffers plus scratch, as allocated by the generated C. */
    public int ramBytes() {
        return buf0Bytes + buf1Bytes + 2 * scratchQ15;
    }

    /** Weights and biases (code not included). */
    public int flashBytes() {
        return consts.stream().mapToInt(Const::length).sum();
    }
}
