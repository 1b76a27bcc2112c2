package dev.j2cmsis.sim.board;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;

/**
 * A real serial device (a board's USB-UART bridge, e.g. {@code /dev/ttyACM0} or {@code COM3}) through jSerialComm
 * ({@code com.fazecast:jSerialComm}), 8 data bits, no parity, 1 stop bit, no flow control. jSerialComm is an
 * optional dependency of j2cmsis-runtime-sim: add it to your project to use this class.
 */
public final class SerialPortTransport implements Transport {
    /** The jSerialComm version j2cmsis is built and tested against. */
    public static final String JSERIALCOMM = "com.fazecast:jSerialComm:2.11.0";

    private final SerialPort port;
    private final int baud;

    private SerialPortTransport(SerialPort port, int baud) {
        this.port = port;
        this.baud = baud;
    }

    /**
     * Opens {@code device} at {@code baud}.
     *
     * @throws IOException if the device cannot be opened
     * @throws IllegalStateException if jSerialComm is not on the class path
     */
    public static SerialPortTransport open(String device, int baud) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(device);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("serial devices need " + JSERIALCOMM + " on the class path", e);
        } catch (RuntimeException e) {
            // jSerialComm's SerialPortInvalidPortException: no such device.
            throw new IOException("no serial device " + device + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new IOException("cannot open serial device " + device + " (does it exist, and may this user "
                    + "open it? on Linux: the dialout group)");
        }
        return new SerialPortTransport(port, baud);
    }

    @Override
    public void write(byte[] data) throws IOException {
        int done = 0;
        while (done < data.length) {
            int n = port.writeBytes(data, data.length - done, done);
            if (n < 0) {
                throw new BoardException(BoardFailure.Kind.CLOSED, "write to " + describe() + " failed");
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new BoardException(BoardFailure.Kind.TIMEOUT, "no byte from " + describe()
                        + " before the deadline");
            }
            // Semi-blocking: returns as soon as one byte is there, or after the timeout with none.
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING,
                    (int) Math.max(1, Math.min(1000, left / 1_000_000)), 0);
            byte[] chunk = new byte[length];
            int n = port.readBytes(chunk, length);
            if (n < 0) {
                throw new BoardException(BoardFailure.Kind.CLOSED, describe() + " was disconnected");
            }
            if (n > 0) {
                System.arraycopy(chunk, 0, buffer, offset, n);
                return n;
            }
        }
    }

    @Override
    public String describe() {
        return "serial:" + port.getSystemPortPath() + "@" + baud;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
