package dev.j2cmsis.sim.board;

import java.io.Closeable;
import java.io.IOException;

/** A byte stream to a board: a TCP socket ({@link TcpTransport}) or a serial device ({@link SerialPortTransport}). */
public interface Transport extends Closeable {
    /** Sends all of {@code data}. */
    void write(byte[] data) throws IOException;

    /**
     * Reads between 1 and {@code length} bytes, waiting at most until {@code deadlineNanos} (a {@link
     * System#nanoTime()} value).
     *
     * @return the number of bytes read, or -1 at the end of the stream (the board or QEMU closed it)
     * @throws BoardException of kind {@link BoardFailure.Kind#TIMEOUT} when nothing arrived before the deadline
     */
    int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException;

    /** Where the bytes go, for messages ({@code tcp:127.0.0.1:4321}, {@code serial:/dev/ttyACM0@115200}). */
    String describe();
}
