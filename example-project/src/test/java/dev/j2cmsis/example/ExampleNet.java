package dev.j2cmsis.example;

import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** The trained example networks, with what the tests need of each. */
enum ExampleNet {
    LENET(FashionLeNetQ7::new, FashionLeNetFloat::new, "reference_outputs.npz"),
    NONSQUARE(FashionNonSquareQ7::new, FashionNonSquareFloat::new, "reference_nonsquare.npz"),
    DEPTHWISE(FashionDepthwiseQ7::new, FashionDepthwiseFloat::new, "reference_depthwise.npz"),
    RESIDUAL(FashionResidualQ7::new, FashionResidualFloat::new, "reference_residual.npz"),
    TANH(FashionTanhQ7::new, FashionTanhFloat::new, "reference_tanh.npz"),
    LENET_Q15(FashionLeNetQ15Q7::new, FashionLeNetQ15Float::new, "reference_outputs.npz");

    private final Supplier<Q7Network> q7;
    private final Supplier<FloatNetwork> fl;
    private final String reference;
    private final Records records;

    ExampleNet(Supplier<Q7Network> q7, Supplier<FloatNetwork> fl, String reference) {
        this.q7 = q7;
        this.fl = fl;
        this.reference = reference;
        this.records = new Records(q7);
    }

    Q7Network q7() {
        return q7.get();
    }

    FloatNetwork floatNet() {
        return fl.get();
    }

    /** PyTorch's logits for the first test images, written by the training script. */
    Path reference() {
        return Path.of("training").resolve(reference);
    }

    String cName() {
        return q7().cName();
    }

    /** q7 inputs of all test images (the input transform is the same for every example network). */
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

    /** True when the generated C may also be built for the host's (plain-C) CMSIS-NN path. */
    boolean pathIndependent() {
        try {
            return !Files.readString(TestSet.GENERATED.resolve(cName() + ".c")).contains("__ARM_FEATURE_DSP");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
