package dev.j2cmsis.processor.read.config;

import java.util.Objects;

/**
 * A configuration value and where it came from, so later stages (weights, quantization, planning) can report
 * their own errors at the YAML position that caused them.
 *
 * <p>{@code pos} is never null. A default (a key the file leaves out) carries the position of the nearest
 * enclosing element that is in the file: the parent key, or the top-level mapping.
 */
public record Located<T>(T value, SourcePos pos) {

    public Located {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(pos, "pos");
    }

    public static <T> Located<T> of(T value, SourcePos pos) {
        return new Located<>(value, pos);
    }
}
