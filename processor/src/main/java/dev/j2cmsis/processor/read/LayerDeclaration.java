package dev.j2cmsis.processor.read;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;

/**
 * One layer field as written: the field, its layer annotation and every attribute (defaults applied), so a
 * later error can point at the exact attribute value. Attribute values are Integer, Double, Boolean, int[] or
 * String[].
 */
public record LayerDeclaration(int index, String name, LayerKind kind, VariableElement field,
                               AnnotationMirror mirror, Map<String, Attr<Object>> attributes) {
    public LayerDeclaration {
        attributes = Map.copyOf(attributes);
    }

    public int intValue(String attribute) {
        return (Integer) attributes.get(attribute).value();
    }

    public int[] intsValue(String attribute) {
        return ((int[]) attributes.get(attribute).value()).clone();
    }

    public String[] stringsValue(String attribute) {
        return ((String[]) attributes.get(attribute).value()).clone();
    }

    public double doubleValue(String attribute) {
        return (Double) attributes.get(attribute).value();
    }

    public boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    public boolean boolValue(String attribute) {
        return (Boolean) attributes.get(attribute).value();
    }
}
