package dev.j2cmsis.processor.model;

import dev.j2cmsis.processor.read.config.Target;
import java.util.List;

/**
 * The validated network: names, input, layers with inferred shapes and float weights, and the options from
 * the YAML. Immutable; every later stage reads only this.
 *
 * @param packageName Java package of the annotated class
 * @param simpleName  simple name of the annotated class
 * @param cName       prefix of every generated C name (snake_case)
 */
public record NetworkModel(String packageName, String simpleName, String cName, Shape input, List<LayerSpec> layers,
                           Transform transform, Target target, String sourceDescription) {
    public NetworkModel {
        layers = List.copyOf(layers);
    }

    public String qualifiedName() {
        return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
    }

    public Shape output() {
        return layers.get(layers.size() - 1).out();
    }
}
