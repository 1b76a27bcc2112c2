package dev.j2cmsis.processor.onnx;

import dev.j2cmsis.processor.onnx.proto.Onnx.AttributeProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.GraphProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.ModelProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.NodeProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.TensorProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.ValueInfoProto;
import dev.j2cmsis.sim.data.Tensor;
import dev.j2cmsis.sim.floatref.FloatKernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;

import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Turns an ONNX graph (as {@code torch.onnx.export} writes it, opset 13 and later) into j2cmsis layers: one
 * {@link ImportedLayer} per layer annotation, in graph order, and the weights under the names the layers use.
 * Every unsupported operator or attribute is collected as a problem naming its node and the fix; nothing is
 * returned unless there are none.
 */
public final class OnnxImporter {
    /** Operators the importer maps (Constant, Identity and Dropout only carry values through). */
    static final List<String> SUPPORTED = List.of("Conv", "Gemm", "MatMul(+Add)", "MaxPool", "AveragePool",
            "GlobalAveragePool", "Relu", "Sigmoid", "Tanh", "Softmax", "Flatten", "Reshape", "BatchNormalization",
            "Add", "Concat", "Constant", "Identity", "Dropout");

    /** The imported network: the input {c, h, w}, the layers in order, the weights by safetensors key. */
    public record Result(int[] input, List<ImportedLayer> layers, Map<String, Tensor> weights, long opset,
                         String producer) {
    }

    /** An activation tensor: the layer that produced it and its shape without the batch axis. */
    private record Value(String layer, int[] shape) {
    }

    private final ModelProto model;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final List<ImportedLayer> layers = new ArrayList<>();
    private final Map<String, Tensor> weights = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();

    private final java.nio.file.Path baseDir;

    /** {@code baseDir}: where external tensor data files (ONNX's {@code location}) are, usually the model's directory. */
    public OnnxImporter(ModelProto model, java.nio.file.Path baseDir) {
        this.model = model;
        this.baseDir = baseDir;
    }

    public OnnxImporter(ModelProto model) {
        this(model, null);
    }

