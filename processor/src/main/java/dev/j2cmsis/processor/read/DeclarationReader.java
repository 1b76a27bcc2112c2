package dev.j2cmsis.processor.read;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads one {@code @Network} class into a {@link NetworkDeclaration}: the only place that looks at
 * {@code javax.lang.model} elements. Checks what can be checked on the annotations alone (values in range,
 * one layer annotation per field, field type).
 */
public final class DeclarationReader {
    public static final String NETWORK = "dev.j2cmsis.annotations.Network";
    public static final String LAYER_TYPE = "dev.j2cmsis.annotations.Layer";

    private final Elements elements;

    public DeclarationReader(Elements elements) {
        this.elements = elements;
    }

    public NetworkDeclaration read(TypeElement type, Report report, Locator locator) throws AbortException {
        AnnotationMirror mirror = find(type, NETWORK);
        Map<String, Attr<Object>> netAttrs = attributes(mirror);
        PackageElement pkg = elements.getPackageOf(type);
        String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
        if (type.getNestingKind().isNested()) {
            throw new AbortException(Tag.ANNOTATION, Where.network(),
                    "@Network must be on a top-level class; '" + type.getSimpleName()
                            + "' is nested. Fix: move it to its own file.");
        }
        @SuppressWarnings("unchecked")
        Attr<String> config = (Attr<String>) (Attr<?>) netAttrs.get("config");
        @SuppressWarnings("unchecked")
        Attr<int[]> input = (Attr<int[]>) (Attr<?>) netAttrs.get("input");
        @SuppressWarnings("unchecked")
        Attr<String> prefix = (Attr<String>) (Attr<?>) netAttrs.get("prefix");

        int[] in = input.value();
        if (in.length != 3 || in[0] <= 0 || in[1] <= 0 || in[2] <= 0) {
            report.error(Tag.ANNOTATION, Where.network("input"),
                    "input must be {channels, height, width} with every value > 0, e.g. input = {1, 28, 28}.");
        }
        if (config.value().isBlank()) {
            report.error(Tag.ANNOTATION, Where.network("config"),
                    "config must name a YAML file, e.g. config = \"fashion_lenet.yaml\" beside the class "
                            + "or \"/fashion_lenet.yaml\" at the resource root.");
        }
        if (!prefix.value().isEmpty() && !prefix.value().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            report.error(Tag.ANNOTATION, Where.network("prefix"),
                    "prefix '" + prefix.value() + "' is not a C identifier. Fix: use letters, digits and '_', "
                            + "not starting with a digit, or leave it empty for the snake_case class name.");
        } else if (!prefix.value().isEmpty()) {
            String why = CNames.problem(prefix.value());
            if (why != null) {
                report.error(Tag.ANNOTATION, Where.network("prefix"), "prefix '" + CNames.shorten(prefix.value())
                        + "' " + why);
            }
        }

        List<LayerDeclaration> layers = new ArrayList<>();
        for (Element e : type.getEnclosedElements()) {
            if (e.getKind() != ElementKind.FIELD) {
                continue;
            }
            VariableElement field = (VariableElement) e;
            List<AnnotationMirror> layerMirrors = new ArrayList<>();
            for (AnnotationMirror m : field.getAnnotationMirrors()) {
                String qn = ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().toString();
                if (LayerKind.of(qn).isPresent()) {
                    layerMirrors.add(m);
                }
            }
            if (layerMirrors.isEmpty()) {
                continue;
            }
            int index = layers.size();
            locator.registerField(index, field);
            if (layerMirrors.size() > 1) {
                report.error(Tag.ANNOTATION, Where.layer(index),
                        "field '" + field.getSimpleName() + "' has " + layerMirrors.size()
                                + " layer annotations; a field is exactly one layer. Fix: declare one field per layer.");
            }
            AnnotationMirror lm = layerMirrors.get(0);
            locator.registerLayerMirror(index, lm);
            String typeName = field.asType().toString();
            if (!LAYER_TYPE.equals(typeName)) {
                report.error(Tag.ANNOTATION, Where.layer(index),
                        "layer field '" + field.getSimpleName() + "' has type " + typeName
                                + "; layer fields must have type " + LAYER_TYPE + ". Fix: declare it as 'Layer "
                                + field.getSimpleName() + ";'.");
            }
            if (field.getModifiers().contains(Modifier.STATIC)) {
                report.error(Tag.ANNOTATION, Where.layer(index),
                        "layer field '" + field.getSimpleName() + "' is static; layers are instance fields. "
                                + "Fix: remove 'static'.");
            }
            LayerKind kind = LayerKind.of(
                    ((TypeElement) lm.getAnnotationType().asElement()).getQualifiedName().toString()).orElseThrow();
            Map<String, Attr<Object>> attrs = attributes(lm);
            LayerDeclaration decl = new LayerDeclaration(index, field.getSimpleName().toString(), kind, field, lm,
                    attrs);
            checkValues(decl, report);
            layers.add(decl);
        }
        if (layers.isEmpty()) {
            report.error(Tag.ANNOTATION, Where.network(),
                    "@Network class '" + type.getSimpleName() + "' declares no layers. Fix: add one field per "
                            + "layer, in order, e.g. '@Conv2d(outChannels = 6, kernel = 5) Layer conv1;'.");
        }
        report.throwIfErrors();
        int maxRam = (Integer) netAttrs.get("maxRamBytes").value();
        int maxFlash = (Integer) netAttrs.get("maxFlashBytes").value();
        for (String budget : List.of("maxRamBytes", "maxFlashBytes")) {
            if ((Integer) netAttrs.get(budget).value() < 0) {
                report.error(Tag.ANNOTATION, Where.network(budget), budget + " is negative; give a number of bytes, "
                        + "or 0 for no limit.");
            }
        }
        report.throwIfErrors();
        return new NetworkDeclaration(type, mirror, packageName, type.getSimpleName().toString(), config, input,
                prefix, maxRam, maxFlash, layers);
    }

