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
        int[] in = this == TINY ? new int[] {1, 12, 12} : new int[] {3, 9, 9};
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
                quantization:
                  scheme: q7
                  activations: minmax
                target: %s
                """.formatted(pkg, target));
        return cpDir;
    }
}
