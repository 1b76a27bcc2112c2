package dev.j2cmsis.example;

import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.nio.file.Path;
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
    private final Records records;

    S8Net(Supplier<Q7Network> s8, Supplier<FloatNetwork> fl, ExampleNet q7Twin) {
        this.s8 = s8;
        this.fl = fl;
        this.q7Twin = q7Twin;
        this.records = new Records(s8);
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
    List<byte[]> inputs() {
        return records.inputs();
    }

    /** The simulator's outputs for {@link #inputs()}. */
    List<byte[]> simulatorOutputs() {
        return records.outputs();
    }

    /** Writes the first n records of inputs and simulator outputs as the harness's file-mode inputs. */
    void writeRecords(Path dir, int n) {
        records.write(dir, n);
    }
}
