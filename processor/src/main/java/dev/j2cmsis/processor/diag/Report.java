package dev.j2cmsis.processor.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one network; nothing is written for a network whose report has errors. */
public final class Report {
    private final List<Problem> problems = new ArrayList<>();

    public void error(Tag tag, Where where, String text) {
        problems.add(new Problem(tag, text, where, true));
    }

    public void warning(Tag tag, Where where, String text) {
        problems.add(new Problem(tag, text, where, false));
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::error);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Stops the network when any error was collected, so a stage can report all errors of its kind first. */
    public void throwIfErrors() throws AbortException {
        if (hasErrors()) {
            throw AbortException.alreadyReported();
        }
    }
}
