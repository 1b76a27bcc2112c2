package dev.j2cmsis.processor.onnx;

import java.util.List;

/** The model cannot be imported: every problem found, each naming its node and the fix. */
public final class ImportException extends Exception {
    private final List<String> problems;

    public ImportException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
