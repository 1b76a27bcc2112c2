package dev.j2cmsis.processor.testing;

import java.io.IOException;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * The small networks the end-to-end and golden tests generate. Together they use every kernel variant the
 * planner picks: basic, fast and RGB convolutions, max-pooling with padding below and at the stride (the
 * path-dependent case, planned for the DSP path on cortex-m4 and the plain-C path on cortex-m3), the
 * CHW-to-HWC permutation of a Linear after a spatial tensor, fused ReLUs and softmax.
 */
public enum TestNets {
    /** cortex-m4; basic + fast convs, maxpool pad >= stride (DSP path), flatten, linear, softmax. */
    TINY("tiny", "TinyNet", "cortex-m4", """
            package tiny;

            import dev.j2cmsis.annotations.*;

            @Network(config = "tiny.yaml", input = {1, 12, 12})
            public class TinyNet {
                @Conv2d(outChannels = 4, kernel = 3, padding = 1) Layer conv1;
                @ReLU Layer relu1;
                @MaxPool(kernel = 2) Layer pool1;
                @Conv2d(outChannels = 8, kernel = 3, padding = 1) Layer conv2;
                @ReLU Layer relu2;
                @MaxPool(kernel = 3, stride = 1, padding = 1) Layer pool2;
                @Flatten Layer flatten;
                @Linear(outFeatures = 10) Layer fc1;
                @Softmax Layer softmax;
            }
            """) {
        @Override
        Fixtures.Weights weights() {
            return new Fixtures.Weights(11).conv("conv1", 4, 1, 3, true).conv("conv2", 8, 4, 3, true)
                    .linear("fc1", 10, 8 * 6 * 6, true);
        }
    },
    /** cortex-m3 (plain-C path); RGB conv, basic conv without bias, implicit flatten with permutation. */
    RGB("rgb", "RgbNet", "cortex-m3", """
            package rgb;

            import dev.j2cmsis.annotations.*;

            @Network(config = "rgb.yaml", input = {3, 9, 9}, prefix = "rgbnet")
            public class RgbNet {
                @Conv2d(outChannels = 5, kernel = 3) Layer conv1;
                @ReLU Layer relu1;
                @MaxPool(kernel = 3, stride = 2, padding = 1) Layer pool1;
                @Conv2d(outChannels = 6, kernel = 2, bias = false) Layer conv2;
                @ReLU Layer relu2;
                @Linear(outFeatures = 7) Layer fc1;
                @ReLU Layer relu3;
                @Linear(outFeatures = 3) Layer fc2;
            }
            """) {
        @Override
        Fixtures.Weights weights() {
            return new Fixtures.Weights(22).conv("conv1", 5, 3, 3, true).conv("conv2", 6, 5, 2, false)
                    .linear("fc1", 7, 6 * 3 * 3, true).linear("fc2", 3, 7, true);
        }
    },
    /**
     * cortex-m4; a graph: non-square input and kernels, folded batch norm, j2cmsis's per-axis pools, depthwise
     * (non-square input), 1x1, a residual Add, tanh, a Concat of inputs in different formats (rescaled),
     * sigmoid after a pool (rescaled to its table format), the CHW-to-HWC permutation of a non-square tensor.
     */
    GRAPH("graph", "GraphNet", "cortex-m4", """
            package graph;

            import dev.j2cmsis.annotations.*;

            @Network(config = "graph.yaml", input = {2, 10, 12})
            public class GraphNet {
                @Conv2d(outChannels = 8, kernel = {3, 5}, padding = {1, 2}) Layer conv1;
                @BatchNorm Layer bn1;
                @ReLU Layer relu1;
                @MaxPool(kernel = 2) Layer pool1;
                @Conv2d(outChannels = 8, kernel = 3, padding = 1, groups = 8, bias = false) Layer dw2;
                @ReLU Layer relu2;
                @Conv2d(outChannels = 8, kernel = 1) Layer pw2;
                @Add(inputs = {"pool1", "pw2"}) Layer add;
                @Tanh Layer tanh;
                @Conv2d(outChannels = 4, kernel = {3, 1}, padding = {1, 0}, inputs = "pool1") Layer c3a;
                @Concat(inputs = {"tanh", "c3a"}) Layer cat;
                @AvgPool(kernel = {1, 2}) Layer pool2;
                @Sigmoid Layer sig;
                @Flatten Layer flat;
                @Linear(outFeatures = 6) Layer fc;
                @Softmax Layer soft;
            }
            """) {
        @Override
        Fixtures.Weights weights() {
            Fixtures.Weights w = new Fixtures.Weights(33);
            w.add("conv1.weight", new int[] {8, 2, 3, 5}, Math.sqrt(2.0 / 30)).add("conv1.bias", new int[] {8}, 0.1);
            w.batchNorm("bn1", 8);
            w.add("dw2.weight", new int[] {8, 1, 3, 3}, Math.sqrt(2.0 / 9));
            return w.conv("pw2", 8, 8, 1, true)
                    .add("c3a.weight", new int[] {4, 8, 3, 1}, Math.sqrt(2.0 / 24)).add("c3a.bias", new int[] {4}, 0.1)
                    .linear("fc", 6, 12 * 5 * 3, true);
        }
    },
    /**
     * cortex-m4; square average pools on CMSIS's DSP path (two truncating divisions), square depthwise, a
     * ceil-mode average pool (4x4 with k3 s2: a clipped 2-row last window, averaged over what it covers).
     */
    AVG("avg", "AvgNet", "cortex-m4", """
            package avg;

            import dev.j2cmsis.annotations.*;

            @Network(config = "avg.yaml", input = {4, 8, 8})
            public class AvgNet {
                @Conv2d(outChannels = 4, kernel = 3, padding = 1) Layer conv1;
                @ReLU Layer relu1;
                @AvgPool(kernel = 2) Layer pool1;
                @Conv2d(outChannels = 4, kernel = 3, padding = 1, groups = 4) Layer dw;
                @ReLU Layer relu2;
                @AvgPool(kernel = 3, stride = 2, ceilMode = true) Layer pool2;
                @Flatten Layer flat;
                @Linear(outFeatures = 3) Layer fc;
            }
            """) {
        @Override
        Fixtures.Weights weights() {
            return new Fixtures.Weights(44).conv("conv1", 4, 4, 3, true)
                    .add("dw.weight", new int[] {4, 1, 3, 3}, Math.sqrt(2.0 / 9)).add("dw.bias", new int[] {4}, 0.1)
                    .linear("fc", 3, 4 * 2 * 2, true);
        }
    },
    /**
     * cortex-m4; q15 by default with per-layer overrides: q15 convolutions (basic for 1 input channel, fast),
     * j2cmsis's q15 max-pool, q15 ReLU, a q7-weights/q15-activations Linear, a q7 Linear, a q15 softmax, and the
     * conversions between the widths (input, around fc2, output).
     */
    Q15("q15", "Q15Net", "cortex-m4", """
            package q15;

            import dev.j2cmsis.annotations.*;

            @Network(config = "q15.yaml", input = {1, 12, 12})
            public class Q15Net {
                @Conv2d(outChannels = 4, kernel = 3, padding = 1) Layer conv1;
                @ReLU Layer relu1;
                @MaxPool(kernel = 2) Layer pool1;
                @Conv2d(outChannels = 6, kernel = 3) Layer conv2;
                @ReLU Layer relu2;
                @Flatten Layer flat;
                @Linear(outFeatures = 16) Layer fc1;
                @ReLU Layer relu3;
                @Linear(outFeatures = 5) Layer fc2;
                @Softmax Layer soft;
            }
            """) {
        @Override
        Fixtures.Weights weights() {
            return new Fixtures.Weights(55).conv("conv1", 4, 1, 3, true).conv("conv2", 6, 4, 3, true)
                    .linear("fc1", 16, 96, true).linear("fc2", 5, 16, true);
        }

        @Override
        String quantization() {
            return """
                    quantization:
                      scheme: q15
                      activations: minmax
                      layers:
                        fc1: {scheme: q7q15}
                        fc2: {scheme: q7}
                    """;
        }
    },
    /**
     * cortex-m4; the topology of ARM's CMSIS-NN CIFAR-10 example (RGB conv, fast convs, Caffe's ceil-mode max
     * pools 32 -> 16 -> 8 -> 4, a 512 -> 10 fully connected layer, softmax), random weights: the instruction-count
     * benchmark compares it with the same CMSIS calls. No golden files (its weights header alone is 130 kB).
     */
    CIFAR("cifar", "CifarNet", "cortex-m4", """
            package cifar;

            import dev.j2cmsis.annotations.*;

            @Network(config = "cifar.yaml", input = {3, 32, 32})
            public class CifarNet {
                @Conv2d(outChannels = 32, kernel = 5, padding = 2) Layer conv1;
                @ReLU Layer relu1;
                @MaxPool(kernel = 3, stride = 2, ceilMode = true) Layer pool1;
                @Conv2d(outChannels = 16, kernel = 5, padding = 2) Layer conv2;
                @ReLU Layer relu2;
                @MaxPool(kernel = 3, stride = 2, ceilMode = true) Layer pool2;
                @Conv2d(outChannels = 32, kernel = 5, padding = 2) Layer conv3;
                @ReLU Layer relu3;
                @MaxPool(kernel = 3, stride = 2, ceilMode = true) Layer pool3;
                @Linear(outFeatures = 10) Layer ip1;
                @Softmax Layer softmax;
            }
            """) {
        @Override
        Fixtures.Weights weights() {
            return new Fixtures.Weights(66).conv("conv1", 32, 3, 5, true).conv("conv2", 16, 32, 5, true)
                    .conv("conv3", 32, 16, 5, true).linear("ip1", 10, 32 * 4 * 4, true);
        }
    };

