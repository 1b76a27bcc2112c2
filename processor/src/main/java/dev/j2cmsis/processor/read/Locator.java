package dev.j2cmsis.processor.read;

import dev.j2cmsis.processor.diag.Where;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Maps a {@link Where} back to what javac can underline: the field or class, the annotation mirror and, when
 * the attribute was written explicitly, its value.
 */
public final class Locator {
    /** Element, mirror and value to report on; mirror and value may be null. */
    public record Site(Element element, AnnotationMirror mirror, AnnotationValue value) {
    }

    private final TypeElement type;
    private final AnnotationMirror networkMirror;
    private final Map<Integer, Element> fields = new HashMap<>();
    private final Map<Integer, AnnotationMirror> layerMirrors = new HashMap<>();

    public Locator(TypeElement type, AnnotationMirror networkMirror) {
        this.type = type;
        this.networkMirror = networkMirror;
    }

    void registerField(int index, Element field) {
        fields.put(index, field);
    }

    void registerLayerMirror(int index, AnnotationMirror mirror) {
        layerMirrors.put(index, mirror);
    }

    public Site site(Where where) {
        Element element = where.layer() == Where.NETWORK ? type : fields.getOrDefault(where.layer(), type);
        AnnotationMirror mirror = where.layer() == Where.NETWORK ? networkMirror : layerMirrors.get(where.layer());
        AnnotationValue value = null;
        if (mirror != null && where.attribute() != null) {
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                    : mirror.getElementValues().entrySet()) {
                if (e.getKey().getSimpleName().contentEquals(where.attribute())) {
                    value = e.getValue();
                }
            }
        }
        return new Site(element, mirror, value);
    }
}
