package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.model.Shape;
import java.util.List;

/**
 * One user layer in the plan: the steps that compute it, where its output lies afterwards, and the figures
 * of the report.
 *
 * @param result     the buffer holding this layer's output after its steps (HWC, {@code out.size()} bytes)
 * @param function   the CMSIS function doing the work ("-" for a flatten)
 * @param params     weights + biases
 * @param ramBytes   arena bytes live during the layer's steps (its inputs and output, tensors still to be read
 *                   later, and its scratch), the largest over its steps
 * @param flashBytes constant bytes (weights + biases)
 * @param layout     the shape whose HWC order the result's values follow (spatial also for a flattened tensor)
 */
public record PlannedLayer(int index, String name, String kind, Shape out, int inFrac, int outFrac, int wFrac,
                           int bFrac, int biasShift, int outShift, List<Step> steps, Buf result, String function,
                           long params, long macs, int ramBytes, int flashBytes, Shape layout) {
    public PlannedLayer {
        steps = List.copyOf(steps);
    }

    /**
     * A ReLU moved after the max-pool that reads it (Planner.deferrableRelu): it has no steps of its own, and its
     * result, which the trace shows, is its input before rectification.
     */
    public boolean deferredRelu() {
        return kind.equals("ReLU") && steps.isEmpty();
    }

    PlannedLayer withRamBytes(int bytes) {
        return new PlannedLayer(index, name, kind, out, inFrac, outFrac, wFrac, bFrac, biasShift, outShift, steps,
                result, function, params, macs, bytes, flashBytes, layout);
    }
}