    private final String pkg;
    private final String className;
    private final String target;
    private final String code;

    TestNets(String pkg, String className, String target, String code) {
        this.pkg = pkg;
        this.className = className;
        this.target = target;
        this.code = code;
    }

    abstract Fixtures.Weights weights();

    /** False for a network too large for golden files (its behaviour is still tested end to end). */
    public boolean golden() {
        return this != CIFAR;
    }

    /** The YAML's quantization section. */
    String quantization() {
        return """
                quantization:
                  scheme: q7
                  activations: minmax
                """;
    }

    public String target() {
        return target;
    }

    public String pkg() {
        return pkg;
    }

    public String qualifiedName() {
        return pkg + "." + className;
    }

    public String q7Class() {
        return qualifiedName() + "Q7";
    }

    public String floatClass() {
        return qualifiedName() + "Float";
    }

    public JavaFileObject source() {
        return Fixtures.source(qualifiedName(), code);
    }

    /** Writes YAML, weights and calibration data for this network into a class-path directory. */
    public Path writeResources(Path cpDir) throws IOException {
        return writeResources(cpDir, target);
    }

    /** The same with another target (the C and simulator then follow that target's CMSIS path). */
    public Path writeResources(Path cpDir, String target) throws IOException {
        Path dir = cpDir.resolve(pkg);
        weights().write(dir.resolve(pkg + ".safetensors"));
        int[] in = switch (this) {
            case TINY -> new int[] {1, 12, 12};
            case RGB -> new int[] {3, 9, 9};
            case GRAPH -> new int[] {2, 10, 12};
            case AVG -> new int[] {4, 8, 8};
            case Q15 -> new int[] {1, 12, 12};
            case CIFAR -> new int[] {3, 32, 32};
        };
        Fixtures.calibration(dir.resolve("calib.npy"), 7, 64, in[0], in[1], in[2]);
        Fixtures.text(dir.resolve(pkg + ".yaml"), """
                weights: %s.safetensors
                calibration:
                  data: calib.npy
                  samples: 48
                  transform:
                    scale: 0.00392156862745098
                    mean: 0.5
                    std: 0.25
                %starget: %s
                """.formatted(pkg, quantization(), target));
        return cpDir;
    }
}
