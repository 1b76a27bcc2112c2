package dev.j2cmsis.sim.testing;

import dev.j2cmsis.sim.board.TcpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An ELF from {@link NativeToolchain#compileCortexM4} running under {@code qemu-system-arm} with its UART0 on a
 * loopback TCP socket, the emulated counterpart of a board on a USB cable: QEMU connects ({@code -serial
 * tcp:127.0.0.1:PORT}, client mode) to a port this class listens on, so no port number is guessed or raced for.
 * Semihosting stays on for the startup file's needs; what the program prints there is kept in {@link #output()}.
 * {@link #close()} kills QEMU, so a firmware that stopped answering never outlives its test.
 *
 * <pre>{@code
 * try (QemuUartBoard board = QemuUartBoard.start(elf, Duration.ofSeconds(20))) {
 *     ValidationResult r = new BoardValidator(net).validate(board.transport(), inputs, labels);
 * }
 * }</pre>
 */
public final class QemuUartBoard implements AutoCloseable {
    static final String QEMU = "qemu-system-arm";

    private final Process process;
    private final TcpTransport transport;
    private final Path log;

    private QemuUartBoard(Process process, TcpTransport transport, Path log) {
        this.process = process;
        this.transport = transport;
        this.log = log;
    }

    /** {@link #start(Path, String, Duration)} on {@link NativeToolchain#QEMU_MACHINE}. */
    public static QemuUartBoard start(Path elf, Duration connectTimeout) throws IOException {
        return start(elf, NativeToolchain.QEMU_MACHINE, connectTimeout);
    }

    /**
     * Starts QEMU on {@code machine} (an MPS2 machine: its UART0 is the first {@code -serial}) and waits at most
     * {@code connectTimeout} for it to connect.
     *
     * @throws ToolchainException if QEMU exits or does not connect in time (with what it printed)
     */
    public static QemuUartBoard start(Path elf, String machine, Duration connectTimeout) throws IOException {
        Path log = Files.createTempFile("j2cmsis-qemu-uart-", ".log");
        try (ServerSocket server = TcpTransport.listen()) {
            List<String> command = List.of(QEMU, "-M", machine, "-nographic", "-monitor", "none",
                    // nodelay: each answer is a few small writes; Nagle would hold them for the host's delayed ACK.
                    "-serial", "tcp:127.0.0.1:" + server.getLocalPort() + ",nodelay=on",
                    "-semihosting-config", "enable=on,target=native",
                    "-kernel", elf.toAbsolutePath().toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                Files.deleteIfExists(log);
                throw new ToolchainException("cannot start " + QEMU + ": " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            long deadline = System.nanoTime() + connectTimeout.toNanos();
            // Accept in short slices so a QEMU that died (bad ELF, unknown machine) is reported at once.
            while (true) {
                try {
                    TcpTransport t = TcpTransport.accept(server, Duration.ofMillis(200));
                    return new QemuUartBoard(process, t, log);
                } catch (IOException e) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        String why = process.isAlive() ? "did not connect within " + connectTimeout.toMillis()
                                + " ms" : "exited with status " + process.exitValue();
                        kill(process);
                        String out = Files.readString(log, StandardCharsets.UTF_8);
                        Files.deleteIfExists(log);
                        throw new ToolchainException(String.join(" ", command) + "\n" + QEMU + " " + why
                                + "\n--- output ---\n" + out);
                    }
                }
            }
        }
    }

    public TcpTransport transport() {
        return transport;
    }

    /** What QEMU and the program's semihosting printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closes the link and kills QEMU. */
    @Override
    public void close() throws IOException {
        try {
            transport.close();
        } finally {
            kill(process);
            Files.deleteIfExists(log);
        }
    }

    private static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
