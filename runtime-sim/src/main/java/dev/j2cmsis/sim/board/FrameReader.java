package dev.j2cmsis.sim.board;

import java.io.IOException;
import java.util.Locale;

/**
 * Reads frames from a {@link Transport}, each within a deadline. Bytes before a sync pair are skipped (a board
 * may print a banner, a cable may add noise), but only up to a bound, so a stream of garbage ends in {@link
 * BoardFailure.Kind#GARBLED} rather than a read that never completes.
 */
public final class FrameReader {
    private final Transport transport;
    private int maxPayload;
    private final int maxSkip;
    private final byte[] buffer = new byte[4096];
    private int position;
    private int limit;
    private long skipped;

    /**
     * @param maxPayload longest payload accepted; a longer length field is reported as garbled
     * @param maxSkip how many bytes without a sync pair are tolerated before one frame
     */
    public FrameReader(Transport transport, int maxPayload, int maxSkip) {
        this.transport = transport;
        this.maxPayload = Math.min(maxPayload, SerialProtocol.MAX_PAYLOAD);
        this.maxSkip = maxSkip;
    }

    /** Changes the longest payload accepted from the next frame on (a layer trace has larger frames). */
    public void setMaxPayload(int maxPayload) {
        this.maxPayload = Math.min(maxPayload, SerialProtocol.MAX_PAYLOAD);
    }

    /** Bytes skipped while hunting for sync pairs, over the reader's life. */
    public long skipped() {
        return skipped;
    }

    /**
     * The next frame, complete and with a correct CRC, read by {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws BoardException TIMEOUT, GARBLED or CLOSED
     */
    public Frame read(long deadlineNanos) throws IOException {
        int hunted = 0;
        int previous = -1;
        while (true) {
            int b = next(deadlineNanos);
            hunted++;
            if (previous == SerialProtocol.SYNC0 && b == SerialProtocol.SYNC1) {
                break;
            }
            if (hunted - 2 >= maxSkip) {
                skipped += hunted;
                throw new BoardException(BoardFailure.Kind.GARBLED, String.format(Locale.ROOT,
                        "%d bytes without a frame start (A5 5A): wrong baud rate, or not a j2cmsis serial firmware",
                        hunted));
            }
            previous = b;
        }
        skipped += hunted - 2;
        byte[] head = new byte[4];
        for (int i = 0; i < 4; i++) {
            head[i] = (byte) next(deadlineNanos);
        }
        int type = head[0] & 0xFF;
        int seq = head[1] & 0xFF;
        int length = (head[2] & 0xFF) | (head[3] & 0xFF) << 8;
        if (length > maxPayload) {
            throw new BoardException(BoardFailure.Kind.GARBLED, String.format(Locale.ROOT,
                    "frame %s seq %d announces %d payload bytes, more than the %d expected", SerialProtocol.typeName(type),
                    seq, length, maxPayload));
        }
        byte[] body = new byte[4 + length];
        System.arraycopy(head, 0, body, 0, 4);
        for (int i = 0; i < length; i++) {
            body[4 + i] = (byte) next(deadlineNanos);
        }
        long crc = 0;
        for (int i = 0; i < 4; i++) {
            crc |= (long) next(deadlineNanos) << (8 * i);
        }
        long computed = SerialProtocol.crc32(body, 0, body.length);
        if (crc != computed) {
            throw new BoardException(BoardFailure.Kind.GARBLED, String.format(Locale.ROOT,
                    "frame %s seq %d (%d payload bytes) has CRC %08x, its bytes give %08x",
                    SerialProtocol.typeName(type), seq, length, crc, computed));
        }
        byte[] payload = new byte[length];
        System.arraycopy(body, 4, payload, 0, length);
        return new Frame(type, seq, payload);
    }

    private int next(long deadlineNanos) throws IOException {
        if (position == limit) {
            int n = transport.read(buffer, 0, buffer.length, deadlineNanos);
            if (n < 0) {
                throw new BoardException(BoardFailure.Kind.CLOSED, transport.describe() + " was closed by the other end");
            }
            position = 0;
            limit = n;
        }
        return buffer[position++] & 0xFF;
    }
}
