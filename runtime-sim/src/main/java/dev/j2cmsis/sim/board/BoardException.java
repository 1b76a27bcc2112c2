package dev.j2cmsis.sim.board;

import java.io.IOException;

/** The link to a board failed in a way the validator reports: a timeout, a garbled frame, a closed stream. */
public final class BoardException extends IOException {
    private static final long serialVersionUID = 1L;

    private final BoardFailure.Kind kind;

    public BoardException(BoardFailure.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BoardFailure.Kind kind() {
        return kind;
    }
}
