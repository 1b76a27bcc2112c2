package dev.j2cmsis.sim.testing;

/**
 * A native tool failed, could not be started or ran past its timeout. The message always carries
 * the command line and everything the tool printed, so a failing test explains itself.
 */
public final class ToolchainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToolchainException(String message) {
        super(message);
    }

    public ToolchainException(String message, Throwable cause) {
        super(message, cause);
    }
}
