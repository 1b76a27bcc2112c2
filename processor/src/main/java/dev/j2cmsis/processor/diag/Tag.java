package dev.j2cmsis.processor.diag;

import java.util.Locale;

/**
 * The grep-able class of a diagnostic, printed as {@code [j2cmsis:yaml]} in front of every message.
 * {@code KERNEL} is the kernel j2cmsis chose for a layer (a note); {@code TARGET} a result that depends on the
 * CMSIS path of the target (a warning); {@code UNSUPPORTED} only what cannot be built.
 */
public enum Tag {
    ANNOTATION, YAML, WEIGHTS, SHAPE, ORDER, CALIBRATION, QUANT, KERNEL, TARGET, BUDGET, UNSUPPORTED, INTERNAL;

    @Override
    public String toString() {
        return "[j2cmsis:" + name().toLowerCase(Locale.ROOT) + "]";
    }
}
