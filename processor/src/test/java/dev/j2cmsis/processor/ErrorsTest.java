package dev.j2cmsis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per diagnostic: a bad input, the tag and text of the error, and the source line javac points at
 * (the field, the annotation or the exact attribute value). Every failing compilation must also leave no
 * generated file behind and must not show a stack trace.
 */
class ErrorsTest {
    static final String DEFAULT_BODY = """
                @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                @ReLU Layer relu1;
                @Linear(outFeatures = 4) Layer fc1;
            """;
    static final String DEFAULT_HEAD = """
                config = "errnet.yaml",
                input = {1, 8, 8})
            """;
    static final String YAML = """
            weights: errnet.safetensors
            calibration:
              data: calib.npy
              transform:
                scale: 0.00392156862745098
            target: %s
            """;

    @TempDir
    Path cp;
    JavaFileObject source;
    Fixtures.Weights weights;

    @BeforeEach
    void defaults() throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 3, true).linear("fc1", 4, 72, true);
        Fixtures.calibration(cp.resolve("err/calib.npy"), 3, 16, 1, 8, 8);
        yaml("cortex-m4");
    }

    void yaml(String target) throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted(target));
    }

    Compilation compile(String head, String body) throws IOException {
        if (!Files.exists(cp.resolve("err/errnet.safetensors"))) {
            weights.write(cp.resolve("err/errnet.safetensors"));
        }
        source = Fixtures.source("err.ErrNet", "package err;\n\nimport dev.j2cmsis.annotations.*;\n\n@Network(\n"
                + head + "public class ErrNet {\n" + body + "}\n");
        return Fixtures.compile(cp, source);
    }

    Compilation compile(String body) throws IOException {
        return compile(DEFAULT_HEAD, body);
    }

    /** Asserts one error with this text on the line holding {@code line}, no output and no stack trace. */
    void assertError(Compilation c, String text, String line) {
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(text).inFile(source).onLineContaining(line);
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            String m = d.getMessage(java.util.Locale.ROOT);
            assertTrue(!m.contains("\tat ") && !m.contains("Exception:"), "stack trace in diagnostic: " + m);
        }
    }

    @Test
    void theBaseNetworkCompiles() throws IOException {
        Compilation c = compile(DEFAULT_BODY);
        assertThat(c).succeeded();
        assertTrue(c.generatedFiles().stream().anyMatch(f -> f.getName().endsWith("err_net.c")));
    }

    // ---- annotations

    @Test
    void inputShapeMustHaveThreeValues() throws IOException {
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 8})\n", DEFAULT_BODY),
                "[j2cmsis:annotation] input must be {channels, height, width}", "input = {1, 8}");
    }

    @Test
    void configMustNotBeBlank() throws IOException {
        assertError(compile("    config = \"\",\n    input = {1, 8, 8})\n", DEFAULT_BODY),
                "[j2cmsis:annotation] config must name a YAML file", "config = \"\"");
    }

    @Test
    void prefixMustBeACIdentifier() throws IOException {
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 8, 8},\n    prefix = \"9net\")\n",
                DEFAULT_BODY), "[j2cmsis:annotation] prefix '9net' is not a C identifier", "prefix = \"9net\"");
    }

    @Test
    void oneLayerAnnotationPerField() throws IOException {
        assertError(compile(DEFAULT_BODY + "    @ReLU @Softmax Layer twice;\n"),
                "[j2cmsis:annotation] field 'twice' has 2 layer annotations", "Layer twice");
    }

    @Test
    void layerFieldsHaveTypeLayer() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1", "@ReLU int relu1")),
                "[j2cmsis:annotation] layer field 'relu1' has type int", "int relu1");
    }

    @Test
    void layerFieldsAreNotStatic() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1", "@ReLU static Layer relu1")),
                "[j2cmsis:annotation] layer field 'relu1' is static", "static Layer relu1");
    }

    @Test
    void aNetworkHasLayers() throws IOException {
        assertError(compile("    int notALayer;\n"), "[j2cmsis:annotation] @Network class 'ErrNet' declares no layers",
                "@Network(");
    }

    @Test
    void outChannelsMustBePositive() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("outChannels = 2", "outChannels = 0")),
                "[j2cmsis:annotation] outChannels of 'conv1' is 0; it must be > 0", "outChannels = 0");
    }

    @Test
    void outFeaturesMustBePositive() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("outFeatures = 4", "outFeatures = -1")),
                "[j2cmsis:annotation] outFeatures of 'fc1' is -1", "outFeatures = -1");
    }

    @Test
    void kernelHasOneOrTwoValues() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("kernel = 3", "kernel = {3, 3, 3}")),
                "[j2cmsis:annotation] kernel of 'conv1' has 3 values", "kernel = {3, 3, 3}");
    }

    @Test
    void strideMustBePositive() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("kernel = 3)", "kernel = 3, stride = 0)")),
                "[j2cmsis:annotation] stride of 'conv1' is 0; it must be >= 1", "stride = 0");
    }

    // ---- YAML

    @Test
    void yamlNotFound() throws IOException {
        assertError(compile("    config = \"missing.yaml\",\n    input = {1, 8, 8})\n", DEFAULT_BODY),
                "[j2cmsis:yaml] config file 'missing.yaml' not found on the class path (looked for err/missing.yaml)",
                "config = \"missing.yaml\"");
    }

    @Test
    void yamlUnknownKeyNamesFileLineAndColumn() throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted("cortex-m4").replace("  transform:",
                "  transfrom:"));
        assertError(compile(DEFAULT_BODY), "[j2cmsis:yaml] err/errnet.yaml:4:3: unknown key 'transfrom'",
                "config = \"errnet.yaml\"");
        assertThat(compile(DEFAULT_BODY)).hadErrorContaining("did you mean 'transform'?");
    }

    @Test
    void yamlSyntaxError() throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), "weights: [errnet.safetensors\ncalibration: {data: x}\n");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:yaml] err/errnet.yaml:", "config = \"errnet.yaml\"");
        assertThat(compile(DEFAULT_BODY)).hadErrorContaining("invalid YAML");
    }

    @Test
    void yamlWrongTargetSuggestsTheNearest() throws IOException {
        yaml("cortex-m444");
        assertError(compile(DEFAULT_BODY), "err/errnet.yaml:6:9: unknown target 'cortex-m444' for 'target'; did you mean 'cortex-m4'?",
                "config = \"errnet.yaml\"");
    }

    @Test
    void weightsFileMissingIsAYamlError() throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted("cortex-m4").replace("errnet.safetensors",
                "nothere.safetensors"));
        assertError(compile(DEFAULT_BODY), "err/errnet.yaml:1:10: 'weights' file not found", "config = \"errnet.yaml\"");
    }

    // ---- weights

    @Test
    void corruptWeightsFile() throws IOException {
        Fixtures.text(cp.resolve("err/errnet.safetensors"), "this is not a tensor file at all");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:weights] err/errnet.yaml:1:10: cannot read weights file",
                "config = \"errnet.yaml\"");
    }

    @Test
    void missingTensorListsThePresentOnesAndSuggests() throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 3, true).linear("fc1", 4, 72, true);
        var t = weights.tensors().remove("conv1.weight");
        weights.put("conv1.weights", t.shape(), t.data());
        Compilation c = compile(DEFAULT_BODY);
        assertError(c, "[j2cmsis:weights] tensor 'conv1.weight' for layer 'conv1' is not in errnet.safetensors. "
                + "Did you mean 'conv1.weights'?", "Layer conv1");
        assertThat(c).hadErrorContaining("Tensors present: conv1.bias, conv1.weights, fc1.bias, fc1.weight");
    }

    @Test
    void missingBiasSuggestsBiasFalse() throws IOException {
        weights.tensors().remove("fc1.bias");
        assertError(compile(DEFAULT_BODY), "or declare the layer with bias = false", "Layer fc1");
    }

    @Test
    void tensorShapeMismatch() throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 5, true).linear("fc1", 4, 72, true);
        assertError(compile(DEFAULT_BODY), "[j2cmsis:shape] tensor 'conv1.weight' has shape [2, 1, 5, 5] but "
                + "@Conv2d(outChannels = 2, kernel = 3) on input [1, 8, 8] expects [2, 1, 3, 3]", "Layer conv1");
    }

    @Test
    void nonFiniteWeights() throws IOException {
        float[] data = weights.tensors().get("fc1.weight").data().clone();
        data[7] = Float.NaN;
        weights.put("fc1.weight", new int[] {4, 72}, data);
        assertError(compile(DEFAULT_BODY), "[j2cmsis:weights] tensor 'fc1.weight' holds 1 non-finite value "
                + "(first: NaN at flat index 7)", "Layer fc1");
    }

    // ---- shapes

    @Test
    void kernelLargerThanInput() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("kernel = 3", "kernel = 9")),
                "[j2cmsis:shape] kernel 9 of 'conv1' is larger than its padded input", "kernel = 9");
    }

    @Test
    void maxPoolPaddingAtMostHalfTheKernel() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;",
                        "@MaxPool(kernel = 2, padding = 2) Layer pool;")),
                "[j2cmsis:shape] padding 2 of 'pool' is more than half the kernel 2", "padding = 2");
    }

    @Test
    void linearInputBeyondUint16() throws IOException {
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 256, 256})\n",
                        "    @Linear(outFeatures = 4) Layer fc1;\n"),
                "[j2cmsis:shape] @Linear 'fc1' gets 65536 input features; CMSIS-NN takes dim_vec as uint16_t",
                "Layer fc1");
    }

    @Test
    void convColumnBeyondUint16() throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2700, 1, 1, true);
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 8, 8})\n",
                        "    @Conv2d(outChannels = 2700, kernel = 1) Layer conv1;\n"
                                + "    @Conv2d(outChannels = 2, kernel = 5) Layer conv2;\n"),
                "[j2cmsis:shape] 'conv2' has 2700x5x5 = 67500 inputs per output", "kernel = 5");
    }

    // ---- order

    @Test
    void softmaxMustBeLast() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@Softmax Layer soft;")),
                "[j2cmsis:order] Softmax 'soft' is not the last layer", "Layer soft");
    }

    @Test
    void softmaxNeedsAVector() throws IOException {
        assertError(compile("    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;\n    @Softmax Layer soft;\n"),
                "[j2cmsis:order] Softmax 'soft' gets a spatial tensor [2, 6, 6]", "Layer soft");
    }

    @Test
    void onlyALinearFollowsAFlatten() throws IOException {
        assertError(compile("    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;\n    @Flatten Layer flat;\n"
                        + "    @Softmax Layer soft;\n"),
                "[j2cmsis:order] @Softmax 'soft' follows the Flatten 'flat' of a [2, 6, 6] tensor", "Layer soft");
    }

    @Test
    void convNeedsASpatialInput() throws IOException {
        weights.conv("conv2", 2, 1, 1, true);
        assertError(compile(DEFAULT_BODY + "    @Conv2d(outChannels = 2, kernel = 1) Layer conv2;\n"),
                "[j2cmsis:order] @Conv2d 'conv2' gets a flat vector [4]", "Layer conv2");
    }

    @Test
    void poolNeedsASpatialInput() throws IOException {
        assertError(compile(DEFAULT_BODY + "    @MaxPool(kernel = 2) Layer pool;\n"),
                "[j2cmsis:order] @MaxPool 'pool' gets a flat vector [4]", "Layer pool");
    }

    // ---- calibration

    @Test
    void calibrationDataOfTheWrongShape() throws IOException {
        Fixtures.calibration(cp.resolve("err/calib.npy"), 3, 16, 1, 7, 7);
        assertError(compile(DEFAULT_BODY), "[j2cmsis:calibration] err/errnet.yaml:3:9: calibration data calib.npy "
                + "has shape [16, 1, 7, 7] (items of [1, 7, 7]) but the network input is [1, 8, 8]", "input = {1, 8, 8}");
    }

    @Test
    void calibrationDataUnreadable() throws IOException {
        Fixtures.text(cp.resolve("err/calib.npy"), "not numpy");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:calibration] err/errnet.yaml:3:9: cannot read calibration data",
                "config = \"errnet.yaml\"");
    }

    @Test
    void calibrationDataEmpty() throws IOException {
        Fixtures.calibration(cp.resolve("err/calib.npy"), 3, 0, 1, 8, 8);
        assertError(compile(DEFAULT_BODY), "[j2cmsis:calibration] err/errnet.yaml:3:9: calibration data calib.npy "
                + "holds no samples", "config = \"errnet.yaml\"");
    }

    @Test
    void transformValuesPerChannel() throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted("cortex-m4").replace("    scale: 0.00392156862745098",
                "    mean: [0.1, 0.2]\n    std: [1, 1]"));
        assertError(compile(DEFAULT_BODY), "[j2cmsis:calibration] err/errnet.yaml:4:3: transform mean has 2 values but "
                + "the input has 1 channels", "input = {1, 8, 8}");
    }

    // ---- quantization and planning

    @Test
    void noLegalShifts() throws IOException {
        float[] tiny = new float[4 * 72];
        Arrays.fill(tiny, 1e-12f);
        weights.put("fc1.weight", new int[] {4, 72}, tiny);
        weights.put("fc1.bias", new int[] {4}, new float[] {100f, -100f, 50f, 1f});
        assertError(compile(DEFAULT_BODY), "[j2cmsis:quant] no legal shifts for 'fc1'", "Layer fc1");
    }

    @Test
    void dspMaxPoolCannotGrow() throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 3, true).linear("fc1", 4, 98, true);
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;",
                        "@MaxPool(kernel = 2, stride = 1, padding = 1) Layer pool;")
),
                "[j2cmsis:unsupported] 'pool' pools 6x6 to 7x7", "padding = 1");
    }

    // ---- graphs and the breadth layers

    @Test
    void groupedConvolutionIsUnsupported() throws IOException {
        weights.add("g.weight", new int[] {4, 1, 3, 3}, 0.1);
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;",
                        "@Conv2d(outChannels = 4, kernel = 3, padding = 1, groups = 2, bias = false) Layer g;")),
                "[j2cmsis:unsupported] groups = 2 of 'g' on 2 input channels with 4 outputs is a grouped convolution",
                "groups = 2");
    }

    @Test
    void avgPoolWithPaddingIsUnsupported() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@AvgPool(kernel = 3, padding = 1) Layer ap;")),
                "[j2cmsis:unsupported] @AvgPool 'ap' has padding", "padding = 1) Layer ap");
    }

    @Test
    void batchNormFollowsAConvOrLinear() throws IOException {
        weights.batchNorm("bn", 2);
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@ReLU Layer relu1;\n    @BatchNorm Layer bn;")),
                "[j2cmsis:unsupported] @BatchNorm 'bn' follows the ReLU 'relu1'", "Layer bn");
    }

    @Test
    void batchNormCannotFoldIntoALayerReadElsewhere() throws IOException {
        weights.batchNorm("bn", 2);
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @BatchNorm Layer bn;
                    @Add(inputs = {"conv1", "bn"}) Layer sum;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:unsupported] @BatchNorm 'bn' cannot be folded into 'conv1' because 'sum' also reads",
                "Layer bn");
    }

    @Test
    void addNeedsEqualShapes() throws IOException {
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @Add(inputs = {"input", "conv1"}) Layer sum;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:shape] @Add 'sum' adds [1, 8, 8] and [2, 6, 6]", "Layer sum");
    }

    @Test
    void concatNeedsEqualHeightAndWidth() throws IOException {
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @Concat(inputs = {"input", "conv1"}) Layer cat;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:shape] @Concat 'cat' joins channels of tensors with equal height and width, but gets "
                + "[[1, 8, 8], [2, 6, 6]]", "Layer cat");
    }

    @Test
    void concatOfThreeIsUnsupported() throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 3, true).linear("fc1", 4, 6 * 36, true);
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @Concat(inputs = {"conv1", "conv1", "conv1"}) Layer cat;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:unsupported] @Concat 'cat' joins 3 tensors; this version joins two", "Layer cat");
    }

    @Test
    void inputsNameAnUnknownLayer() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@ReLU(inputs = \"conv\") Layer relu1;")),
                "[j2cmsis:order] 'relu1' reads 'conv', which is not a layer of this network. Did you mean 'conv1'?",
                "inputs = \"conv\"");
    }

    @Test
    void inputsNameALaterLayer() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@ReLU(inputs = \"fc1\") Layer relu1;")),
                "[j2cmsis:order] 'relu1' reads 'fc1', which is declared after it", "inputs = \"fc1\"");
    }

    @Test
    void oneInputLayersReadOneTensor() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;",
                        "@ReLU(inputs = {\"conv1\", \"input\"}) Layer relu1;")),
                "[j2cmsis:annotation] @ReLU 'relu1' reads one tensor but inputs names 2", "Layer relu1");
    }

    @Test
    void noFieldNamedInput() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("Layer relu1", "Layer input")),
                "[j2cmsis:annotation] a layer field cannot be named 'input'", "Layer input");
    }

    @Test
    void aNetworkMustComputeSomething() throws IOException {
        assertError(compile("    @ReLU Layer relu1;\n"), "[j2cmsis:order] the network's output is computed by no "
                + "convolution, linear, pooling, softmax, add or concat layer", "@Network(");
    }

    // ---- budgets and quantization options

    @Test
    void ramBudgetNamesTheLargestLayers() throws IOException {
        // By hand (the caller's input and output are not in the arena): conv1 writes its 2x6x6 output (72 B) with
        // j2cmsis_convolve_HWC_q7_wide, whose im2col holds two columns of 9 taps padded to 12, q15: 48 B, so 120;
        // relu1 works in place: 72; fc1 reads the 72 B while its vec_buffer of 72 q15 (144 B) is live: 216, the
        // busiest step and so the arena.
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 8, 8},\n    maxRamBytes = 100)\n",
                        DEFAULT_BODY),
                "[j2cmsis:budget] the network needs 216 bytes of RAM (activation buffers and scratch) but maxRamBytes "
                        + "is 100 (116 over). The largest layers: 'fc1' (Linear, 216 bytes), 'conv1' (Conv2d, 120 bytes), "
                        + "'relu1' (ReLU, 72 bytes).", "maxRamBytes = 100");
    }

    @Test
    void flashBudget() throws IOException {
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 8, 8},\n    maxFlashBytes = 64)\n",
                        DEFAULT_BODY),
                // By hand: conv1's 2x1x3x3 weights widened to q15 for j2cmsis_convolve_HWC_q7_wide, 9 taps padded
                // to 12: 2 x 12 x 2 B + 2 B of bias; fc1 4x72 + 4: 50 + 292 = 342 bytes.
                "[j2cmsis:budget] the network needs 342 bytes of flash (weights and biases) but maxFlashBytes is 64",
                "maxFlashBytes = 64");
    }

    @Test
    void budgetsAreNotNegative() throws IOException {
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 8, 8},\n    maxRamBytes = -1)\n",
                DEFAULT_BODY), "[j2cmsis:annotation] maxRamBytes is negative", "maxRamBytes = -1");
    }

    private void quantizationYaml(String section) throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted("cortex-m4") + section);
    }

    @Test
    void quantizationLayersNameLayersOfTheNetwork() throws IOException {
        quantizationYaml("quantization:\n  layers:\n    fc2: {scheme: q15}\n");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:yaml] err/errnet.yaml:9:5: quantization.layers names 'fc2', "
                + "which is not a layer of this network. Did you mean 'fc1'?", "config = \"errnet.yaml\"");
    }

    @Test
    void q7q15IsForLinearLayers() throws IOException {
        quantizationYaml("quantization:\n  layers:\n    conv1: {scheme: q7q15}\n");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:unsupported] quantization.layers gives 'conv1' (Conv2d) scheme "
                + "q7q15, which only Linear layers have", "config = \"errnet.yaml\"");
    }

    @Test
    void noQ15DepthwiseInCmsis() throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 3, true).linear("fc1", 4, 32, true)
                .add("dw.weight", new int[] {2, 1, 3, 3}, 0.3);
        quantizationYaml("quantization:\n  layers:\n    dw: {scheme: q15}\n");
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;",
                        "@Conv2d(outChannels = 2, kernel = 3, groups = 2, bias = false) Layer dw;")),
                "[j2cmsis:unsupported] quantization.layers gives 'dw' (Conv2d) scheme q15, but CMSIS-NN's legacy API "
                        + "(and j2cmsis) has no q15 Conv2d", "config = \"errnet.yaml\"");
    }

    static final String NON_SQUARE_BODY = DEFAULT_BODY.replace("@Conv2d(outChannels = 2, kernel = 3) Layer conv1;",
            "@Conv2d(outChannels = 3, kernel = {3, 1}) Layer conv1;");

    void nonSquareWeights() {
        weights = new Fixtures.Weights(5).add("conv1.weight", new int[] {3, 1, 3, 1}, 0.3)
                .add("conv1.bias", new int[] {3}, 0.1).linear("fc1", 4, 3 * 6 * 8, true);
    }

    @Test
    void explicitQ15OnANonSquareConvWithoutAQ15KernelIsAnError() throws IOException {
        nonSquareWeights();
        quantizationYaml("quantization:\n  layers:\n    conv1: {scheme: q15}\n");
        assertError(compile(NON_SQUARE_BODY), "[j2cmsis:unsupported] quantization.layers gives 'conv1' scheme q15, "
                + "but it is non-square (k3x1 s1x1 p0x0 on [1, 8, 8]); CMSIS-NN's only non-square q15 convolution, "
                + "arm_convolve_HWC_q15_fast_nonsquare, needs even channel counts", "config = \"errnet.yaml\"");
    }

    // ---- notes: what j2cmsis decided on its own (javac notes, never warnings or errors)

    /** Asserts success without warnings, and one note with this text on the line holding {@code line}. */
    void assertNoteOnly(Compilation c, String text, String line) {
        assertThat(c).succeeded();
        assertThat(c).hadWarningCount(0);
        assertThat(c).hadNoteContaining(text).inFile(source).onLineContaining(line);
    }

    @Test
    void schemeQ15FallsBackToQ7ForANonSquareConvWithoutAQ15KernelWithANote() throws IOException {
        nonSquareWeights();
        quantizationYaml("quantization:\n  scheme: q15\n");
        Compilation c = compile(NON_SQUARE_BODY);
        assertNoteOnly(c, "[j2cmsis:quant] these layers run in q7 under the q15 scheme, with conversions between "
                + "q15 and q7 around them: 'conv1' (non-square (k3x1 s1x1 p0x0 on [1, 8, 8])", "config = \"errnet.yaml\"");
        String net = Fixtures.generated(c, "err_net.c");
        assertTrue(net.contains("j2cmsis_convolve_HWC_q7_wide(input"), "conv1 runs q7:\n" + net);
        assertTrue(net.contains("FN(fully_connected_q15"), "fc1 stays q15:\n" + net);
    }

    @Test
    void coarserOutputsAreOneNotePerNetwork() throws IOException {
        // conv1 computes x[0][0] - x[0][1], which is 0 on constant images: its output is only the tiny bias, far
        // finer than input x weights can express: |bias| < 2^-12 would be Q-12.19 (127 * 2^-19 >= 2e-4).
        float[] w = new float[2 * 9];
        w[0] = 0.5f;
        w[1] = -0.5f;
        w[9] = -0.5f;
        w[10] = 0.5f;
        weights = new Fixtures.Weights(5).put("conv1.weight", new int[] {2, 1, 3, 3}, w)
                .put("conv1.bias", new int[] {2}, new float[] {1e-4f, 2e-4f}).linear("fc1", 4, 72, true);
        float[] images = new float[16 * 64];
        for (int i = 0; i < images.length; i++) {
            images[i] = 10 * (i / 64);
        }
        dev.j2cmsis.sim.data.NpyWriter.write(cp.resolve("err/calib.npy"), new int[] {16, 1, 8, 8}, images);
        assertNoteOnly(compile(DEFAULT_BODY), "[j2cmsis:quant] outputs use fewer fractional bits than their range "
                + "allows in 1 layer(s), because an output cannot have more fractional bits than input x weights: "
                + "'conv1' Q-8.15 instead of Q-12.19.", "@Network");
    }

    @Test
    void aNamesEntryForNoLayerIsAWarning() throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted("cortex-m4") + "names:\n  convv1: features.0\n");
        Compilation c = compile(DEFAULT_BODY);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("[j2cmsis:yaml] names: maps 'convv1', which is not a layer of this "
                + "network; it is ignored. Did you mean 'conv1'?").inFile(source).onLineContaining("config = ");
    }

    /** The default network with a pool after relu1, whose fc1 then reads {@code fcIn} values. */
    Compilation withPool(String pool, int fcIn) throws IOException {
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 3, true).linear("fc1", 4, fcIn, true);
        return compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@ReLU Layer relu1;\n    " + pool + " Layer pool;"));
    }

    @Test
    void theAveragePoolKernelIsANoteNotUnsupported() throws IOException {
        assertNoteOnly(withPool("@AvgPool(kernel = 2)", 18), "[j2cmsis:kernel] 'pool' averages with "
                + "j2cmsis_avepool_q7_HWC_nonsquare_shift instead of CMSIS-NN's arm_avepool_q7_HWC", "Layer pool");
    }

    @Test
    void theNonSquarePoolKernelIsANote() throws IOException {
        assertNoteOnly(withPool("@MaxPool(kernel = {2, 1})", 36), "[j2cmsis:kernel] 'pool' pools with k2x1 s2x1 "
                + "p0x0 on [2, 6, 6]; CMSIS-NN has square pooling only, so j2cmsis generates "
                + "j2cmsis_maxpool_q7_HWC_nonsquare", "Layer pool");
    }

    @Test
    void addTakesExactlyTwoInputs() throws IOException {
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @Add(inputs = {"conv1", "conv1", "conv1"}) Layer sum;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:annotation] @Add 'sum' adds exactly two tensors but inputs names 3", "Layer sum");
    }

    @Test
    void concatTakesAtLeastTwoInputs() throws IOException {
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @Concat(inputs = {"conv1"}) Layer cat;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:annotation] @Concat 'cat' needs at least two inputs", "Layer cat");
    }

    @Test
    void batchNormEpsIsPositive() throws IOException {
        weights.batchNorm("bn", 2);
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@BatchNorm(eps = 0) Layer bn;")),
                "[j2cmsis:annotation] eps of 'bn' is 0.0; it must be > 0", "eps = 0");
    }

    // ---- reliability (issue 11): every size checked, no internal error, nothing accepted silently

    /** Asserts a successful build with this warning on the line holding {@code line}. */
    void assertWarning(Compilation c, String text, String line) {
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining(text).inFile(source).onLineContaining(line);
    }

    private void calibrationValues(float value, int at) throws IOException {
        float[] data = new float[3 * 64];
        java.util.Arrays.fill(data, at < 0 ? value : 7);
        if (at >= 0) {
            data[at] = value;
        }
        dev.j2cmsis.sim.data.NpyWriter.write(cp.resolve("err/calib.npy"), new int[] {3, 1, 8, 8}, data);
    }

    @Test
    void nanInCalibrationDataIsAnErrorNamingSampleAndIndex() throws IOException {
        calibrationValues(Float.NaN, 64 + 5);
        assertError(compile(DEFAULT_BODY), "[j2cmsis:calibration] err/errnet.yaml:3:9: calibration data calib.npy "
                + "holds NaN in sample 1 at flat index 5", "config = \"errnet.yaml\"");
    }

    @Test
    void infinityInCalibrationDataIsAnError() throws IOException {
        calibrationValues(Float.NEGATIVE_INFINITY, 3);
        assertError(compile(DEFAULT_BODY), "holds -Infinity in sample 0 at flat index 3", "config = \"errnet.yaml\"");
    }

    @Test
    void allZeroCalibrationDataIsAWarning() throws IOException {
        calibrationValues(0, -1);
        assertWarning(compile(DEFAULT_BODY), "[j2cmsis:calibration] err/errnet.yaml:3:9: the 3 calibration sample(s) "
                + "of calib.npy are all zero", "config = \"errnet.yaml\"");
    }

    @Test
    void allZeroWeightsAreAWarning() throws IOException {
        weights.put("conv1.weight", new int[] {2, 1, 3, 3}, new float[18]);
        Compilation c = compile(DEFAULT_BODY);
        assertWarning(c, "[j2cmsis:weights] tensor 'conv1.weight' of 'conv1' is all zero (18 values)", "Layer conv1");
        // Maven shows notes but hides warnings by default: one note lists them.
        assertThat(c).hadNoteContaining("j2cmsis: err_net was generated with 1 warning(s); the full texts are in "
                + "err_net_report.md").inFile(source).onLineContaining("public class ErrNet");
        assertThat(c).hadNoteContaining("  [j2cmsis:weights] tensor 'conv1.weight' of 'conv1' is all zero (18 values)");
    }

    @Test
    void anOutlierWeightThatZeroesTheRestIsAWarning() throws IOException {
        float[] w = new float[4 * 72];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 2 == 0 ? 0.01f : -0.02f);
        }
        w[17] = 1e30f;
        weights.put("fc1.weight", new int[] {4, 72}, w);
        assertWarning(compile(DEFAULT_BODY), "[j2cmsis:weights] in tensor 'fc1.weight' of 'fc1' the largest |weight| "
                + "1.0E30 (flat index 17) sets the q7 format, and 287 of its 288 non-zero weights are smaller than "
                + "1/256 of it", "Layer fc1");
    }

    @Test
    void anAbsurdOutputFormatIsAWarningWithTheNumbers() throws IOException {
        float[] w = new float[4 * 72];
        java.util.Arrays.fill(w, 1e30f);
        weights.put("fc1.weight", new int[] {4, 72}, w);
        assertWarning(compile(DEFAULT_BODY), "[j2cmsis:quant] outputs reach magnitudes no trained network should "
                + "have, so their formats are extreme: 'fc1' Q", "@Network");
    }

    @Test
    void integerWeightTensorsAreConvertedWithAWarning() throws IOException {
        // A safetensors file whose fc1.bias is I64: the documented format is float32.
        weights.write(cp.resolve("err/float.safetensors"));
        var tensors = dev.j2cmsis.sim.data.SafetensorsReader.read(cp.resolve("err/float.safetensors"));
        StringBuilder json = new StringBuilder("{");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (var e : tensors.entrySet()) {
            boolean integer = e.getKey().equals("fc1.bias");
            float[] d = e.getValue().data();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(d.length * (integer ? 8 : 4))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (float v : d) {
                if (integer) {
                    b.putLong(1);
                } else {
                    b.putFloat(v);
                }
            }
            json.append(json.length() > 1 ? "," : "").append(String.format(java.util.Locale.ROOT,
                    "\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}", e.getKey(),
                    integer ? "I64" : "F32", Arrays.toString(e.getValue().shape()).replace(" ", ""), body.size(),
                    body.size() + b.capacity()));
            body.write(b.array());
        }
        byte[] header = json.append("}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length)
                .array());
        file.write(header);
        file.write(body.toByteArray());
        Files.write(cp.resolve("err/errnet.safetensors"), file.toByteArray());
        assertWarning(compile(DEFAULT_BODY), "[j2cmsis:weights] err/errnet.yaml:1:10: errnet.safetensors holds integer "
                + "tensors, which j2cmsis converts to float32 as they are: 'fc1.bias' INT64", "config = \"errnet.yaml\"");
    }

    @Test
    void aLayerReadingItselfGetsItsOwnMessage() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1", "@ReLU(inputs = \"relu1\") Layer relu1")),
                "[j2cmsis:order] 'relu1' names itself in inputs", "inputs = \"relu1\"");
    }

    @Test
    void groupsZeroIsAnAnnotationError() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("kernel = 3)", "kernel = 3, groups = 0)")),
                "[j2cmsis:annotation] groups of 'conv1' is 0; it must be >= 1", "groups = 0");
    }

    @Test
    void aHugePaddingIsReportedOnThatLayersPadding() throws IOException {
        assertError(compile(DEFAULT_BODY.replace("kernel = 3)", "kernel = 3, padding = 1500000000)")),
                "[j2cmsis:shape] 'conv1' would output 3000000006 rows or columns", "padding = 1500000000");
    }

    @Test
    void anActivationTooLargeForAnyTargetIsAnErrorBeforeCalibration() throws IOException {
        // 2 x 30006 x 30006 values: each dimension fits uint16, the tensor (1.8e9 values) fits nothing.
        weights = new Fixtures.Weights(5).conv("conv1", 2, 1, 3, true);
        assertError(compile("    @Conv2d(outChannels = 2, kernel = 3, padding = 15000) Layer conv1;\n"),
                "[j2cmsis:shape] 'conv1' outputs [2, 30006, 30006] = 1800720072 values", "Layer conv1");
    }

    private void assertPrefixError(String prefix, String text) throws IOException {
        assertError(compile("    config = \"errnet.yaml\",\n    input = {1, 8, 8},\n    prefix = \"" + prefix + "\")\n",
                DEFAULT_BODY), text, "prefix = \"");
    }

    @Test
    void reservedCIdentifiersAreNoPrefix() throws IOException {
        assertPrefixError("_Net", "[j2cmsis:annotation] prefix '_Net' is reserved in C");
        assertPrefixError("__x", "prefix '__x' is reserved in C");
        assertPrefixError("int", "prefix 'int' is a C keyword");
    }

    @Test
    void aVeryLongPrefixIsAnErrorNotAFileSystemFailure() throws IOException {
        assertPrefixError("n".repeat(300), "is 300 characters long; it names the generated files and C symbols, "
                + "so at most 64 are allowed");
    }

    @Test
    void aClassClashingWithAGeneratedClassWritesNothing(@TempDir Path tmp) throws IOException {
        compile(DEFAULT_BODY);
        JavaFileObject clash = Fixtures.source("err.ErrNetQ7", "package err;\n\npublic class ErrNetQ7 {\n}\n");
        Compilation c = Fixtures.compile(cp, source, clash);
        assertThat(c).hadErrorContaining("[j2cmsis:annotation] j2cmsis generates the class err.ErrNetQ7 for this "
                + "network, but the project already has a class of that name").inFile(source)
                .onLineContaining("@Network(");
        // The same with a real javac and output directories: not one file of the failed network is written.
        Path src = tmp.resolve("src/err");
        Files.createDirectories(src);
        Files.writeString(src.resolve("ErrNet.java"), source.getCharContent(true));
        Files.writeString(src.resolve("ErrNetQ7.java"), clash.getCharContent(true));
        Path gen = Files.createDirectories(tmp.resolve("gen"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        try (var fm = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(new java.io.StringWriter(), fm, null, java.util.List.of("-processor",
                    J2cmsisProcessor.class.getName(), "-classpath", System.getProperty("java.class.path")
                            + java.io.File.pathSeparator + cp, "-s", gen.toString(), "-d", classes.toString(),
                    "-Aj2cmsis.cOutputDir=" + tmp.resolve("c")), null, fm.getJavaFileObjects(
                    src.resolve("ErrNet.java").toFile(), src.resolve("ErrNetQ7.java").toFile())).call();
            assertTrue(!ok, "the clash must fail the compilation");
        }
        try (var files = java.util.stream.Stream.concat(Files.walk(gen), Files.walk(classes))) {
            java.util.List<Path> written = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().matches("ErrNet(Q7)?\\.class")).toList();
            assertTrue(written.isEmpty(), "files written for a failed network: " + written);
        }
        assertTrue(!Files.exists(tmp.resolve("c")), "no C copied for a failed network");
    }

    @Test
    void twoNetworksWithOnePrefixInAPackageIsAnErrorOnTheSecond() throws IOException {
        compile("    config = \"errnet.yaml\",\n    input = {1, 8, 8},\n    prefix = \"same\")\n", DEFAULT_BODY);
        JavaFileObject first = source;
        JavaFileObject second = Fixtures.source("err.Other", "package err;\n\nimport dev.j2cmsis.annotations.*;\n\n"
                + "@Network(\n    config = \"errnet.yaml\",\n    input = {1, 8, 8},\n    prefix = \"same\")\n"
                + "public class Other {\n" + DEFAULT_BODY + "}\n");
        Compilation c = Fixtures.compile(cp, first, second);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[j2cmsis:annotation] the C prefix 'same' is already used by err.ErrNet in "
                + "package 'err'").inFile(second).onLineContaining("prefix = \"same\"");
    }

    @Test
    void invalidUtf8InTheYamlHasLineAndColumn() throws IOException {
        byte[] yaml = (YAML.formatted("cortex-m4") + "# caf\u00e9\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] latin1 = Arrays.copyOf(yaml, yaml.length - 2);
        latin1[latin1.length - 2] = (byte) 0xE9;
        latin1[latin1.length - 1] = '\n';
        Files.write(cp.resolve("err/errnet.yaml"), latin1);
        assertError(compile(DEFAULT_BODY), "err/errnet.yaml:7:5: byte(s) 0xE9 here are not valid UTF-8",
                "config = \"errnet.yaml\"");
    }

    @Test
    void tooDeeplyNestedYamlHasLineAndColumn() throws IOException {
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted("cortex-m4") + "names: " + "[".repeat(5000) + "\n");
        assertError(compile(DEFAULT_BODY), "err/errnet.yaml:7:", "config = \"errnet.yaml\"");
        assertThat(compile(DEFAULT_BODY)).hadErrorContaining("nested more than 64 levels deep");
    }

    @Test
    void aWeightsPathOutsideTheResourcesIsANote() throws IOException {
        Path outside = cp.getParent().resolve(cp.getFileName() + "-outside.safetensors");
        weights.write(outside);
        Fixtures.text(cp.resolve("err/errnet.yaml"), YAML.formatted("cortex-m4").replace("errnet.safetensors",
                outside.toString()));
        try {
            Compilation c = compile(DEFAULT_BODY);
            assertThat(c).succeeded();
            assertThat(c).hadNoteContaining("[j2cmsis:yaml] err/errnet.yaml:1:10: 'weights' reads " + outside
                    + ", outside the resources that hold the YAML").inFile(source).onLineContaining("config = ");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    // ---- scheme s8 (CMSIS-NN v7.0.0) and the targets only it supports

    @Test
    void heliumTargetNeedsSchemeS8() throws IOException {
        yaml("cortex-m55");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:target] err/errnet.yaml:6:9: target cortex-m55 has Helium, which "
                + "the legacy q7/q15 kernels of CMSIS_5 5.9.0 do not use", "config = \"errnet.yaml\"");
    }

    @Test
    void s8CannotBeALayerSchemeOfAQ7Network() throws IOException {
        quantizationYaml("quantization:\n  layers:\n    conv1: {scheme: s8}\n");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:yaml] err/errnet.yaml:9:21: scheme s8 is a network-wide choice",
                "config = \"errnet.yaml\"");
    }

    @Test
    void q7LayerSchemeInAnS8Network() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n  layers:\n    conv1: {scheme: q7}\n");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:yaml] err/errnet.yaml:10:21: quantization.layers.conv1.scheme is "
                + "q7, but the network's scheme is s8", "config = \"errnet.yaml\"");
    }

    @Test
    void s8IgnoresTheFormatSearchWithAWarning() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n  search: true\n");
        assertWarning(compile(DEFAULT_BODY), "[j2cmsis:quant] err/errnet.yaml:9:11: quantization.search tunes the "
                + "power-of-two formats of the q7/q15 schemes; scheme s8 ignores it", "config = \"errnet.yaml\"");
    }

    @Test
    void s8ReluThatCannotBeFolded() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n");
        weights.conv("conv2", 2, 2, 1, true);
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @ReLU Layer relu1;
                    @Conv2d(outChannels = 2, kernel = 1, inputs = "conv1") Layer conv2;
                    @Add(inputs = {"relu1", "conv2"}) Layer add;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:unsupported] @ReLU 'relu1' cannot be folded into the kernel before it under scheme s8: "
                + "'conv1' is also read by another layer", "Layer relu1");
    }

    @Test
    void s8ReluAfterALookupTable() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n");
        assertError(compile(DEFAULT_BODY.replace("@ReLU Layer relu1;", "@Tanh Layer tanh;\n    @ReLU Layer relu1;")),
                "[j2cmsis:unsupported] @ReLU 'relu1' cannot be folded into the kernel before it under scheme s8: it "
                        + "follows a Tanh ('tanh'), whose kernel has no activation clamp", "Layer relu1");
    }

    @Test
    void s8PassThroughOnTheNetworkInput() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n");
        weights = new Fixtures.Weights(5).linear("fc1", 4, 64, true);
        assertError(compile("""
                    @Flatten Layer flat;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:unsupported] 'flat' (Flatten) reads the network input directly; under scheme s8 it "
                + "needs a layer before it", "Layer flat");
    }

    @Test
    void s8FixedOutputQuantizationsThatMustBeShared() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n");
        weights.conv("conv2", 2, 1, 3, true).linear("fc1", 4, 144, true);
        assertError(compile("""
                    @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                    @Tanh Layer tanh;
                    @Conv2d(outChannels = 2, kernel = 3, inputs = "input") Layer conv2;
                    @Sigmoid Layer sig;
                    @Concat(inputs = {"tanh", "sig"}) Layer cat;
                    @Linear(outFeatures = 4) Layer fc1;
                """), "[j2cmsis:unsupported] 'tanh' and 'sig' have different fixed int8 output quantizations",
                "Layer sig");
    }

    @Test
    void s8NetworkBuildsWithTheSameAnnotations() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n  rounding: single\n");
        Compilation c = compile(DEFAULT_BODY);
        assertThat(c).succeeded();
        assertTrue(c.generatedFiles().stream().anyMatch(f -> f.getName().endsWith("ErrNetS8.java")));
        assertTrue(c.generatedFiles().stream().noneMatch(f -> f.getName().endsWith("ErrNetQ7.java")));
    }

    @Test
    void unknownRounding() throws IOException {
        quantizationYaml("quantization:\n  scheme: s8\n  rounding: triple\n");
        assertError(compile(DEFAULT_BODY), "[j2cmsis:yaml] err/errnet.yaml:9:13: unknown rounding 'triple' for "
                + "'quantization.rounding'", "config = \"errnet.yaml\"");
    }
}
