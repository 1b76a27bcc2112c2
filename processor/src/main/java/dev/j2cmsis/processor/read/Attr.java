package dev.j2cmsis.processor.read;

import javax.lang.model.element.AnnotationValue;

/** One annotation attribute: its value (defaults applied) and, when written explicitly, its mirror value. */
public record Attr<T>(T value, AnnotationValue written) {
}
