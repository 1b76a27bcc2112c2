package dev.j2cmsis.processor.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.j2cmsis.processor.onnx.proto.Onnx.AttributeProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.GraphProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.ModelProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.NodeProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.OperatorSetIdProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.TensorProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.TensorShapeProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.TypeProto;
import dev.j2cmsis.processor.onnx.proto.Onnx.ValueInfoProto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graphs built by hand in the shapes other exporters write, and one bad input per error. */
class OnnxImporterTest {
    private final GraphProto.Builder g = GraphProto.newBuilder()
            .addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(1).setShape(TensorShapeProto.newBuilder()
                            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                            .addDim(dim(2)).addDim(dim(4)).addDim(dim(4))))));

    private static TensorShapeProto.Dimension dim(long v) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
    }

    private static TensorProto floats(String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static float[] seq(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static NodeProto node(String name, String op, List<String> in, String out, AttributeProto... attrs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addOutput(out)
                .addAllAttribute(List.of(attrs)).build();
    }

    private ModelProto model(String output) {
        g.addOutput(ValueInfoProto.newBuilder().setName(output));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(18)).setGraph(g).build();
    }

    private void conv(String in, String out, AttributeProto... extra) {
        g.addInitializer(floats("c.weight", seq(2 * 2 * 3 * 3), 2, 2, 3, 3));
        AttributeProto[] a = Stream.concat(Stream.of(ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)),
                Stream.of(extra)).toArray(AttributeProto[]::new);
        g.addNode(node("/c/Conv", "Conv", List.of(in, "c.weight"), out, a));
    }

    /** MatMul + Add with a transposed constant, a Reshape fed by a Constant, Identity: one Linear with bias. */
    @Test
    void matmulAddReshapeConstantIdentity() throws Exception {
        conv("x", "c_out");
        g.addNode(node("relu_node", "Relu", List.of("c_out"), "r"));
        g.addNode(NodeProto.newBuilder().setName("k").setOpType("Constant").addOutput("shape").addAttribute(
                AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(TensorProto.newBuilder().setDataType(7).addDims(2).addInt64Data(1).addInt64Data(-1)))
                .build());
        g.addNode(node("view", "Reshape", List.of("r", "shape"), "flat"));
        g.addNode(node("id", "Identity", List.of("flat"), "flat2"));
        g.addInitializer(floats("onnx::MatMul_7", seq(32 * 3), 32, 3));  // [in, out] as MatMul keeps it
        g.addInitializer(floats("fc.bias", new float[] {1, 2, 3}, 3));
        g.addNode(node("/fc/MatMul", "MatMul", List.of("flat2", "onnx::MatMul_7"), "mm"));
        g.addNode(node("/fc/Add", "Add", List.of("fc.bias", "mm"), "y"));
        OnnxImporter.Result r = new OnnxImporter(model("y")).run();
        assertEquals(List.of("c", "relu1", "flatten1", "fc"), r.layers().stream().map(ImportedLayer::name).toList());
        assertEquals(List.of("Conv2d", "ReLU", "Flatten", "Linear"),
                r.layers().stream().map(ImportedLayer::annotation).toList());
        assertEquals("{outFeatures=3}", r.layers().get(3).attributes().toString());
        assertArrayEquals(new int[] {3, 32}, r.weights().get("fc.weight").shape());
        // weight[o][i] = matmul[i][o] = i * 3 + o
        assertEquals(5 * 3 + 2, r.weights().get("fc.weight").data()[2 * 32 + 5]);
        assertArrayEquals(new float[] {1, 2, 3}, r.weights().get("fc.bias").data());
        assertArrayEquals(new int[] {2, 4, 4}, r.input());
    }

    /** As the dynamo exporter writes by default: weights in model.onnx.data, by location, offset and length. */
    @Test
    void externalDataIsReadBesideTheModel(@TempDir Path dir) throws Exception {
        TensorProto inline = floats("c.weight", seq(2 * 2 * 3 * 3), 2, 2, 3, 3);
        byte[] data = new byte[16 + inline.getRawData().size()];
        inline.getRawData().copyTo(data, 16);
        Files.write(dir.resolve("m.onnx.data"), data);
        TensorProto external = inline.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", "m.onnx.data")).addExternalData(entry("offset", "16"))
                .addExternalData(entry("length", Integer.toString(inline.getRawData().size()))).build();
        g.addInitializer(external);
        g.addNode(node("/c/Conv", "Conv", List.of("x", "c.weight"), "y", ints("kernel_shape", 3, 3)));
        OnnxImporter.Result r = new OnnxImporter(model("y"), dir).run();
        assertArrayEquals(seq(36), r.weights().get("c.weight").data());
        ImportException e = assertThrows(ImportException.class,
                () -> new OnnxImporter(model("y"), dir.resolve("elsewhere")).run());
        assertTrue(e.getMessage().contains("cannot read its external data"), e.getMessage());
    }

    private static dev.j2cmsis.processor.onnx.proto.Onnx.StringStringEntryProto entry(String k, String v) {
        return dev.j2cmsis.processor.onnx.proto.Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private String problems(ModelProto m) {
        ImportException e = assertThrows(ImportException.class, () -> new OnnxImporter(m).run());
        return String.join("\n", e.problems());
    }

    @Test
    void dilationIsAnErrorOnTheNode() {
        conv("x", "y", ints("dilations", 2, 2));
        String p = problems(model("y"));
        assertTrue(p.contains("node '/c/Conv' (Conv): dilations [2, 2] are not supported"), p);
        assertTrue(p.contains("Fix: use dilation=1"), p);
    }

    @Test
    void asymmetricPadsAreAnError() {
        g.addInitializer(floats("c.weight", seq(2 * 2 * 3 * 3), 2, 2, 3, 3));
        g.addNode(node("/c/Conv", "Conv", List.of("x", "c.weight"), "y", ints("pads", 0, 0, 1, 1)));
        assertTrue(problems(model("y")).contains("asymmetric pads [0, 0, 1, 1]"));
    }

    @Test
    void groupsOtherThanDepthwiseAreAnError() {
        g.addInitializer(floats("c.weight", seq(4 * 1 * 3 * 3), 4, 1, 3, 3));
        g.addNode(node("/c/Conv", "Conv", List.of("x", "c.weight"), "y",
                AttributeProto.newBuilder().setName("group").setI(2).build()));
        assertTrue(problems(model("y")).contains("group 2 is not supported"));
    }

    @Test
    void unsupportedOperatorsAreListedByNodeWithTheFix() {
        g.addNode(node("/act/LeakyRelu", "LeakyRelu", List.of("x"), "a"));
        g.addNode(node("/p/MaxPool", "MaxPool", List.of("x"), "y", ints("kernel_shape", 2, 2),
                ints("dilations", 2, 2)));
        String p = problems(model("y"));
        assertTrue(p.contains("node '/act/LeakyRelu' (LeakyRelu): operator LeakyRelu is not supported"), p);
        assertTrue(p.contains("node '/p/MaxPool' (MaxPool): dilations [2, 2] are not supported"), p);
    }

    /** Caffe-style pooling: 4x4 with k3 s2 is 1x1 in floor mode, 2x2 with ceil_mode (a clipped last window). */
    @Test
    void ceilModePoolsImportWithTheirSize() throws Exception {
        g.addNode(node("/p/MaxPool", "MaxPool", List.of("x"), "p", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                AttributeProto.newBuilder().setName("ceil_mode").setI(1).build()));
        g.addNode(node("/f/Flatten", "Flatten", List.of("p"), "flat"));
        // A MatMul weight of [2 * 2 * 2, 3] only fits the ceil-mode size (floor mode would give 2 features).
        g.addInitializer(floats("onnx::MatMul_9", seq(8 * 3), 8, 3));
        g.addNode(node("/fc/MatMul", "MatMul", List.of("flat", "onnx::MatMul_9"), "y"));
        OnnxImporter.Result r = new OnnxImporter(model("y")).run();
        assertEquals("{kernel=3, stride=2, ceilMode=true}", r.layers().get(0).attributes().toString());
        assertArrayEquals(new int[] {3, 8}, r.weights().get("fc.weight").shape());
    }

    @Test
    void averagePoolPaddingAndOldOpsetsAreErrors() {
        g.addNode(node("/p/AveragePool", "AveragePool", List.of("x"), "y", ints("kernel_shape", 2, 2),
                ints("pads", 1, 1, 1, 1)));
        g.addOutput(ValueInfoProto.newBuilder().setName("y"));
        ModelProto m = ModelProto.newBuilder().addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(11))
                .setGraph(g).build();
        String p = problems(m);
        assertTrue(p.contains("padding 1 is not supported for average pooling"), p);
        assertTrue(p.contains("opset 11"), p);
    }

    /** A model that fails writes nothing; one that imports writes the three files, and not twice without --force. */
    @Test
    void commandWritesAllOrNothing(@TempDir Path dir) throws Exception {
        conv("x", "y", ints("dilations", 2, 2));
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, model("y").toByteArray());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(1, OnnxImport.run(new String[] {bad.toString(), "--package", "p", "--out", dir.resolve("o")
                .toString()}, ps, ps));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing was written"));
        assertFalse(Files.exists(dir.resolve("o")));

        g.clearNode().clearInitializer().clearOutput();
        conv("x", "y");
        Path good = dir.resolve("tiny_net.onnx");
        Files.write(good, model("y").toByteArray());
        String[] args = {good.toString(), "--package", "p.q", "--out", dir.resolve("o").toString()};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, OnnxImport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), ps));
        String java = Files.readString(dir.resolve("o/src/main/java/p/q/TinyNet.java"));
        assertTrue(java.contains("@Network(config = \"tiny_net.yaml\", input = {2, 4, 4}, prefix = \"tiny_net\")"), java);
        assertTrue(java.contains("@Conv2d(outChannels = 2, kernel = 3, padding = 1, bias = false) Layer c;"), java);
        String yaml = Files.readString(dir.resolve("o/src/main/resources/p/q/tiny_net.yaml"));
        assertTrue(yaml.contains("data: calibration.npy") && yaml.contains("scale: 1.0"), yaml);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("default: calibration.data: calibration.npy"));
        assertTrue(Files.exists(dir.resolve("o/src/main/resources/p/q/tiny_net.safetensors")));
        try (Stream<Path> s = Files.walk(dir.resolve("o"))) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
        assertEquals(2, OnnxImport.run(args, ps, ps));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("pass --force"));
    }
}
