package dev.j2cmsis.processor.s8;

import dev.j2cmsis.processor.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * A small s8 graph with every layer kind the s8 backend plans: a non-square convolution with a folded batch norm
 * and ReLU, max and average pools (non-square), a depthwise 3x3 (arm_depthwise_conv_3x3_s8 on plain C and DSP), a
 * 1x1 convolution (_1x1_s8_fast), a residual add with a folded ReLU, a strided 3x3 and a strided 1x1 convolution
 * (_1x1_s8) joined by a concatenation whose ReLU each of them clamps, a 1xN convolution that v7.0.0's MVE kernel
 * gets wrong (so it calls arm_convolve_s8 directly), tanh and sigmoid tables, flatten, two fully connected layers
 * and a softmax.
 */
final class S8TestNet {
    static final String PKG = "s8net";
    static final String CLASS = "S8Net";

    private S8TestNet() {
    }

    static JavaFileObject source() {
        return Fixtures.source(PKG + "." + CLASS, """
                package s8net;

                import dev.j2cmsis.annotations.*;

                @Network(config = "s8net.yaml", input = {2, 10, 12})
                public class S8Net {
                    @Conv2d(outChannels = 8, kernel = {3, 5}, padding = {1, 2}) Layer conv1;
                    @BatchNorm Layer bn1;
                    @ReLU Layer relu1;
                    @MaxPool(kernel = 2) Layer pool1;
                    @Conv2d(outChannels = 8, kernel = 3, padding = 1, groups = 8, bias = false) Layer dw2;
                    @ReLU Layer relu2;
                    @Conv2d(outChannels = 8, kernel = 1) Layer pw2;
                    @Add(inputs = {"pool1", "pw2"}) Layer add;
                    @ReLU Layer relu3;
                    @Conv2d(outChannels = 4, kernel = 3, stride = 2, padding = 1) Layer c3a;
                    @Conv2d(outChannels = 4, kernel = 1, stride = 2, inputs = "relu3") Layer c3b;
                    @Concat(inputs = {"c3a", "c3b"}) Layer cat;
                    @ReLU Layer relu4;
                    @AvgPool(kernel = {3, 1}) Layer pool2;
                    @Conv2d(outChannels = 6, kernel = {1, 2}, stride = {1, 2}) Layer c1n;
                    @Tanh Layer tanh;
                    @Flatten Layer flat;
                    @Linear(outFeatures = 12) Layer fc1;
                    @Sigmoid Layer sig;
                    @Linear(outFeatures = 5) Layer fc2;
                    @Softmax Layer soft;
                }
                """);
    }

    /** Weights, calibration data and the YAML for {@code target} and {@code rounding} under {@code cpDir/s8net}. */
    static Path writeResources(Path cpDir, String target, String rounding) throws IOException {
        return writeResources(cpDir, target, rounding, "minmax");
    }

    /**
     * The same with another range method ({@code activations}); for {@code kld} the fully connected layer fc1 also
     * gets a per-layer override ({@code percentile 99.9}).
     */
    static Path writeResources(Path cpDir, String target, String rounding, String activations) throws IOException {
        Path dir = cpDir.resolve(PKG);
        Fixtures.Weights w = new Fixtures.Weights(88);
        w.add("conv1.weight", new int[] {8, 2, 3, 5}, Math.sqrt(2.0 / 30)).add("conv1.bias", new int[] {8}, 0.1);
        w.batchNorm("bn1", 8);
        w.add("dw2.weight", new int[] {8, 1, 3, 3}, Math.sqrt(2.0 / 9));
        w.conv("pw2", 8, 8, 1, true).conv("c3a", 4, 8, 3, true).conv("c3b", 4, 8, 1, true);
        w.add("c1n.weight", new int[] {6, 8, 1, 2}, Math.sqrt(2.0 / 16)).add("c1n.bias", new int[] {6}, 0.1);
        w.linear("fc1", 12, 6, true).linear("fc2", 5, 12, true);
        w.write(dir.resolve(PKG + ".safetensors"));
        Fixtures.calibration(dir.resolve("calib.npy"), 9, 64, 2, 10, 12);
        Fixtures.text(dir.resolve(PKG + ".yaml"), """
                weights: s8net.safetensors
                calibration:
                  data: calib.npy
                  samples: 48
                  transform:
                    scale: 0.00392156862745098
                    mean: 0.5
                    std: 0.25
                quantization:
                  scheme: s8
                  activations: %s
                  rounding: %s
                %starget: %s
                """.formatted(activations, rounding, activations.equals("kld")
                ? "  layers:\n    fc1: {activations: percentile, percentile: 99.9}\n" : "", target));
        return cpDir;
    }
}
