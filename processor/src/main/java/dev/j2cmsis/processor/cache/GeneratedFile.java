package dev.j2cmsis.processor.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One generated file.
 *
 * @param kind     where the Filer puts it
 * @param pkg      its package ({@code ""} for the unnamed one); for {@link Kind#JAVA_SOURCE} the package of the class
 * @param name     the resource's relative name, or the simple class name of a Java source
 * @param content  the bytes; text files are UTF-8 and are written through the Filer's writer, as before caching
 * @param exported also copied into {@code -Aj2cmsis.cOutputDir} (the C files and the reports)
 */
public record GeneratedFile(Kind kind, String pkg, String name, byte[] content, boolean exported) {
    public enum Kind {
        /** A Java source, {@code Filer.createSourceFile}. */
        JAVA_SOURCE,
        /** A text resource in SOURCE_OUTPUT (the C files). */
        SOURCE_TEXT,
        /** A text resource in CLASS_OUTPUT (the report next to the classes, the inputs stamp). */
        CLASS_TEXT,
        /** A binary resource in CLASS_OUTPUT (the simulator's weights). */
        CLASS_BINARY
    }

    public static GeneratedFile text(Kind kind, String pkg, String name, String text, boolean exported) {
        return new GeneratedFile(kind, pkg, name, text.getBytes(StandardCharsets.UTF_8), exported);
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    public boolean binary() {
        return kind == Kind.CLASS_BINARY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedFile f && kind == f.kind && pkg.equals(f.pkg) && name.equals(f.name)
                && Arrays.equals(content, f.content) && exported == f.exported;
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + name.hashCode()) * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return kind + " " + pkg + "/" + name + " (" + content.length + " bytes)";
    }
}
