package dev.j2cmsis.sim.runtime;

/** What every generated {@code <Class>Float} reference offers: the float network from the same weights. */
public interface FloatNetwork {
    /** The last layer's output (CHW order) for raw CHW data, the YAML transform applied first. */
    float[] forward(float[] chw);

    /** Every layer's output (CHW order, flattened), in layer order. */
    float[][] trace(float[] chw);

    /** The index of the largest output for raw CHW data (first one on ties). */
    int predict(float[] chw);
}
