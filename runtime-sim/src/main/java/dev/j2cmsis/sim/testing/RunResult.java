package dev.j2cmsis.sim.testing;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one finished native process: its exit status, what it printed and how long it
 * took. Under QEMU, {@code stdout} and {@code stderr} are the program's own semihosting streams
 * (newlib opens {@code :tt} for each; QEMU maps them to its own stdout and stderr).
 *
 * @param command the command line that was run
 * @param exitCode the process exit status, 0..255 (a host process killed by signal N reports 128 + N,
 *     a Cortex-M fault under QEMU reports 139, see {@link NativeToolchain#FAULT_EXIT_CODE})
 * @param stdout standard output, decoded as UTF-8
 * @param stderr standard error, decoded as UTF-8
 * @param elapsed wall time from start to exit, including QEMU's own start-up (about 30 ms)
 */
public record RunResult(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {

    public RunResult {
        command = List.copyOf(command);
    }

    /** Returns this result if the exit status is {@code expected}, otherwise throws with the full output. */
    public RunResult requireExitCode(int expected) {
        if (exitCode != expected) {
            throw new ToolchainException("expected exit status " + expected + " but got " + exitCode + "\n" + this);
        }
        return this;
    }

    /** Same as {@code requireExitCode(0)}. */
    public RunResult requireSuccess() {
        return requireExitCode(0);
    }

    @Override
    public String toString() {
        return "command: " + String.join(" ", command) + "\nexit status: " + exitCode + " after "
                + elapsed.toMillis() + " ms\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
