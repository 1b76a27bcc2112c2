package dev.j2cmsis.processor.read;

import java.util.Locale;
import java.util.Set;

/**
 * Rules for the C prefix beyond "is an identifier": C99 7.1.3 reserves every identifier that starts with an
 * underscore and an upper-case letter or a second underscore, and a keyword cannot name anything. The prefix
 * also names files ({@code <prefix>_weights.h}), so it is kept well below common 255-byte file name limits.
 */
public final class CNames {
    /** Longest prefix accepted: the longest generated name appends {@code _harness_data.h}. */
    public static final int MAX_LENGTH = 64;

    private static final Set<String> KEYWORDS = Set.of("auto", "break", "case", "char", "const", "continue",
            "default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int",
            "long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
            "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Imaginary",
            "bool", "true", "false", "asm");

    private CNames() {
    }

    /** Why {@code name} (already a C identifier) cannot be a prefix, with the fix; null when it can. */
    public static String problem(String name) {
        if (name.length() > MAX_LENGTH) {
            return String.format(Locale.ROOT, "is %d characters long; it names the generated files and C "
                    + "symbols, so at most %d are allowed. Fix: use a shorter prefix.", name.length(), MAX_LENGTH);
        }
        if (name.startsWith("__") || (name.length() > 1 && name.charAt(0) == '_'
                && Character.isUpperCase(name.charAt(1)))) {
            return "is reserved in C (identifiers starting with '__' or '_' and a capital letter belong to the "
                    + "compiler and library, C99 7.1.3). Fix: start it with a letter.";
        }
        if (KEYWORDS.contains(name)) {
            return "is a C keyword. Fix: use another name, e.g. '" + name + "_net'.";
        }
        return null;
    }

    /** The name, cut for a message when it is very long. */
    public static String shorten(String name) {
        return name.length() <= 80 ? name : name.substring(0, 40) + "..." + name.substring(name.length() - 20);
    }
}
