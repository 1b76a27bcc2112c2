package dev.j2cmsis.processor.diag;

/**
 * Stops the processing of one network: a stage found a problem that makes the following stages meaningless.
 * The processor reports the problem (unless a {@link Report} already holds it) and writes nothing for the
 * network.
 */
public final class AbortException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public AbortException(Tag tag, Where where, String text) {
        this(new Problem(tag, text, where, true));
    }

    private AbortException(Problem problem) {
        super(problem == null ? "errors reported" : problem.message(), null, false, false);
        this.problem = problem;
    }

    /** An abort for errors that are already in a report. */
    static AbortException alreadyReported() {
        return new AbortException((Problem) null);
    }

    /** The problem to report, or null when it is already in the network's report. */
    public Problem problem() {
        return problem;
    }
}
