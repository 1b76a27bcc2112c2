package dev.j2cmsis.processor.diag;

/** One diagnostic: its tag, the full text (what is wrong and how to fix it) and where it belongs. */
public record Problem(Tag tag, String text, Where where, boolean error) {
    public String message() {
        return tag + " " + text;
    }
}