    private static void checkValues(LayerDeclaration d, Report report) {
        switch (d.kind()) {
            case CONV2D -> {
                positive(d, "outChannels", report);
                spatial(d, "kernel", 1, report);
                spatial(d, "stride", 1, report);
                spatial(d, "padding", 0, report);
                if (d.intValue("groups") < 1) {
                    report.error(Tag.ANNOTATION, Where.layer(d.index(), "groups"), "groups of '" + d.name()
                            + "' is " + d.intValue("groups") + "; it must be >= 1 (1 for an ordinary convolution, "
                            + "the number of input channels for a depthwise one).");
                }
            }
            case LINEAR -> positive(d, "outFeatures", report);
            case BATCHNORM -> {
                if (!(d.doubleValue("eps") > 0)) {
                    report.error(Tag.ANNOTATION, Where.layer(d.index(), "eps"), "eps of '" + d.name() + "' is "
                            + d.doubleValue("eps") + "; it must be > 0 (PyTorch's default is 1e-5).");
                }
            }
            case MAXPOOL, AVGPOOL -> {
                spatial(d, "kernel", 1, report);
                if (d.intsValue("stride").length != 0) {
                    spatial(d, "stride", 1, report);
                }
                spatial(d, "padding", 0, report);
            }
            default -> {
            }
        }
    }

    private static void positive(LayerDeclaration d, String attribute, Report report) {
        if (d.intValue(attribute) <= 0) {
            report.error(Tag.ANNOTATION, Where.layer(d.index(), attribute),
                    attribute + " of '" + d.name() + "' is " + d.intValue(attribute) + "; it must be > 0.");
        }
    }

    /** One value for both axes, or {height, width}. */
    private static void spatial(LayerDeclaration d, String attribute, int min, Report report) {
        int[] v = d.intsValue(attribute);
        Where where = Where.layer(d.index(), attribute);
        if (v.length == 0 || v.length > 2) {
            report.error(Tag.ANNOTATION, where, attribute + " of '" + d.name() + "' has " + v.length
                    + " values; give one value for both axes or {height, width}, e.g. " + attribute + " = "
                    + Math.max(min, 1) + ".");
            return;
        }
        for (int x : v) {
            if (x < min) {
                report.error(Tag.ANNOTATION, where, attribute + " of '" + d.name() + "' is " + x
                        + "; it must be >= " + min + ".");
                return;
            }
        }
    }

    private static AnnotationMirror find(Element e, String qualifiedName) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(qualifiedName)) {
                return m;
            }
        }
        throw new IllegalStateException("no @" + qualifiedName + " on " + e);
    }

    /** Every attribute with defaults applied; arrays become int[]. */
    private Map<String, Attr<Object>> attributes(AnnotationMirror mirror) {
        Map<String, Attr<Object>> out = new LinkedHashMap<>();
        Map<? extends ExecutableElement, ? extends AnnotationValue> written = mirror.getElementValues();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            String name = e.getKey().getSimpleName().toString();
            AnnotationValue explicit = written.get(e.getKey());
            out.put(name, new Attr<>(convert(e.getValue().getValue(), e.getKey()), explicit));
        }
        return out;
    }

    /** Arrays become int[] or String[] (an empty array of a String[] attribute comes back as String[]). */
    private static Object convert(Object v, ExecutableElement attribute) {
        if (v instanceof List<?> list) {
            boolean strings = attribute.getReturnType().toString().equals("java.lang.String[]");
            if (strings) {
                String[] a = new String[list.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (String) ((AnnotationValue) list.get(i)).getValue();
                }
                return a;
            }
            int[] a = new int[list.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (Integer) ((AnnotationValue) list.get(i)).getValue();
            }
            return a;
        }
        return v;
    }
}
