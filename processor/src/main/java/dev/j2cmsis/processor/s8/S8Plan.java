package dev.j2cmsis.processor.s8;

import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.plan.arena.ArenaPlanner;
import dev.j2cmsis.sim.kernels.s8.S8Target;
import dev.j2cmsis.sim.runtime.s8.S8Program;
import java.util.List;
import java.util.Map;

/**
 * An s8 network decided once for the C, the simulator and the report: the {@link S8Program} (every call with its
 * arguments, the arena layout, the quantization of each tensor), the scratch size on each CMSIS-NN code path, and
 * the per-layer figures of the report.
 *
 * @param layerScratch per code path, the {@code ctx.buf} bytes each layer's kernel needs (by layer index)
 * @param arenas       per code path, the arena: tensor t at id t, layer i's scratch at id {@code n + i}
 */
public record S8Plan(NetworkModel model, S8Program program, List<LayerInfo> layers,
                     Map<S8Target, int[]> layerScratch, Map<S8Target, ArenaPlanner.Arena> arenas,
                     int calibrationSamples) {
    public S8Plan {
        layers = List.copyOf(layers);
        layerScratch = Map.copyOf(layerScratch);
        arenas = Map.copyOf(arenas);
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

    /** The arena on the planned target: all the static RAM the C allocates when built for that target. */
    public int ramBytes() {
        return Math.max(4, arenas.get(program.target()).totalBytes());
    }

    /** The least RAM any layout could have on the planned target: the most bytes live at one layer. */
    public int ramLowerBound() {
        return arenas.get(program.target()).lowerBound();
    }

    /** The largest scratch a layer needs on a code path. */
    public int scratch(S8Target path) {
        return java.util.Arrays.stream(layerScratch.get(path)).max().orElse(0);
    }

    public int flashBytes() {
        return layers.stream().mapToInt(LayerInfo::flashBytes).sum();
    }
}