    /**
     * The tensor with its external data (as the dynamo exporter writes by default: {@code model.onnx.data}) read
     * into {@code raw_data}.
     */
    private TensorProto loaded(TensorProto t) {
        if (t.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
            return t;
        }
        Map<String, String> info = new HashMap<>();
        t.getExternalDataList().forEach(e -> info.put(e.getKey(), e.getValue()));
        String location = info.get("location");
        if (baseDir == null || location == null || java.nio.file.Path.of(location).isAbsolute()
                || location.contains("..")) {
            problems.add("tensor '" + t.getName() + "': external data at '" + location + "' cannot be read. Fix: "
                    + "keep the data file beside the model, or export with external_data=False.");
            return t;
        }
        try (var ch = java.nio.channels.FileChannel.open(baseDir.resolve(location))) {
            long offset = Long.parseLong(info.getOrDefault("offset", "0"));
            long length = info.containsKey("length") ? Long.parseLong(info.get("length")) : ch.size() - offset;
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(length));
            while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                // read until full
            }
            if (b.hasRemaining()) {
                throw new java.io.IOException("the file ends before byte " + (offset + length));
            }
            return t.toBuilder().setRawData(com.google.protobuf.ByteString.copyFrom(b.flip()))
                    .clearExternalData().setDataLocation(TensorProto.DataLocation.DEFAULT).build();
        } catch (java.io.IOException | RuntimeException e) {
            problems.add("tensor '" + t.getName() + "': cannot read its external data " + baseDir.resolve(location)
                    + ": " + e.getMessage() + ". Fix: keep the data file beside the model.");
            return t;
        }
    }

    public Result run() throws ImportException {
        GraphProto g = model.getGraph();
        long opset = model.getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(o -> o.getVersion()).max().orElse(0);
        if (opset < 13) {
            problems.add("the model uses opset " + opset + "; the importer reads opset 13 and later. Fix: export "
                    + "with torch.onnx.export(..., opset_version=17).");
        }
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), loaded(t));
        }
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        int[] input = null;
        for (ValueInfoProto vi : g.getInputList()) {
            if (constants.containsKey(vi.getName())) {
                continue;
            }
            if (input != null) {
                problems.add("graph input '" + vi.getName() + "': the network has more than one input. Fix: export "
                        + "a module with one image input.");
                continue;
            }
            var dims = vi.getType().getTensorType().getShape().getDimList();
            if (dims.size() != 4 || vi.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE
                    || dims.subList(1, 4).stream().anyMatch(d -> !d.hasDimValue())) {
                problems.add("graph input '" + vi.getName() + "': expected a float32 tensor [batch, channels, height, "
                        + "width] with fixed channels, height and width. Fix: export with a dummy input of that shape.");
                continue;
            }
            input = new int[] {(int) dims.get(1).getDimValue(), (int) dims.get(2).getDimValue(),
                    (int) dims.get(3).getDimValue()};
            values.put(vi.getName(), new Value("input", input));
        }
        if (input == null) {
            problems.add("the graph has no image input. Fix: export the module with an input tensor.");
            throw new ImportException(problems);
        }
        for (NodeProto n : g.getNodeList()) {
            try {
                node(n);
            } catch (NodeProblem p) {
                problems.add(where(n) + p.getMessage());
            }
        }
        if (g.getOutputCount() != 1) {
            problems.add("the graph has " + g.getOutputCount() + " outputs; j2cmsis networks have one. Fix: export "
                    + "a module that returns one tensor.");
        } else if (!layers.isEmpty()) {
            Value out = values.get(g.getOutput(0).getName());
            String last = layers.get(layers.size() - 1).name();
            if (out == null || !out.layer().equals(last)) {
                problems.add("the graph output '" + g.getOutput(0).getName() + "' is not the last layer (" + last
                        + "). Fix: end the module with the layer whose result it returns.");
            }
        }
        if (!problems.isEmpty()) {
            throw new ImportException(problems);
        }
        return new Result(input, List.copyOf(layers), weights, opset,
                (model.getProducerName() + " " + model.getProducerVersion()).trim());
    }

    private static String where(NodeProto n) {
        return "node '" + (n.getName().isEmpty() ? n.getOutput(0) : n.getName()) + "' (" + n.getOpType() + "): ";
    }

    /** A problem with one node; the message says what to do. */
    private static final class NodeProblem extends Exception {
        NodeProblem(String message) {
            super(message);
        }
    }

    private void node(NodeProto n) throws NodeProblem {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw new NodeProblem("operators of domain '" + n.getDomain() + "' are not supported. Fix: export with "
                    + "the standard ONNX operators.");
        }
        switch (n.getOpType()) {
            case "Constant" -> constant(n);
            case "Identity", "Dropout" -> alias(n);
            case "Conv" -> conv(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matmul(n);
            case "MaxPool", "AveragePool" -> pool(n);
            case "GlobalAveragePool" -> {
                Value x = activation(n, 0);
                requireSpatial(x);
                add(n, "pool", "AvgPool", attrs("kernel", pair(x.shape()[1], x.shape()[2])), List.of(x),
                        new int[] {x.shape()[0], 1, 1});
            }
            case "Relu" -> elementwise(n, "relu", "ReLU");
            case "Sigmoid" -> elementwise(n, "sigmoid", "Sigmoid");
            case "Tanh" -> elementwise(n, "tanh", "Tanh");
            case "Softmax" -> softmax(n);
            case "Flatten" -> flatten(n);
            case "Reshape" -> reshape(n);
            case "BatchNormalization" -> batchNorm(n);
            case "Add" -> addNode(n);
            case "Concat" -> concat(n);
            default -> throw new NodeProblem("operator " + n.getOpType() + " is not supported. j2cmsis imports "
                    + String.join(", ", SUPPORTED) + ". Fix: replace it in the PyTorch module (or write the layer "
                    + "by hand in the generated class).");
        }
    }

    // ------------------------------------------------------------------ value plumbing

    private void constant(NodeProto n) throws NodeProblem {
        for (AttributeProto a : n.getAttributeList()) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(n.getOutput(0));
            switch (a.getName()) {
                case "value" -> t.mergeFrom(a.getT()).setName(n.getOutput(0));
                case "value_float" -> t.setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(a.getF());
                case "value_floats" -> t.setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(a.getFloatsCount())
                        .addAllFloatData(a.getFloatsList());
                case "value_int" -> t.setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(a.getI());
                case "value_ints" -> t.setDataType(TensorProto.DataType.INT64_VALUE).addDims(a.getIntsCount())
                        .addAllInt64Data(a.getIntsList());
                default -> throw new NodeProblem("Constant attribute '" + a.getName() + "' is not supported. Fix: "
                        + "use a tensor constant.");
            }
            constants.put(n.getOutput(0), t.build());
            return;
        }
        throw new NodeProblem("a Constant without a value.");
    }

    private void alias(NodeProto n) throws NodeProblem {
        String in = n.getInput(0);
        if (constants.containsKey(in)) {
            constants.put(n.getOutput(0), constants.get(in));
        } else {
            values.put(n.getOutput(0), activation(n, 0));
        }
    }

    private Value activation(NodeProto n, int index) throws NodeProblem {
        String name = n.getInput(index);
        Value v = values.get(name);
        if (v == null) {
            throw new NodeProblem("input '" + name + "' is " + (constants.containsKey(name) ? "a constant where j2cmsis "
                    + "needs the output of a layer" : "not produced by a supported layer") + ". Fix: export the "
                    + "module in eval mode with do_constant_folding=True.");
        }
        return v;
    }

    private TensorProto constant(NodeProto n, int index, String what) throws NodeProblem {
        TensorProto t = index < n.getInputCount() ? constants.get(n.getInput(index)) : null;
        if (t == null) {
            throw new NodeProblem("the " + what + " ('" + (index < n.getInputCount() ? n.getInput(index) : "")
                    + "') must be a constant (an initializer). Fix: export with export_params=True and "
                    + "do_constant_folding=True.");
        }
        return t;
    }

    private static boolean hasInput(NodeProto n, int index) {
        return index < n.getInputCount() && !n.getInput(index).isEmpty();
    }

    // ------------------------------------------------------------------ layers

    private void conv(NodeProto n) throws NodeProblem {
        Value x = activation(n, 0);
        requireSpatial(x);
        TensorProto w = constant(n, 1, "weight");
        int[] ws = dims(w);
        if (ws.length != 4) {
            throw new NodeProblem("only 2-D convolutions are supported (weight of shape " + Arrays.toString(ws) + ").");
        }
        Map<String, AttributeProto> a = attributes(n);
        requireNoAutoPad(a);
        int[] dil = ints(a, "dilations", 1, 1);
        if (dil[0] != 1 || dil[1] != 1) {
            throw new NodeProblem("dilations " + Arrays.toString(dil) + " are not supported: CMSIS-NN's legacy q7 "
                    + "convolutions have no dilation. Fix: use dilation=1 in the nn.Conv2d.");
        }
        int groups = (int) integer(a, "group", 1);
        int cin = x.shape()[0];
        int cout = ws[0];
        if (groups != 1 && !(groups == cin && cout == cin && ws[1] == 1)) {
            throw new NodeProblem("group " + groups + " is not supported: j2cmsis takes 1 (a full convolution) or "
                    + "the input channels with as many outputs (depthwise, here " + cin + "). Fix: use groups=1 or "
                    + "groups=in_channels=out_channels.");
        }
        int[] k = ints(a, "kernel_shape", ws[2], ws[3]);
        int[] s = ints(a, "strides", 1, 1);
        int[] p = symmetricPads(a);
        String name = layerName(n, w.getName(), "conv");
        weights.put(name + ".weight", tensor(name + ".weight", w));
        boolean bias = hasInput(n, 2);
        if (bias) {
            weights.put(name + ".bias", tensor(name + ".bias", constant(n, 2, "bias")));
        }
        Map<String, String> at = attrs("outChannels", Integer.toString(cout), "kernel", pair(k[0], k[1]));
        if (s[0] != 1 || s[1] != 1) {
            at.put("stride", pair(s[0], s[1]));
        }
        if (p[0] != 0 || p[1] != 0) {
            at.put("padding", pair(p[0], p[1]));
        }
        if (groups != 1) {
            at.put("groups", Integer.toString(groups));
        }
        if (!bias) {
            at.put("bias", "false");
        }
        int oh = (x.shape()[1] + 2 * p[0] - k[0]) / s[0] + 1;
        int ow = (x.shape()[2] + 2 * p[1] - k[1]) / s[1] + 1;
        addNamed(n, name, "Conv2d", at, List.of(x), new int[] {cout, oh, ow});
    }

    private void gemm(NodeProto n) throws NodeProblem {
        Value x = activation(n, 0);
        Map<String, AttributeProto> a = attributes(n);
        if (floating(a, "alpha", 1f) != 1f || floating(a, "beta", 1f) != 1f || integer(a, "transA", 0) != 0) {
            throw new NodeProblem("only alpha=1, beta=1, transA=0 are supported (nn.Linear exports that). Fix: "
                    + "export an nn.Linear.");
        }
        TensorProto w = constant(n, 1, "weight");
        float[] wd = floats(w);
        int[] ws = dims(w);
        if (ws.length != 2) {
            throw new NodeProblem("the weight must be 2-D, not " + Arrays.toString(ws) + ".");
        }
        if (integer(a, "transB", 0) == 0) {
            wd = transpose(wd, ws[0], ws[1]);
            ws = new int[] {ws[1], ws[0]};
        }
        linear(n, x, w.getName(), wd, ws, hasInput(n, 2) ? constant(n, 2, "bias") : null);
    }

    private void matmul(NodeProto n) throws NodeProblem {
        Value x = activation(n, 0);
        TensorProto w = constant(n, 1, "weight");
        int[] ws = dims(w);
        if (ws.length != 2) {
            throw new NodeProblem("only a matrix weight [in, out] is supported, not " + Arrays.toString(ws) + ".");
        }
        linear(n, x, w.getName(), transpose(floats(w), ws[0], ws[1]), new int[] {ws[1], ws[0]}, null);
    }

    private void linear(NodeProto n, Value x, String weightName, float[] w, int[] ws, TensorProto bias)
            throws NodeProblem {
        int in = Arrays.stream(x.shape()).reduce(1, (p, q) -> p * q);
        if (ws[1] != in) {
            throw new NodeProblem("the weight has " + ws[1] + " inputs but the layer gets " + in + " values.");
        }
        String name = layerName(n, weightName, "fc");
        weights.put(name + ".weight", new Tensor(name + ".weight", ws, w));
        Map<String, String> at = attrs("outFeatures", Integer.toString(ws[0]));
        if (bias != null) {
            weights.put(name + ".bias", flatBias(name, bias, ws[0]));
        } else {
            at.put("bias", "false");
        }
        addNamed(n, name, "Linear", at, List.of(x), new int[] {ws[0]});
    }

    private Tensor flatBias(String name, TensorProto bias, int out) throws NodeProblem {
        float[] b = floats(bias);
        if (b.length != out) {
            throw new NodeProblem("the bias has " + b.length + " values for " + out + " outputs.");
        }
        return new Tensor(name + ".bias", new int[] {out}, b);
    }

    private void pool(NodeProto n) throws NodeProblem {
        boolean max = n.getOpType().equals("MaxPool");
        Value x = activation(n, 0);
        requireSpatial(x);
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
            throw new NodeProblem("the indices output is not supported. Fix: return_indices=False.");
        }
        Map<String, AttributeProto> a = attributes(n);
        requireNoAutoPad(a);
        boolean ceil = integer(a, "ceil_mode", 0) != 0;
        int[] dil = ints(a, "dilations", 1, 1);
        if (dil[0] != 1 || dil[1] != 1) {
            throw new NodeProblem("dilations " + Arrays.toString(dil) + " are not supported. Fix: dilation=1.");
        }
        int[] k = ints(a, "kernel_shape", 0, 0);
        int[] s = ints(a, "strides", 1, 1);
        int[] p = symmetricPads(a);
        if (!max && (p[0] != 0 || p[1] != 0)) {
            throw new NodeProblem("padding " + pair(p[0], p[1]) + " is not supported for average pooling (CMSIS "
                    + "averages only in-image values). Fix: padding=0.");
        }
        Map<String, String> at = attrs("kernel", pair(k[0], k[1]));
        if (s[0] != k[0] || s[1] != k[1]) {
            at.put("stride", pair(s[0], s[1]));
        }
        if (p[0] != 0 || p[1] != 0) {
            at.put("padding", pair(p[0], p[1]));
        }
        if (ceil) {
            at.put("ceilMode", "true");
        }
        int oh = FloatKernels.poolOutputSize(x.shape()[1], k[0], s[0], p[0], ceil);
        int ow = FloatKernels.poolOutputSize(x.shape()[2], k[1], s[1], p[1], ceil);
        add(n, "pool", max ? "MaxPool" : "AvgPool", at, List.of(x), new int[] {x.shape()[0], oh, ow});
    }

    private void elementwise(NodeProto n, String base, String annotation) throws NodeProblem {
        Value x = activation(n, 0);
        add(n, base, annotation, new LinkedHashMap<>(), List.of(x), x.shape());
    }

    private void softmax(NodeProto n) throws NodeProblem {
        Value x = activation(n, 0);
        long axis = integer(attributes(n), "axis", -1);
        if (x.shape().length != 1 || (axis != -1 && axis != 1)) {
            throw new NodeProblem("softmax over axis " + axis + " of a tensor of rank " + (x.shape().length + 1)
                    + ": j2cmsis's softmax runs over the features of a flat tensor. Fix: apply it to the logits "
                    + "(dim=1 after a Linear).");
        }
        add(n, "softmax", "Softmax", new LinkedHashMap<>(), List.of(x), x.shape());
    }

    private void flatten(NodeProto n) throws NodeProblem {
        Value x = activation(n, 0);
        if (integer(attributes(n), "axis", 1) != 1) {
            throw new NodeProblem("only axis=1 (keep the batch) is supported. Fix: torch.flatten(x, 1).");
        }
        flattenLayer(n, x);
    }

    private void flattenLayer(NodeProto n, Value x) throws NodeProblem {
        if (x.shape().length == 1) {
            values.put(n.getOutput(0), x);  // already flat: nothing to do
            return;
        }
        int size = Arrays.stream(x.shape()).reduce(1, (p, q) -> p * q);
        add(n, "flatten", "Flatten", new LinkedHashMap<>(), List.of(x), new int[] {size});
    }

    private void reshape(NodeProto n) throws NodeProblem {
        Value x = activation(n, 0);
        long[] shape = longs(constant(n, 1, "target shape"));
        int size = Arrays.stream(x.shape()).reduce(1, (p, q) -> p * q);
        boolean flat = shape.length == 2 && (shape[0] == 1 || shape[0] == -1 || shape[0] == 0)
                && (shape[1] == size || (shape[1] == -1 && shape[0] != -1));
        if (!flat) {
            throw new NodeProblem("reshape to " + Arrays.toString(shape) + " is not supported: j2cmsis reshapes only "
                    + "to [batch, " + size + "] (a flatten before a Linear). Fix: use torch.flatten(x, 1).");
        }
        flattenLayer(n, x);
    }

    private void batchNorm(NodeProto n) throws NodeProblem {
        Value x = activation(n, 0);
        Map<String, AttributeProto> a = attributes(n);
        if (integer(a, "training_mode", 0) != 0 || (n.getOutputCount() > 1 && n.getOutputList().subList(1,
                n.getOutputCount()).stream().anyMatch(o -> !o.isEmpty()))) {
            throw new NodeProblem("training-mode batch norm is not supported. Fix: call model.eval() before "
                    + "exporting.");
        }
        ImportedLayer before = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        if (before == null || !before.name().equals(x.layer())
                || !(before.annotation().equals("Conv2d") || before.annotation().equals("Linear"))) {
            throw new NodeProblem("batch norm must follow the Conv2d or Linear it is folded into (it reads "
                    + x.layer() + "). Fix: put the batch norm right after a convolution or linear layer.");
        }
        TensorProto scale = constant(n, 1, "scale");
        String name = layerName(n, scale.getName(), "bn");
        String[] keys = {"weight", "bias", "running_mean", "running_var"};
        for (int i = 0; i < 4; i++) {
            TensorProto t = constant(n, i + 1, keys[i]);
            weights.put(name + "." + keys[i], new Tensor(name + "." + keys[i], new int[] {x.shape()[0]}, floats(t)));
        }
        // float32, as PyTorch's eps reaches the export: the processor folds with exactly this value.
        weights.put(name + ".eps", new Tensor(name + ".eps", new int[0], new float[] {floating(a, "epsilon", 1e-5f)}));
        addNamed(n, name, "BatchNorm", new LinkedHashMap<>(), List.of(x), x.shape());
    }

    private void addNode(NodeProto n) throws NodeProblem {
        boolean c0 = constants.containsKey(n.getInput(0));
        boolean c1 = constants.containsKey(n.getInput(1));
        if (c0 || c1) {
            // MatMul + Add is nn.Linear: the constant is the bias of the Linear just before.
            Value x = activation(n, c0 ? 1 : 0);
            ImportedLayer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
            if (last == null || !last.name().equals(x.layer()) || !last.annotation().equals("Linear")
                    || !"false".equals(last.attributes().get("bias"))
                    || consumers.getOrDefault(n.getInput(c0 ? 1 : 0), 0) != 1) {
                throw new NodeProblem("adding a constant is supported only as the bias of a MatMul (nn.Linear). Fix: "
                        + "fold the constant into the layer before.");
            }
            int out = Integer.parseInt(last.attributes().get("outFeatures"));
            weights.put(last.name() + ".bias", flatBias(last.name(), constants.get(n.getInput(c0 ? 0 : 1)), out));
            Map<String, String> at = new LinkedHashMap<>(last.attributes());
            at.remove("bias");
            layers.set(layers.size() - 1, new ImportedLayer(last.name(), "Linear", at, last.inputs()));
            values.put(n.getOutput(0), x);
            return;
        }
        Value a = activation(n, 0);
        Value b = activation(n, 1);
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new NodeProblem("the inputs have shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + "; j2cmsis adds tensors of the same shape (no broadcasting).");
        }
        add(n, "add", "Add", new LinkedHashMap<>(), List.of(a, b), a.shape());
    }

    private void concat(NodeProto n) throws NodeProblem {
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            ins.add(activation(n, i));
        }
        Value first = ins.get(0);
        long axis = integer(attributes(n), "axis", 1);
        if (first.shape().length != 3 || (axis != 1 && axis != -3)) {
            throw new NodeProblem("concatenation along axis " + axis + " is not supported: j2cmsis concatenates "
                    + "channels of spatial tensors. Fix: torch.cat([...], dim=1).");
        }
        int c = 0;
        for (Value v : ins) {
            if (v.shape().length != 3 || v.shape()[1] != first.shape()[1] || v.shape()[2] != first.shape()[2]) {
                throw new NodeProblem("the inputs differ in height or width.");
            }
            c += v.shape()[0];
        }
        add(n, "cat", "Concat", new LinkedHashMap<>(), ins, new int[] {c, first.shape()[1], first.shape()[2]});
    }

    private static void requireSpatial(Value x) throws NodeProblem {
        if (x.shape().length != 3) {
            throw new NodeProblem("expects a [batch, channels, height, width] tensor, but its input is flat.");
        }
    }

    // ------------------------------------------------------------------ naming and layers

    private void add(NodeProto n, String base, String annotation, Map<String, String> at, List<Value> ins,
                     int[] shape) throws NodeProblem {
        addNamed(n, layerName(n, "", base), annotation, at, ins, shape);
    }

    private void addNamed(NodeProto n, String name, String annotation, Map<String, String> at, List<Value> ins,
                          int[] shape) {
        List<String> inputs = ins.stream().map(Value::layer).toList();
        names.add(name);
        layers.add(new ImportedLayer(name, annotation, at, inputs));
        values.put(n.getOutput(0), new Value(name, shape));
    }

    /**
     * The field name: the PyTorch module path of the parameter ({@code conv1.weight} names {@code conv1}) or of
     * the node ({@code /relu1/Relu} names {@code relu1}), as a Java identifier; otherwise base and a counter.
     */
    private String layerName(NodeProto n, String parameter, String base) {
        String path = "";
        int dot = parameter.lastIndexOf('.');
        if (dot > 0 && !parameter.startsWith("onnx::")) {
            path = parameter.substring(0, dot);
        } else if (n.getName().startsWith("/") && n.getName().lastIndexOf('/') > 0) {
            path = n.getName().substring(1, n.getName().lastIndexOf('/'));
        }
        String id = identifier(path);
        if (id != null && !names.contains(id)) {
            return id;
        }
        int k = counters.merge(base, 1, Integer::sum);
        while (names.contains(base + k)) {
            k = counters.merge(base, 1, Integer::sum);
        }
        return base + k;
    }

    private static String identifier(String path) {
        if (path.isEmpty()) {
            return null;
        }
        String s = path.replaceAll("[^A-Za-z0-9_]", "_");
        if (!Character.isJavaIdentifierStart(s.charAt(0))) {
            s = "l_" + s;
        }
        return SourceVersion.isName(s) && !s.equals("input") ? s : null;
    }

    // ------------------------------------------------------------------ attributes and tensors

    private static Map<String, String> attrs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** One value for both axes when they are equal, as a user writes it; else {height, width}. */
    private static String pair(int h, int w) {
        return h == w ? Integer.toString(h) : "{" + h + ", " + w + "}";
    }

    private static Map<String, AttributeProto> attributes(NodeProto n) {
        Map<String, AttributeProto> m = new HashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            m.put(a.getName(), a);
        }
        return m;
    }

    private static void requireNoAutoPad(Map<String, AttributeProto> a) throws NodeProblem {
        AttributeProto p = a.get("auto_pad");
        String v = p == null ? "NOTSET" : p.getS().toStringUtf8();
        if (!v.equals("NOTSET") && !v.equals("VALID")) {
            throw new NodeProblem("auto_pad=" + v + " is not supported. Fix: give explicit padding in PyTorch.");
        }
    }

    private static int[] symmetricPads(Map<String, AttributeProto> a) throws NodeProblem {
        int[] p = a.containsKey("pads") ? a.get("pads").getIntsList().stream().mapToInt(Long::intValue).toArray()
                : new int[4];
        if (p.length != 4) {
            throw new NodeProblem("pads " + Arrays.toString(p) + " are not 2-D.");
        }
        if (p[0] != p[2] || p[1] != p[3]) {
            throw new NodeProblem("asymmetric pads " + Arrays.toString(p) + " (top, left, bottom, right) are not "
                    + "supported: j2cmsis pads each axis equally on both sides. Fix: use symmetric padding.");
        }
        return new int[] {p[0], p[1]};
    }

    private static int[] ints(Map<String, AttributeProto> a, String name, int h, int w) throws NodeProblem {
        if (!a.containsKey(name)) {
            return new int[] {h, w};
        }
        List<Long> v = a.get(name).getIntsList();
        if (v.size() != 2) {
            throw new NodeProblem(name + " " + v + " is not 2-D: j2cmsis imports 2-D layers only.");
        }
        return new int[] {v.get(0).intValue(), v.get(1).intValue()};
    }

    private static long integer(Map<String, AttributeProto> a, String name, long dflt) {
        return a.containsKey(name) ? a.get(name).getI() : dflt;
    }

    private static float floating(Map<String, AttributeProto> a, String name, float dflt) {
        return a.containsKey(name) ? a.get(name).getF() : dflt;
    }

    private static int[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToInt(Long::intValue).toArray();
    }

    private static Tensor tensor(String name, TensorProto t) throws NodeProblem {
        return new Tensor(name, dims(t), floats(t));
    }

    static float[] floats(TensorProto t) throws NodeProblem {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new NodeProblem("tensor '" + t.getName() + "' is stored in an external file. Fix: export without "
                    + "external data (models under 2 GB).");
        }
        int n = Arrays.stream(dims(t)).reduce(1, (p, q) -> p * q);
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[n];
        switch (t.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = t.getRawData().isEmpty() ? t.getFloatData(i) : raw.getFloat();
                }
            }
            case TensorProto.DataType.DOUBLE_VALUE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) (t.getRawData().isEmpty() ? t.getDoubleData(i) : raw.getDouble());
                }
            }
            default -> throw new NodeProblem("tensor '" + t.getName() + "' has data type " + t.getDataType()
                    + "; weights must be float32. Fix: export a float model (no quantization in PyTorch).");
        }
        return out;
    }

    static long[] longs(TensorProto t) throws NodeProblem {
        int n = Arrays.stream(dims(t)).reduce(1, (p, q) -> p * q);
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (t.getDataType()) {
                case TensorProto.DataType.INT64_VALUE -> t.getRawData().isEmpty() ? t.getInt64Data(i) : raw.getLong();
                case TensorProto.DataType.INT32_VALUE -> t.getRawData().isEmpty() ? t.getInt32Data(i) : raw.getInt();
                default -> throw new NodeProblem("tensor '" + t.getName() + "' is not an integer tensor.");
            };
        }
        return out;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

}
