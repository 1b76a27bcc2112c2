package dev.j2cmsis.processor.diag;

import java.util.Locale;

/** The grep-able class of a diagnostic, printed as {@code [j2cmsis:yaml]} in front of every message. */
public enum Tag {
    ANNOTATION, YAML, WEIGHTS, SHAPE, ORDER, CALIBRATION, QUANT, BUDGET, UNSUPPORTED, INTERNAL;

    @Override
    public String toString() {
        return "[j2cmsis:" + name().toLowerCase(Locale.ROOT) + "]";
    }
}
