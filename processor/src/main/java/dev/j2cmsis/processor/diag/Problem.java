package dev.j2cmsis.processor.diag;

/** One diagnostic: its tag, the full text (what is wrong, or what was decided, and how to act) and where it belongs. */
public record Problem(Tag tag, String text, Where where, Severity severity) {
    /**
     * The severity policy: {@link #ERROR} when the network cannot be built (nothing is written for it);
     * {@link #WARNING} when it was built but the user should act (a result differs between targets, a YAML
     * entry is ignored); {@link #NOTE} for what j2cmsis decided on its own (a kernel, a fallback, a format),
     * printed by javac as a note and listed in the report.
     */
    public enum Severity { ERROR, WARNING, NOTE }

    public Problem(Tag tag, String text, Where where, boolean error) {
        this(tag, text, where, error ? Severity.ERROR : Severity.WARNING);
    }

    public boolean error() {
        return severity == Severity.ERROR;
    }

    public String message() {
        return tag + " " + text;
    }
}
