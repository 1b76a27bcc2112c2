package dev.j2cmsis.processor.read;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/** The {@code @Network} class as written: its attributes and its layer fields in declaration order. */
public record NetworkDeclaration(TypeElement type, AnnotationMirror mirror, String packageName, String simpleName,
                                 Attr<String> config, Attr<int[]> input, Attr<String> prefix, int maxRamBytes,
                                 int maxFlashBytes, List<LayerDeclaration> layers) {
    public NetworkDeclaration {
        layers = List.copyOf(layers);
    }
}
