package dev.j2cmsis.processor.s8;

import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.sim.kernels.s8.S8Target;
import dev.j2cmsis.sim.runtime.s8.S8Program;
import java.util.List;
import java.util.Map;

/**
 * An s8 network decided once for the C, the simulator and the report: the {@link S8Program} (every call with its
 * arguments, the arena layout, the quantization of each tensor), the scratch size on each CMSIS-NN code path, and
 * the per-layer figures of the report.
 *
 * @param scratchBytes {@code ctx.buf} bytes the steps need when the C is compiled for each code path
 */
public record S8Plan(NetworkModel model, S8Program program, List<LayerInfo> layers, Map<S8Target, Integer> scratchBytes,
                     int calibrationSamples) {
    public S8Plan {
        layers = List.copyOf(layers);
        scratchBytes = Map.copyOf(scratchBytes);
    }

    /**
     * One user layer in the report.
     *
     * @param function     the CMSIS-NN call, with the kernel its wrapper dispatches to on the planned target
     * @param ramBytes     input + output + scratch bytes of the layer on the planned target
     * @param flashBytes   weights, biases, multipliers and shifts (and kernel sums on Helium, a table for a LUT)
     * @param weightScales per output channel, for weighted layers; else null
     * @param layout       the shape whose HWC order the layer's bytes follow (the producer's, for a flatten)
     */
    public record LayerInfo(int index, String name, String kind, Shape out, String function, long params, long macs,
                            int ramBytes, int flashBytes, S8Quant.Params inQ, S8Quant.Params outQ,
                            float[] weightScales, Shape layout) {
    }

    /** Arena plus scratch on the planned target, as the C allocates them when built for that target. */
    public int ramBytes() {
        return program.arenaBytes() + scratch();
    }

    /** The scratch the planned target needs (0 when no step needs any; the C then still has one byte). */
    public int scratch() {
        return scratchBytes.get(program.target());
    }

    public int flashBytes() {
        return layers.stream().mapToInt(LayerInfo::flashBytes).sum();
    }
}
