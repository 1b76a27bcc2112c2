package dev.j2cmsis.sim.board;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Reads bytes given in advance, then times out (or ends, if {@link #end()} was called); records what is written. */
final class ByteArrayTransport implements Transport {
    private byte[] data = new byte[0];
    private int position;
    private boolean ended;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    int reads;

    ByteArrayTransport add(byte[] more) {
        byte[] d = Arrays.copyOf(data, data.length + more.length);
        System.arraycopy(more, 0, d, data.length, more.length);
        data = d;
        return this;
    }

    ByteArrayTransport end() {
        ended = true;
        return this;
    }

    int available() {
        return data.length - position;
    }

    @Override
    public void write(byte[] bytes) {
        written.writeBytes(bytes);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws BoardException {
        reads++;
        if (position == data.length) {
            if (ended) {
                return -1;
            }
            throw new BoardException(BoardFailure.Kind.TIMEOUT, "no more bytes");
        }
        // Three bytes at most per read, so frames arrive split as they do from a UART.
        int n = Math.min(Math.min(length, 3), data.length - position);
        System.arraycopy(data, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public String describe() {
        return "bytes";
    }

    @Override
    public void close() {
    }
}
