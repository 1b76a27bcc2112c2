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

    /** What j2cmsis decided on its own; see {@link Problem.Severity} for the policy. */
    public void note(Tag tag, Where where, String text) {
        problems.add(new Problem(tag, text, where, Problem.Severity.NOTE));
    }

    /** A problem reported before, replayed as it was (a cached build's diagnostics). */
    public void add(Problem problem) {
        problems.add(problem);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::error);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** The problems of one severity, in the order they were reported. */
    public List<Problem> problems(Problem.Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).toList();
    }

    /** Stops the network when any error was collected, so a stage can report all errors of its kind first. */
    public void throwIfErrors() throws AbortException {
        if (hasErrors()) {
            throw AbortException.alreadyReported();
        }
    }
}
