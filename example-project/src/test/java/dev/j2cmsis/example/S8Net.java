package dev.j2cmsis.example;

import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The example networks generated with {@code scheme: s8} (package {@code dev.j2cmsis.example.s8}: the same layers and
 * weights as their q7 twins), with what the tests need of each.
 */
enum S8Net {
    LENET(dev.j2cmsis.example.s8.FashionLeNetS8::new, dev.j2cmsis.example.s8.FashionLeNetFloat::new, ExampleNet.LENET),
    NONSQUARE(dev.j2cmsis.example.s8.FashionNonSquareS8::new, dev.j2cmsis.example.s8.FashionNonSquareFloat::new,
            ExampleNet.NONSQUARE),
    DEPTHWISE(dev.j2cmsis.example.s8.FashionDepthwiseS8::new, dev.j2cmsis.example.s8.FashionDepthwiseFloat::new,
            ExampleNet.DEPTHWISE),
    RESIDUAL(dev.j2cmsis.example.s8.FashionResidualS8::new, dev.j2cmsis.example.s8.FashionResidualFloat::new,
            ExampleNet.RESIDUAL),
    TANH(dev.j2cmsis.example.s8.FashionTanhS8::new, dev.j2cmsis.example.s8.FashionTanhFloat::new, ExampleNet.TANH);

    /** Where the processor writes the s8 networks' C. */
    static final Path GENERATED = TestSet.GENERATED.resolve("s8");

    private final Supplier<Q7Network> s8;
    private final Supplier<FloatNetwork> fl;
    private final ExampleNet q7Twin;
    private List<byte[]> inputs;
    private List<byte[]> outputs;

    S8Net(Supplier<Q7Network> s8, Supplier<FloatNetwork> fl, ExampleNet q7Twin) {
        this.s8 = s8;
        this.fl = fl;
        this.q7Twin = q7Twin;
    }

    Q7Network s8() {
        return s8.get();
    }

    FloatNetwork floatNet() {
        return fl.get();
    }

    /** The legacy q7 network with the same layers and weights. */
    ExampleNet q7Twin() {
        return q7Twin;
    }

    String cName() {
        return s8().cName();
    }

    /** int8 inputs of all test images. */
    synchronized List<byte[]> inputs() {
        if (inputs == null) {
            Q7Network q = s8();
            List<byte[]> in = new ArrayList<>();
            for (float[] x : TestSet.images().images()) {
                in.add(q.quantizeInput(x));
            }
            inputs = List.copyOf(in);
        }
        return inputs;
    }

    /** The simulator's outputs for {@link #inputs()}. */
    synchronized List<byte[]> simulatorOutputs() {
        if (outputs == null) {
            Q7Network q = s8();
            outputs = inputs().stream().map(q::run).toList();
        }
        return outputs;
    }

    /** Writes the first n records of inputs and simulator outputs as the harness's file-mode inputs. */
    void writeRecords(Path dir, int n) {
        try {
            Files.write(dir.resolve("inputs.bin"), TestSet.concat(inputs().subList(0, n)));
            Files.write(dir.resolve("expected.bin"), TestSet.concat(simulatorOutputs().subList(0, n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
