package dev.j2cmsis.processor.cache;

import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * A text naming everything of a {@code @Network} class the processor can read: the class and each member in
 * declaration order (kind, name, type, modifiers) and every annotation on them with all its values, defaults
 * included and explicitly written ones marked (the messages point at written ones). Constants are the
 * compiler's resolved values, so a change of a constant in another class changes the text too; comments and
 * formatting do not.
 */
public final class DeclarationFingerprint {
    private DeclarationFingerprint() {
    }

    public static String of(TypeElement type, Elements elements) {
        StringBuilder b = new StringBuilder();
        b.append(elements.getBinaryName(type)).append(" extends ").append(type.getSuperclass())
                .append(" implements ").append(type.getInterfaces()).append('\n');
        element(b, type, elements);
        for (Element e : type.getEnclosedElements()) {
            element(b, e, elements);
        }
        return b.toString();
    }

    private static void element(StringBuilder b, Element e, Elements elements) {
        b.append(e.getKind()).append(' ').append(e.getSimpleName()).append(' ').append(e.asType()).append(' ')
                .append(new java.util.TreeSet<>(e.getModifiers().stream().map(Object::toString).toList()))
                .append('\n');
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            b.append("  @").append(m.getAnnotationType()).append('\n');
            Map<? extends ExecutableElement, ? extends AnnotationValue> written = m.getElementValues();
            Map<String, String> values = new TreeMap<>();
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v
                    : elements.getElementValuesWithDefaults(m).entrySet()) {
                values.put(v.getKey().getSimpleName().toString(),
                        (written.containsKey(v.getKey()) ? "" : "default ") + v.getValue());
            }
            values.forEach((k, v) -> b.append("    ").append(k).append(" = ").append(v).append('\n'));
        }
    }
}
