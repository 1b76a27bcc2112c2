package dev.j2cmsis.sim.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A board's UART as a TCP stream, which is how QEMU exposes an emulated UART: {@code -serial
 * tcp:127.0.0.1:PORT} makes QEMU connect to a port we listen on ({@link #accept}), {@code -serial
 * tcp:127.0.0.1:PORT,server=on,wait=off} makes it listen ({@link #connect}); a serial-to-TCP bridge
 * (ser2net) works the same way. Loopback addresses only: this is a test link, not a network service.
 */
public final class TcpTransport implements Transport {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TcpTransport(Socket socket) throws IOException {
        this.socket = socket;
        // The protocol is stop-and-wait with small frames: Nagle's algorithm would add a delayed-ACK wait to each.
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A listening socket on an ephemeral loopback port, for QEMU's client-mode {@code -serial tcp:}. */
    public static ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        return server;
    }

    /**
     * Waits at most {@code timeout} for one connection on {@code server}.
     *
     * @throws BoardException TIMEOUT if nobody connects in time
     */
    public static TcpTransport accept(ServerSocket server, Duration timeout) throws IOException {
        server.setSoTimeout(timeoutMillis(timeout));
        try {
            return new TcpTransport(server.accept());
        } catch (SocketTimeoutException e) {
            throw new BoardException(BoardFailure.Kind.TIMEOUT, "nothing connected to 127.0.0.1:"
                    + server.getLocalPort() + " within " + timeout.toMillis() + " ms");
        }
    }

    /**
     * Connects to a loopback port, retrying until {@code timeout} (QEMU opens its listening port a moment after
     * it starts).
     *
     * @throws IllegalArgumentException for a non-loopback address
     * @throws BoardException TIMEOUT if the port does not accept in time
     */
    public static TcpTransport connect(InetSocketAddress address, Duration timeout) throws IOException {
        if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("only loopback addresses are supported, not " + address);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            Socket s = new Socket();
            try {
                s.connect(address, timeoutMillis(Duration.ofNanos(deadline - System.nanoTime())));
                return new TcpTransport(s);
            } catch (IOException e) {
                s.close();
                last = e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + address, ie);
                }
            }
        }
        throw new BoardException(BoardFailure.Kind.TIMEOUT, "cannot connect to " + address + " within "
                + timeout.toMillis() + " ms" + (last != null ? ": " + last.getMessage() : ""));
    }

    @Override
    public void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new BoardException(BoardFailure.Kind.TIMEOUT, "deadline passed on " + describe());
        }
        socket.setSoTimeout(timeoutMillis(Duration.ofNanos(left)));
        try {
            return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            throw new BoardException(BoardFailure.Kind.TIMEOUT, "no byte from " + describe() + " before the deadline");
        }
    }

    /** Socket timeouts are whole milliseconds, and 0 would mean "forever". */
    private static int timeoutMillis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(d.toNanos())));
    }

    @Override
    public String describe() {
        return "tcp:" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
