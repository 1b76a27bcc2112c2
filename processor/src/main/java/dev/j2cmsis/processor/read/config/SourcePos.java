package dev.j2cmsis.processor.read.config;

import java.util.Objects;

/**
 * A position in a configuration file, 1-based like Jackson's {@code JsonLocation} and like the
 * {@code file:line:column} form editors and terminals turn into links.
 *
 * @param file the display name of the file (e.g. {@code dev/x/fashion_lenet.yaml}), not necessarily a path
 * @param line 1-based line
 * @param column 1-based column
 */
public record SourcePos(String file, int line, int column) {

    public SourcePos {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
