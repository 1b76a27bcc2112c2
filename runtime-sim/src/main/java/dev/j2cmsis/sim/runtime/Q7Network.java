package dev.j2cmsis.sim.runtime;

import java.util.List;

/**
 * What every generated {@code <Class>Q7} simulator offers, so tests and tools can handle any network the same
 * way. Implementations hold no mutable state and may be shared across threads.
 */
public interface Q7Network {
    /** Runs the network: q7 HWC input in, q7 output out, as the generated C's {@code <net>_run}. */
    byte[] run(byte[] input);

    /** Every layer's q7 output, in order, as the C leaves it in its buffer. */
    List<LayerTrace> trace(byte[] input);

    /** Applies the YAML transform to raw CHW data and quantizes it to the q7 HWC input. */
    byte[] quantizeInput(float[] chw);

    /** The index of the largest q7 output for raw CHW data (first one on ties). */
    int predict(float[] chw);

    int inputSize();

    int outputSize();

    /** The C name prefix of the generated files ({@code <net>.c}, {@code <net>_run}). */
    String cName();
}
