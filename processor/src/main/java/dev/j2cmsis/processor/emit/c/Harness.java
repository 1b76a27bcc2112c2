package dev.j2cmsis.processor.emit.c;

import java.util.List;

/**
 * The golden vectors of the generated C test harness: q7 inputs and the outputs the simulator computed.
 *
 * @param source where the inputs come from, for the generated comment
 * @param networkId {@link dev.j2cmsis.sim.runtime.NetworkId} of the plan, which the serial harness reports
 */
public record Harness(List<byte[]> inputs, List<byte[]> expected, String source, int networkId) {
    public Harness {
        inputs = List.copyOf(inputs);
        expected = List.copyOf(expected);
        if (inputs.size() != expected.size() || inputs.isEmpty()) {
            throw new IllegalArgumentException("harness needs as many expected outputs as inputs, at least one");
        }
    }
}
