package dev.j2cmsis.annotations;

/**
 * The type of every layer field of a {@link Network} class. It carries no state: the field exists so its name
 * and annotation describe one layer; the field name is the layer name and the weight key prefix
 * ({@code conv1} reads {@code conv1.weight} and {@code conv1.bias}).
 */
public final class Layer {
    private Layer() {
    }
}
