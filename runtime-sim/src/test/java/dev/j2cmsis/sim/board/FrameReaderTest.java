package dev.j2cmsis.sim.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Garbled input of every kind ends in a precise BoardException, never in a read that waits forever. */
class FrameReaderTest {
    static final long FAR = Long.MAX_VALUE / 2;

    static byte[] frame(int seq, int n) {
        return SerialProtocol.encode(new Frame(SerialProtocol.RESULT, seq, new byte[n]));
    }

    static BoardException fails(ByteArrayTransport t, int maxSkip) {
        return assertThrows(BoardException.class, () -> new FrameReader(t, 64, maxSkip).read(System.nanoTime() + FAR));
    }

    @Test
    void skipsNoiseAndFalseSyncsBeforeAFrame() throws IOException {
        // A banner, a lone A5, then A5 A5 5A: the second A5 starts the frame.
        ByteArrayTransport t = new ByteArrayTransport().add("boot\n".getBytes()).add(new byte[] {(byte) 0xA5, 1,
            (byte) 0xA5}).add(frame(9, 4));
        FrameReader r = new FrameReader(t, 64, 16);
        Frame f = r.read(System.nanoTime() + FAR);
        assertEquals(9, f.seq());
        assertEquals(8, r.skipped());
    }

    @Test
    void wrongCrcIsGarbled() {
        byte[] bad = frame(3, 4);
        bad[8] ^= 0x04;
        BoardException e = fails(new ByteArrayTransport().add(bad), 16);
        assertEquals(BoardFailure.Kind.GARBLED, e.kind());
        assertTrue(e.getMessage().contains("RESULT seq 3") && e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void impossibleLengthIsGarbledWithoutWaitingForThePayload() {
        BoardException e = fails(new ByteArrayTransport().add(frame(1, 65)), 16);
        assertEquals(BoardFailure.Kind.GARBLED, e.kind());
        assertTrue(e.getMessage().contains("65 payload bytes"), e.getMessage());
    }

    @Test
    void endlessNoiseIsGarbledAfterTheBound() {
        byte[] noise = new byte[100];
        java.util.Arrays.fill(noise, (byte) 0x55);
        BoardException e = fails(new ByteArrayTransport().add(noise), 32);
        assertEquals(BoardFailure.Kind.GARBLED, e.kind());
        assertTrue(e.getMessage().contains("without a frame start"), e.getMessage());
    }

    @Test
    void truncatedFrameTimesOutOrEnds() {
        byte[] f = frame(1, 8);
        byte[] half = java.util.Arrays.copyOf(f, 10);
        assertEquals(BoardFailure.Kind.TIMEOUT, fails(new ByteArrayTransport().add(half), 16).kind());
        assertEquals(BoardFailure.Kind.CLOSED, fails(new ByteArrayTransport().add(half).end(), 16).kind());
    }

    @Test
    void aSilentBoardTimesOutAtTheDeadline() {
        FakeBoard silent = new FakeBoard(FakeBoard.Fault.SILENT, 0);
        long start = System.nanoTime();
        BoardException e = assertThrows(BoardException.class,
                () -> new FrameReader(silent, 64, 16).read(start + Duration.ofMillis(150).toNanos()));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(BoardFailure.Kind.TIMEOUT, e.kind());
        assertTrue(ms >= 140 && ms < 2000, ms + " ms");
    }
}
