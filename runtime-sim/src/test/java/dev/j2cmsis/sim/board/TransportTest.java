package dev.j2cmsis.sim.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The transports themselves: loopback TCP both ways with a board behind it, and their failures in bounded time. */
class TransportTest {
    /** Serves {@code board} on a connected socket until the host closes it. */
    static void serve(TcpTransport socket, FakeBoard board) throws IOException {
        byte[] buf = new byte[512];
        while (true) {
            int n;
            try {
                n = socket.read(buf, 0, buf.length, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            } catch (BoardException e) {
                return;
            }
            if (n < 0) {
                return;
            }
            board.write(java.util.Arrays.copyOf(buf, n));
            while (true) {
                int m;
                try {
                    m = board.read(buf, 0, buf.length, System.nanoTime());
                } catch (BoardException e) {
                    break;
                }
                socket.write(java.util.Arrays.copyOf(buf, m));
            }
        }
    }

    @Test
    void validatesOverLoopbackTcpWithTheBoardConnectingToUs() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ServerSocket server = TcpTransport.listen()) {
            assertTrue(server.getInetAddress().isLoopbackAddress());
            // The board side connects, like QEMU's client-mode -serial tcp:.
            Future<?> board = pool.submit(() -> {
                try (TcpTransport t = TcpTransport.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        server.getLocalPort()), Duration.ofSeconds(5))) {
                    serve(t, new FakeBoard(FakeBoard.Fault.CORRUPT, 3));
                }
                return null;
            });
            ValidationResult r;
            try (TcpTransport host = TcpTransport.accept(server, Duration.ofSeconds(5))) {
                r = new BoardValidator(new FakeBoard.AddNet(), BoardValidatorTest.FAST).validate(host,
                        BoardValidatorTest.inputs(), null);
            }
            board.get(10, TimeUnit.SECONDS);
            assertEquals(BoardValidatorTest.N, r.answered(), r.render());
            assertEquals(3, r.firstDifference().orElseThrow().image());
            assertTrue(r.link().startsWith("tcp:127.0.0.1:"), r.link());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nobodyConnectingTimesOut() throws IOException {
        try (ServerSocket server = TcpTransport.listen()) {
            long start = System.nanoTime();
            BoardException e = assertThrows(BoardException.class, () -> TcpTransport.accept(server,
                    Duration.ofMillis(200)));
            assertEquals(BoardFailure.Kind.TIMEOUT, e.kind());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
        }
    }

    @Test
    void aClosedPortTimesOutAfterRetrying() throws IOException {
        int port;
        try (ServerSocket s = TcpTransport.listen()) {
            port = s.getLocalPort();
        }
        BoardException e = assertThrows(BoardException.class, () -> TcpTransport.connect(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), port), Duration.ofMillis(300)));
        assertEquals(BoardFailure.Kind.TIMEOUT, e.kind());
    }

    @Test
    void onlyLoopbackAddresses() {
        // A documentation address (RFC 5737): refused before any packet is sent.
        assertThrows(IllegalArgumentException.class, () -> TcpTransport.connect(new InetSocketAddress(
                InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 1}), 4444), Duration.ofMillis(100)));
    }

    @Test
    void aMissingSerialDeviceIsAnIOException() {
        IOException e = assertThrows(IOException.class, () -> SerialPortTransport.open("/dev/j2cmsis-no-such-tty",
                115200));
        assertTrue(e.getMessage().contains("/dev/j2cmsis-no-such-tty"), e.getMessage());
    }
}
