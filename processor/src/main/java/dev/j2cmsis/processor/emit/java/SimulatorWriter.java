package dev.j2cmsis.processor.emit.java;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.j2cmsis.processor.Version;
import dev.j2cmsis.processor.model.Geometry;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.model.Transform;
import dev.j2cmsis.processor.plan.Buf;
import dev.j2cmsis.processor.plan.JavaCall;
import dev.j2cmsis.processor.plan.Plan;
import dev.j2cmsis.processor.plan.PlannedLayer;
import dev.j2cmsis.processor.plan.Step;
import dev.j2cmsis.sim.runtime.InputHashes;
import dev.j2cmsis.sim.runtime.WeightBlob;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes the Java side of a plan: {@code <Class>Q7}, the bit-exact simulator of the generated C (the same
 * steps, calling the runtime-sim kernels with the same arguments), and {@code <Class>Float}, the float
 * reference from the same weights. Weights go to binary resources beside the classes.
 */
public final class SimulatorWriter {
    private static final String SIM = "dev.j2cmsis.sim";
    private static final ClassName FLOAT_KERNELS = ClassName.get(SIM + ".floatref", "FloatKernels");
    private static final ClassName WEIGHT_BLOB = ClassName.get(SIM + ".runtime", "WeightBlob");
    private static final ClassName INPUT_HASHES = ClassName.get(SIM + ".runtime", "InputHashes");
    private static final ClassName LAYER_TRACE = ClassName.get(SIM + ".runtime", "LayerTrace");
    private static final ClassName Q7 = ClassName.get(SIM + ".runtime", "Q7");
    private static final ClassName Q7_NETWORK = ClassName.get(SIM + ".runtime", "Q7Network");
    private static final ClassName FLOAT_NETWORK = ClassName.get(SIM + ".runtime", "FloatNetwork");
    private static final AnnotationSpec OVERRIDE = AnnotationSpec.builder(Override.class).build();
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    private static final TypeName BYTES = ArrayTypeName.of(TypeName.BYTE);
    private static final TypeName FLOATS = ArrayTypeName.of(TypeName.FLOAT);
    private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);

    /** A generated class and its weight resource. */
    public record Output(JavaFile source, String resourceName, byte[] resource, String resource15Name,
                         byte[] resource15) {
        Output(JavaFile source, String resourceName, byte[] resource) {
            this(source, resourceName, resource, null, null);
        }
    }

    private final Plan plan;
    private final NetworkModel model;
    private final List<InputHashes.Input> inputs;

    /** @param inputs the files the network was generated from, with their hashes (checked on first use) */
    public SimulatorWriter(Plan plan, List<InputHashes.Input> inputs) {
        this(plan, plan.network().model(), inputs);
    }

    /** For the float reference alone ({@link #floatReference}), which needs no plan. */
    public SimulatorWriter(NetworkModel model, List<InputHashes.Input> inputs) {
        this(null, model, inputs);
    }

    private SimulatorWriter(Plan plan, NetworkModel model, List<InputHashes.Input> inputs) {
        this.plan = plan;
        this.model = model;
        this.inputs = List.copyOf(inputs);
    }

    /** {@code INPUTS_SHA256}, the value the C header's {@code <NET>_INPUTS_SHA256} has too. */
    FieldSpec inputsField() {
        return FieldSpec.builder(String.class, "INPUTS_SHA256", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("SHA-256 over the j2cmsis version and the files this class was generated from; equal "
                        + "to {@code $L_INPUTS_SHA256} of the generated C.\n", model.cName().toUpperCase(Locale.ROOT))
                .initializer("$S", InputHashes.combined(Version.VERSION, inputs))
                .build();
    }

    /** The statement that fails on first use when an input changed after generation (see InputHashes). */
    CodeBlock verifyInputs(ClassName self) {
        CodeBlock.Builder args = CodeBlock.builder().add("$T.class", self);
        for (InputHashes.Input i : inputs) {
            args.add(",\n$S, $S", i.name(), i.sha256());
        }
        return CodeBlock.builder().addStatement("$T.verify($L)", INPUT_HASHES, args.build()).build();
    }

    public String q7Name() {
        return classNames(model.simpleName()).get(0);
    }

    public String floatName() {
        return classNames(model.simpleName()).get(1);
    }

    /** The simple names of the classes generated for the network class {@code simpleName}: Q7, then Float. */
    public static List<String> classNames(String simpleName) {
        return List.of(simpleName + "Q7", simpleName + "Float");
    }

    private AnnotationSpec generated() {
        return AnnotationSpec.builder(GENERATED)
                .addMember("value", "$S", "dev.j2cmsis.processor.J2cmsisProcessor")
                .addMember("comments", "$S", "j2cmsis " + Version.VERSION + ", CMSIS_5 5.9.0 legacy q7 semantics")
                .build();
    }

    public Output q7() {
        String name = q7Name();
        ClassName self = ClassName.get(model.packageName(), name);
        String resource = name + ".bin";
        byte[] blob = plan.blob();
        short[] blob15 = plan.blob15();
        String resource15 = name + ".q15.bin";
        Transform t = model.transform();
        Shape in = model.input();
        TypeSpec.Builder type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Q7_NETWORK)
                .addAnnotation(generated())
                .addJavadoc("Bit-exact Java simulator of {@code $L.c}, generated from {@link $L} for target $L.\n"
                                + "<p>Every output byte equals what the generated C computes with CMSIS-NN (CMSIS_5 5.9.0)"
                                + " on the target. Instances hold no mutable state: share one across threads.\n",
                        model.cName(), model.simpleName(), model.target().yamlName())
                .addField(constant(TypeName.INT, "INPUT_SIZE", plan.inputSize(), "q7 values in, HWC order."))
                .addField(constant(TypeName.INT, "OUTPUT_SIZE", plan.outputSize(), "q7 values out."))
                .addField(constant(TypeName.INT, "INPUT_FRAC_BITS", plan.network().inputFrac(),
                        "Fractional bits of the q7 input."))
                .addField(constant(TypeName.INT, "OUTPUT_FRAC_BITS", plan.network().outputFrac(),
                        "Fractional bits of the q7 output."))
                .addField(inputsField())
                .addFields(transformFields())
                .addType(TypeSpec.classBuilder("Weights")
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Loaded on first use, checked against the length and CRC-32 it was generated with, after "
                                + "checking that the files it was generated from did not change since.\n")
                        .addField(FieldSpec.builder(BYTES, "BLOB", Modifier.STATIC, Modifier.FINAL).build())
                        .addStaticBlock(CodeBlock.builder().add(verifyInputs(self))
                                .addStatement("BLOB = $T.load($T.class, $S, $L, 0x$LL)", WEIGHT_BLOB, self, resource,
                                        blob.length, Long.toHexString(WeightBlob.crc32(blob)))
                                .build())
                        .addFields(blob15.length == 0 ? List.of() : List.of(FieldSpec.builder(ArrayTypeName.of(
                                        TypeName.SHORT), "BLOB15", Modifier.STATIC, Modifier.FINAL)
                                .initializer("$T.loadShorts($T.class, $S, $L, 0x$LL)", WEIGHT_BLOB, self, resource15,
                                        blob15.length, Long.toHexString(WeightBlob.crc32(WeightBlob.bytes(blob15))))
                                .build()))
                        .build())
                .addMethod(MethodSpec.methodBuilder("run")
                        .addAnnotation(OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("Runs the network: q7 HWC input in, q7 output out, as {@code $L_run}.\n",
                                model.cName())
                        .returns(BYTES)
                        .addParameter(BYTES, "input")
                        .addStatement("return execute(input, null)")
                        .build())
                .addMethod(MethodSpec.methodBuilder("trace")
                        .addAnnotation(OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("Runs the network and returns every layer's q7 output, in order, as the C "
                                + "leaves it in its buffer (and as its {@code <NET>_TRACE} hook sees it): a ReLU "
                                + "applied after the max-pool that reads it shows its input, not yet rectified.\n")
                        .returns(ParameterizedTypeName.get(ClassName.get(List.class), LAYER_TRACE))
                        .addParameter(BYTES, "input")
                        .addStatement("$T<$T> trace = new $T<>()", List.class, LAYER_TRACE, ArrayList.class)
                        .addStatement("execute(input, trace)")
                        .addStatement("return $T.copyOf(trace)", List.class)
                        .build())
                .addMethod(MethodSpec.methodBuilder("quantizeInput")
                        .addAnnotation(OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("Applies the YAML transform to raw CHW data (as the calibration did) and "
                                + "quantizes it to the q7 HWC input.\n")
                        .returns(BYTES)
                        .addParameter(FLOATS, "chw")
                        .addStatement("return $T.quantizeInput(chw, $L, $L, $L, $L, MEAN, STD, INPUT_FRAC_BITS)", Q7,
                                in.c(), in.h(), in.w(), doubleLiteral(t.scale()))
                        .build())
                .addMethod(MethodSpec.methodBuilder("predict")
                        .addAnnotation(OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("The index of the largest q7 output for raw CHW data (first one on ties).\n")
                        .returns(TypeName.INT)
                        .addParameter(FLOATS, "chw")
                        .addStatement("return $T.argmax(run(quantizeInput(chw)))", Q7)
                        .build())
                .addMethod(getter("inputSize", TypeName.INT, "INPUT_SIZE"))
                .addMethod(getter("outputSize", TypeName.INT, "OUTPUT_SIZE"))
                .addMethod(getter("cName", ClassName.get(String.class), "\"" + model.cName() + "\""))
                .addMethod(MethodSpec.methodBuilder("report")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .addJavadoc("The per-layer report written beside the C ({@code $L_report.md}).\n", model.cName())
                        .returns(String.class)
                        .addStatement("return $T.text($T.class, $S)", WEIGHT_BLOB, self, model.cName() + "_report.md")
                        .build())
                .addMethod(execute())
                .addMethod(MethodSpec.methodBuilder("check")
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(TypeName.INT, "status")
                        .addParameter(String.class, "layer")
                        .beginControlFlow("if (status != 0)")
                        .addStatement("throw new $T(\"CMSIS kernel of layer \" + layer + \" returned \" + status)",
                                IllegalStateException.class)
                        .endControlFlow()
                        .build());
        return new Output(javaFile(type.build()), resource, blob, blob15.length == 0 ? null : resource15,
                blob15.length == 0 ? null : WeightBlob.bytes(blob15));
    }

    JavaFile javaFile(TypeSpec type) {
        return JavaFile.builder(model.packageName(), type)
                .addFileComment("Generated by j2cmsis $L from $L. Do not edit.", Version.VERSION,
                        model.qualifiedName())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /** MEAN and STD of the YAML transform, one per input channel. */
    List<FieldSpec> transformFields() {
        Transform t = model.transform();
        return List.of(
                FieldSpec.builder(DOUBLES, "MEAN", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$L", doubles(t.mean())).build(),
                FieldSpec.builder(DOUBLES, "STD", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$L", doubles(t.std())).build());
    }

    private MethodSpec execute() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("execute")
                .addModifiers(Modifier.PRIVATE)
                .returns(BYTES)
                .addParameter(BYTES, "input")
                .addParameter(ParameterizedTypeName.get(ClassName.get(List.class), LAYER_TRACE), "trace");
        m.beginControlFlow("if (input.length != INPUT_SIZE)")
                .addStatement("throw new $T(\"input has \" + input.length + \" values, expected \" + INPUT_SIZE)",
                        IllegalArgumentException.class)
                .endControlFlow();
        java.util.Set<String> used = usedVars();
        m.addStatement("byte[] w = Weights.BLOB");
        if (plan.blob15().length > 0) {
            m.addStatement("short[] w15 = Weights.BLOB15");
        }
        m.addStatement("byte[] output = new byte[OUTPUT_SIZE]");
        // The C's arena; its q15 tensors live in a short[] twin at half the byte offset.
        if (used.contains(Buf.activation(0).var())) {
            m.addStatement("byte[] $L = new byte[$L]", Buf.activation(0).var(), plan.arenaBytes());
        }
        if (used.contains(Buf.activation(0, true).var())) {
            m.addStatement("short[] $L = new short[$L]", Buf.activation(0, true).var(), plan.arenaBytes() / 2);
        }
        for (Step st : plan.prelude()) {
            m.addCode(step(st, "input"));
        }
        for (PlannedLayer l : plan.layers()) {
            m.addCode("// $L: $L -> $L, $L\n", l.name(), l.kind(), l.out().hwc(), l.function());
            for (Step st : l.steps()) {
                m.addCode(step(st, l.name()));
            }
            Buf r = l.result();
            int from = plan.elementOffset(r);
            m.beginControlFlow("if (trace != null)");
            if (r.q15()) {
                m.addStatement("trace.add($T.ofQ15($S, $S, new int[] {$L}, $L, $T.copyOfRange($L, $L)))",
                        LAYER_TRACE, l.name(), l.kind(), hwcDims(l.out()), l.outFrac(), java.util.Arrays.class,
                        r.var() + ", " + from, from + l.out().size());
            } else {
                m.addStatement("trace.add(new $T($S, $S, new int[] {$L}, $L, $T.copyOfRange($L, $L)))",
                        LAYER_TRACE, l.name(), l.kind(), hwcDims(l.out()), r.equals(Buf.OUTPUT)
                                ? plan.network().outputFrac() : l.outFrac(), java.util.Arrays.class,
                        r.var() + ", " + from, from + l.out().size());
            }
            m.endControlFlow();
        }
        m.addStatement("return output");
        return m.build();
    }

    /** The array variables the steps and traces use. */
    private java.util.Set<String> usedVars() {
        java.util.Set<String> used = new java.util.HashSet<>();
        List<Step> all = new ArrayList<>(plan.prelude());
        for (PlannedLayer l : plan.layers()) {
            all.addAll(l.steps());
            used.add(l.result().var());
        }
        for (Step st : all) {
            if (st instanceof Step.Copy c) {
                used.add(c.from().var());
                used.add(c.to().var());
            } else {
                for (Object a : JavaCall.of(st, plan::elementOffset).args()) {
                    if (a instanceof JavaCall.Arr arr) {
                        used.add(arr.name());
                    }
                }
            }
        }
        return used;
    }

    private static String hwcDims(Shape s) {
        return s.flat() ? Integer.toString(s.c()) : s.h() + ", " + s.w() + ", " + s.c();
    }

    private CodeBlock step(Step st, String layer) {
        if (st instanceof Step.Copy c) {
            return CodeBlock.of("System.arraycopy($L, $L, $L, $L, $L);\n", c.from().var(), plan.elementOffset(c.from()),
                    c.to().var(), plan.elementOffset(c.to()), c.size());
        }
        JavaCall call = JavaCall.of(st, plan::elementOffset);
        CodeBlock.Builder args = CodeBlock.builder();
        for (int i = 0; i < call.args().size(); i++) {
            Object a = call.args().get(i);
            args.add(i == 0 ? "$L" : ", $L", a instanceof JavaCall.Arr arr ? arr.name() : a);
        }
        ClassName owner = ClassName.get(JavaCall.KERNELS, call.owner());
        return call.returnsStatus()
                ? CodeBlock.of("check($T.$L($L), $S);\n", owner, call.method(), args.build(), layer)
                : CodeBlock.of("$T.$L($L);\n", owner, call.method(), args.build());
    }

    /** The float reference: PyTorch semantics on CHW tensors, same weights as the trained file. */
    public Output floatReference() {
        String name = floatName();
        ClassName self = ClassName.get(model.packageName(), name);
        String resource = name + ".bin";
        List<float[]> tensors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (LayerSpec l : model.layers()) {
            if (l instanceof LayerSpec.Conv2d c) {
                tensors.add(c.weight().data());
                names.add(c.weight().key());
                if (c.bias() != null) {
                    tensors.add(c.bias().data());
                    names.add(c.bias().key());
                }
            } else if (l instanceof LayerSpec.Linear lin) {
                tensors.add(lin.weight().data());
                names.add(lin.weight().key());
                if (lin.bias() != null) {
                    tensors.add(lin.bias().data());
                    names.add(lin.bias().key());
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int count = 0;
        StringBuilder lengths = new StringBuilder();
        for (float[] f : tensors) {
            ByteBuffer bb = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(f);
            bytes.write(bb.array(), 0, bb.capacity());
            count += f.length;
            lengths.append(lengths.length() == 0 ? "" : ", ").append(f.length);
        }
        byte[] blob = bytes.toByteArray();
        Transform t = model.transform();
        Shape in = model.input();
        MethodSpec.Builder forward = MethodSpec.methodBuilder("trace")
                .addAnnotation(OVERRIDE)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Every layer's float output (CHW order, flattened), in layer order, for raw CHW data "
                        + "(the YAML transform applied first).\n")
                .returns(ArrayTypeName.of(FLOATS))
                .addParameter(FLOATS, "chw")
                .addStatement("float[][] t = Weights.TENSORS")
                .addStatement("float[] input = transform(chw)");
        int ti = 0;
        List<LayerSpec> layers = model.layers();
        for (LayerSpec l : layers) {
            forward.addCode("// $L: $L -> $L\n", l.name(), l.kind(), l.out());
            String x = "x" + l.index();
            String src = floatVar(l.inputs().get(0));
            if (l instanceof LayerSpec.Conv2d c) {
                String bias = c.bias() == null ? "null" : "t[" + (ti + 1) + "]";
                Geometry g = c.geometry();
                if (c.depthwise()) {
                    forward.addStatement("float[] $L = $T.depthwiseConv2d($L, $L, $L, $L, t[$L], $L, $L, $L, $L, $L, $L, $L)",
                            x, FLOAT_KERNELS, src, c.in().c(), c.in().h(), c.in().w(), ti, bias, g.kernelY(),
                            g.kernelX(), g.strideY(), g.strideX(), g.padY(), g.padX());
                } else {
                    forward.addStatement("float[] $L = $T.conv2d($L, $L, $L, $L, t[$L], $L, $L, $L, $L, $L, $L, $L, $L)",
                            x, FLOAT_KERNELS, src, c.in().c(), c.in().h(), c.in().w(), ti, bias, c.out().c(),
                            g.kernelY(), g.kernelX(), g.strideY(), g.strideX(), g.padY(), g.padX());
                }
                ti += c.bias() == null ? 1 : 2;
            } else if (l instanceof LayerSpec.Linear lin) {
                String bias = lin.bias() == null ? "null" : "t[" + (ti + 1) + "]";
                forward.addStatement("float[] $L = $T.linear($L, t[$L], $L, $L)", x, FLOAT_KERNELS, src, ti, bias,
                        lin.out().size());
                ti += lin.bias() == null ? 1 : 2;
            } else if (l instanceof LayerSpec.Pool p) {
                Geometry g = p.geometry();
                if (p.max()) {
                    forward.addStatement("float[] $L = $T.maxPool2d($L, $L, $L, $L, $L, $L, $L, $L, $L, $L$L)", x,
                            FLOAT_KERNELS, src, p.in().c(), p.in().h(), p.in().w(), g.kernelY(), g.kernelX(),
                            g.strideY(), g.strideX(), g.padY(), g.padX(), p.ceilMode() ? ", true" : "");
                } else {
                    forward.addStatement("float[] $L = $T.avgPool2d($L, $L, $L, $L, $L, $L, $L, $L, $L, $L, true$L)",
                            x, FLOAT_KERNELS, src, p.in().c(), p.in().h(), p.in().w(), g.kernelY(), g.kernelX(),
                            g.strideY(), g.strideX(), g.padY(), g.padX(), p.ceilMode() ? ", true" : "");
                }
            } else if (l instanceof LayerSpec.Activation a) {
                String fn = switch (a.function()) {
                    case RELU -> "relu";
                    case SIGMOID -> "sigmoid";
                    case TANH -> "tanh";
                };
                forward.addStatement("float[] $L = $T.$L($L.clone())", x, FLOAT_KERNELS, fn, src);
            } else if (l instanceof LayerSpec.Softmax) {
                forward.addStatement("float[] $L = $T.softmax($L)", x, FLOAT_KERNELS, src);
            } else if (l instanceof LayerSpec.Add) {
                forward.addStatement("float[] $L = $T.add($L, $L)", x, FLOAT_KERNELS, src,
                        floatVar(l.inputs().get(1)));
            } else if (l instanceof LayerSpec.Concat) {
                forward.addStatement("float[] $L = $T.concatChannels($L, $L)", x, FLOAT_KERNELS, src,
                        floatVar(l.inputs().get(1)));
            } else {
                forward.addStatement("float[] $L = $L", x, src);
            }
        }
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            all.append(i == 0 ? "" : ", ").append("x").append(i);
        }
        forward.addStatement("return new float[][] {$L}", all);
        TypeSpec type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(FLOAT_NETWORK)
                .addAnnotation(generated())
                .addJavadoc("Float reference of {@link $L} from the same weights (tensors $L), PyTorch semantics, "
                        + "for comparing float and q7 accuracy. Stateless: share one across threads.\n",
                        model.simpleName(), String.join(", ", names))
                .addField(constant(TypeName.INT, "INPUT_SIZE", in.size(), "Float values in, CHW order."))
                .addField(constant(TypeName.INT, "OUTPUT_SIZE", model.output().size(), "Float values out."))
                .addField(inputsField())
                .addFields(transformFields())
                .addType(TypeSpec.classBuilder("Weights")
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .addField(FieldSpec.builder(ArrayTypeName.of(FLOATS), "TENSORS", Modifier.STATIC,
                                        Modifier.FINAL).build())
                        .addStaticBlock(CodeBlock.builder().add(verifyInputs(self))
                                .addStatement("TENSORS = $T.split($T.loadFloats($T.class, $S, $L, 0x$LL), new int[] {$L})",
                                        WEIGHT_BLOB, WEIGHT_BLOB, self, resource, count,
                                        Long.toHexString(WeightBlob.crc32(blob)), lengths)
                                .build())
                        .build())
                .addMethod(MethodSpec.methodBuilder("transform")
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("The YAML transform: raw CHW data to the float network input.\n")
                        .returns(FLOATS)
                        .addParameter(FLOATS, "chw")
                        .addStatement("return $T.transformChw(chw, $L, $L, $L, $L, MEAN, STD)", Q7, in.c(), in.h(),
                                in.w(), doubleLiteral(t.scale()))
                        .build())
                .addMethod(MethodSpec.methodBuilder("forward")
                        .addAnnotation(OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("The float network on raw CHW data (the YAML transform applied first); returns "
                                + "the last layer's output in CHW order.\n")
                        .returns(FLOATS)
                        .addParameter(FLOATS, "chw")
                        .addStatement("float[][] all = trace(chw)")
                        .addStatement("return all[all.length - 1]")
                        .build())
                .addMethod(forward.build())
                .addMethod(MethodSpec.methodBuilder("predict")
                        .addAnnotation(OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("The index of the largest output for raw CHW data (first one on ties).\n")
                        .returns(TypeName.INT)
                        .addParameter(FLOATS, "chw")
                        .addStatement("return $T.argmax(forward(chw))", Q7)
                        .build())
                .build();
        return new Output(javaFile(type), resource, blob);
    }

    private static MethodSpec getter(String name, TypeName type, String value) {
        return MethodSpec.methodBuilder(name).addAnnotation(OVERRIDE).addModifiers(Modifier.PUBLIC).returns(type)
                .addStatement("return $L", value).build();
    }

    private static String floatVar(int layer) {
        return layer == LayerSpec.INPUT ? "input" : "x" + layer;
    }

    static FieldSpec constant(TypeName type, String name, int value, String doc) {
        return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc + "\n")
                .initializer("$L", value)
                .build();
    }

    static String doubles(double[] v) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(doubleLiteral(v[i]));
        }
        return sb.append('}').toString();
    }

    /** Exact, locale-independent: Double.toString round-trips. */
    static String doubleLiteral(double d) {
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }
}
