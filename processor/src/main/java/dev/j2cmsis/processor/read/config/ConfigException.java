package dev.j2cmsis.processor.read.config;

import java.util.Objects;

/**
 * A problem in a network's YAML configuration. The message is {@code file:line:column: detail}, or
 * {@code file: detail} when there is no position (the file could not be read at all).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ConfigMessage kind;
    private final transient SourcePos pos;
    private final String file;
    private final String detail;

    ConfigException(ConfigMessage kind, SourcePos pos, String detail) {
        this(kind, pos.file(), pos, detail);
    }

    ConfigException(ConfigMessage kind, String file, SourcePos pos, String detail) {
        super((pos != null ? pos.toString() : file) + ": " + detail);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.pos = pos;
        this.file = Objects.requireNonNull(file, "file");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** Where the problem is; null when the file could not be read. */
    public SourcePos pos() {
        return pos;
    }

    /** The display name of the YAML file. */
    public String file() {
        return file;
    }

    /** Which message this is. */
    public ConfigMessage kind() {
        return kind;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }
}
