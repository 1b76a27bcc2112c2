package dev.j2cmsis.example;

import dev.j2cmsis.sim.runtime.Q7Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A generated simulator's int8 inputs for every test image and its outputs for them, computed once, and the
 * harness's file-mode records written from them.
 */
final class Records {
    private final Supplier<Q7Network> simulator;
    private List<byte[]> inputs;
    private List<byte[]> outputs;

    Records(Supplier<Q7Network> simulator) {
        this.simulator = simulator;
    }

    /** The quantized test images. */
    synchronized List<byte[]> inputs() {
        if (inputs == null) {
            Q7Network q = simulator.get();
            List<byte[]> in = new ArrayList<>();
            for (float[] x : TestSet.images().images()) {
                in.add(q.quantizeInput(x));
            }
            inputs = List.copyOf(in);
        }
        return inputs;
    }

    /** The simulator's outputs for {@link #inputs()}. */
    synchronized List<byte[]> outputs() {
        if (outputs == null) {
            Q7Network q = simulator.get();
            outputs = inputs().stream().map(q::run).toList();
        }
        return outputs;
    }

    /** Writes the first n records of inputs and simulator outputs as the harness's file-mode inputs. */
    void write(Path dir, int n) {
        try {
            Files.write(dir.resolve("inputs.bin"), TestSet.concat(inputs().subList(0, n)));
            Files.write(dir.resolve("expected.bin"), TestSet.concat(outputs().subList(0, n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
