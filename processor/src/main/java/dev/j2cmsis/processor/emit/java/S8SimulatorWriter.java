package dev.j2cmsis.processor.emit.java;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.j2cmsis.processor.Version;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.model.Transform;
import dev.j2cmsis.processor.s8.S8Plan;
import dev.j2cmsis.sim.runtime.InputHashes;
import dev.j2cmsis.sim.runtime.WeightBlob;
import dev.j2cmsis.sim.runtime.s8.S8Program;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Class>S8}, the simulator of an s8 network: an {@code S8Network} over the plan's
 * {@link S8Program}, which it loads from a CRC-checked resource beside it ({@code <Class>S8.bin}, the program's
 * {@link S8Program#toBytes}). The C is printed from that same program, so the two run the same CMSIS-NN calls with
 * the same arguments.
 */
public final class S8SimulatorWriter {
    private static final ClassName S8_NETWORK = ClassName.get("dev.j2cmsis.sim.runtime.s8", "S8Network");
    private static final ClassName S8_PROGRAM = ClassName.get("dev.j2cmsis.sim.runtime.s8", "S8Program");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private final S8Plan plan;
    private final NetworkModel model;
    private final SimulatorWriter shared;

    public S8SimulatorWriter(S8Plan plan, List<InputHashes.Input> inputs) {
        this.plan = plan;
        this.model = plan.model();
        this.shared = new SimulatorWriter(model, inputs);
    }

    /** The simple names of the classes generated for the network class {@code simpleName}: S8, then Float. */
    public static List<String> classNames(String simpleName) {
        return List.of(simpleName + "S8", SimulatorWriter.classNames(simpleName).get(1));
    }

    public SimulatorWriter.Output s8() {
        String name = classNames(model.simpleName()).get(0);
        ClassName self = ClassName.get(model.packageName(), name);
        String resource = name + ".bin";
        S8Program program = plan.program();
        byte[] bytes = program.toBytes();
        Transform t = model.transform();
        Shape in = model.input();
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < program.layers().size(); i++) {
            S8Program.Layer l = program.layers().get(i);
            layers.append(String.format(Locale.ROOT, "<li>{@code %s} (%s) -> %s: %s</li>\n", l.name(), l.kind(),
                    plan.layers().get(i).out().hwc(), plan.layers().get(i).function()));
        }
        TypeSpec type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(S8_NETWORK)
                .addAnnotation(AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", "dev.j2cmsis.processor.J2cmsisProcessor")
                        .addMember("comments", "$S", "j2cmsis " + Version.VERSION + ", CMSIS-NN v7.0.0 s8 semantics, "
                                + program.rounding().name().toLowerCase(Locale.ROOT) + " rounding")
                        .build())
                .addJavadoc("Bit-exact Java simulator of {@code $L.c}, generated from {@link $L} for target $L "
                                + "(CMSIS-NN v7.0.0, int8, $L rounding).\n<p>Every output byte equals what the "
                                + "generated C computes with CMSIS-NN on any core. Instances hold no mutable state: "
                                + "share one across threads. Layers:\n<ol>\n$L</ol>\n", model.cName(),
                        model.simpleName(), model.target().yamlName(),
                        program.rounding().name().toLowerCase(Locale.ROOT), layers)
                .addField(SimulatorWriter.constant(TypeName.INT, "INPUT_SIZE", program.inputSize(),
                        "int8 values in, HWC order."))
                .addField(SimulatorWriter.constant(TypeName.INT, "OUTPUT_SIZE", program.outputSize(),
                        "int8 values out."))
                .addField(floatConstant("INPUT_SCALE", program.inputScale(), "Scale of the int8 input."))
                .addField(SimulatorWriter.constant(TypeName.INT, "INPUT_ZERO_POINT", program.inputZeroPoint(),
                        "Zero point of the int8 input."))
                .addField(floatConstant("OUTPUT_SCALE", program.outputScale(), "Scale of the int8 output."))
                .addField(SimulatorWriter.constant(TypeName.INT, "OUTPUT_ZERO_POINT", program.outputZeroPoint(),
                        "Zero point of the int8 output."))
                .addField(shared.inputsField())
                .addFields(shared.transformFields())
                .addType(TypeSpec.classBuilder("Program")
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Loaded on first use, checked against the length and CRC-32 it was generated "
                                + "with, after checking that the files it was generated from did not change since.\n")
                        .addField(FieldSpec.builder(S8_PROGRAM, "PROGRAM", Modifier.STATIC, Modifier.FINAL).build())
                        .addStaticBlock(CodeBlock.builder().add(shared.verifyInputs(self))
                                .addStatement("PROGRAM = $T.load($T.class, $S, $L, 0x$LL)", S8_PROGRAM, self, resource,
                                        bytes.length, Long.toHexString(WeightBlob.crc32(bytes)))
                                .build())
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PUBLIC)
                        .addStatement("super($L, $L, $L, $L, MEAN, STD)", in.c(), in.h(), in.w(),
                                SimulatorWriter.doubleLiteral(t.scale()))
                        .build())
                .addMethod(MethodSpec.methodBuilder("program")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PROTECTED)
                        .returns(S8_PROGRAM)
                        .addStatement("return Program.PROGRAM")
                        .build())
                .addMethod(MethodSpec.methodBuilder("cName")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(String.class)
                        .addStatement("return $S", model.cName())
                        .build())
                .addMethod(MethodSpec.methodBuilder("report")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .addJavadoc("The per-layer report written beside the C ({@code $L_report.md}).\n", model.cName())
                        .returns(String.class)
                        .addStatement("return $T.text($T.class, $S)", WeightBlob.class, self,
                                model.cName() + "_report.md")
                        .build())
                .build();
        return new SimulatorWriter.Output(shared.javaFile(type), resource, bytes, null, null);
    }

    public SimulatorWriter.Output floatReference() {
        return shared.floatReference();
    }

    private static FieldSpec floatConstant(String name, float value, String doc) {
        return FieldSpec.builder(TypeName.FLOAT, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc + "\n")
                .initializer("$Lf", Float.toString(value))
                .build();
    }
}
