package dev.j2cmsis.processor;

/** The tool version written into every generated file's header. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
