package dev.j2cmsis.sim.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.board.FakeBoard.Fault;
import dev.j2cmsis.sim.runtime.Q7;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validator against a board in Java, one fault at a time: each is reported at the right image, in bounded time. */
class BoardValidatorTest {
    static final int N = 40;
    static final BoardValidator.Options FAST = BoardValidator.Options.defaults().withHandshake(Duration.ofMillis(600))
            .withInference(Duration.ofMillis(200));

    static List<byte[]> inputs() {
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            byte[] x = new byte[8];
            for (int k = 0; k < 8; k++) {
                x[k] = (byte) (i * 31 + k * 7);
            }
            in.add(x);
        }
        return in;
    }

    /** Labels the add network gets right for every image: its own arg-max. */
    static int[] labels() {
        FakeBoard.AddNet net = new FakeBoard.AddNet();
        return inputs().stream().mapToInt(x -> Q7.argmax(net.run(x))).toArray();
    }

    static ValidationResult run(Fault fault, int at) {
        return new BoardValidator(new FakeBoard.AddNet(), FAST).validate(new FakeBoard(fault, at), inputs(), labels());
    }

    @Test
    void aCorrectBoardIsIdentical() {
        ValidationResult r = run(Fault.NONE, -1);
        assertTrue(r.identical(), r.render());
        assertEquals(N, r.answered());
        assertEquals(1.0, r.boardAccuracy());
        assertTrue(r.cycles().isEmpty());
        assertTrue(r.render().contains("IDENTICAL"), r.render());
    }

    @Test
    void reportedCyclesAreSummarized() {
        FakeBoard board = new FakeBoard(Fault.NONE, -1);
        board.cycles = 1000;
        ValidationResult r = new BoardValidator(new FakeBoard.AddNet(), FAST).validate(board, inputs(), null);
        assertTrue(r.identical(), r.render());
        assertEquals(1000, r.cycles().orElseThrow().getMin());
        assertEquals(1000 + N - 1, r.cycles().orElseThrow().getMax());
        assertTrue(Double.isNaN(r.boardAccuracy()));
    }

    @Test
    void aCorruptedByteNamesTheImageAndTheElement() {
        ValidationResult r = run(Fault.CORRUPT, 17);
        assertFalse(r.identical());
        assertTrue(r.failure().isEmpty(), r.render());
        assertEquals(N, r.answered());
        ValidationResult.Difference d = r.firstDifference().orElseThrow();
        assertEquals(17, d.image());
        assertEquals(17 % 4, d.mismatch().index());
        assertEquals(0x10, (d.mismatch().expected() ^ d.mismatch().actual()) & 0xFF);
        assertEquals(1, d.differing());
        assertTrue(d.hint().contains("single bit"), d.hint());
        assertEquals(1, r.agreement().itemsWithMismatch());
    }

    @Test
    void aTracingBoardShowsThatACorruptionDoesNotReproduce() {
        FakeBoard board = new FakeBoard(Fault.CORRUPT, 17);
        board.traces = true;
        ValidationResult r = new BoardValidator(new FakeBoard.AddNet(), FAST).validate(board, inputs(), null);
        ValidationResult.Difference d = r.firstDifference().orElseThrow();
        assertEquals(17, d.image());
        String layer = d.layer().orElseThrow(() -> new AssertionError(r.render()));
        assertTrue(layer.contains("all 2 layers and the output equal") && layer.contains("does not reproduce"), layer);
        assertTrue(r.render().contains(layer), r.render());
    }

    @Test
    void aTracingBoardNamesTheFirstLayerThatDiffers() {
        FakeBoard board = new FakeBoard(Fault.ARITH, -1);
        board.traces = true;
        ValidationResult r = new BoardValidator(new FakeBoard.AddNet(), FAST).validate(board, inputs(), null);
        assertTrue(r.failure().isEmpty(), r.render());
        assertEquals(N, r.agreement().itemsWithMismatch());
        ValidationResult.Difference d = r.firstDifference().orElseThrow();
        assertEquals(0, d.image());
        assertEquals(1, d.mismatch().index());
        String layer = d.layer().orElseThrow(() -> new AssertionError(r.render()));
        assertTrue(layer.startsWith("layer 0 'lo' (copy) is the first whose output differs: 1 of 4 bytes, first at "
                + "byte 1"), layer);
        assertTrue(d.hint().contains("off by one"), d.hint());
    }

    @Test
    void withoutTraceTheHintSaysHowToGetOne() {
        ValidationResult.Difference d = run(Fault.CORRUPT, 3).firstDifference().orElseThrow();
        assertTrue(d.layer().isEmpty());
        assertTrue(d.hint().contains("-DADD_NET_TRACE"), d.hint());
    }

    @Test
    void aStalledBoardTimesOutAtItsImage() {
        long start = System.nanoTime();
        ValidationResult r = run(Fault.STALL, 23);
        long ms = (System.nanoTime() - start) / 1_000_000;
        BoardFailure f = r.failure().orElseThrow();
        assertEquals(BoardFailure.Kind.TIMEOUT, f.kind());
        assertEquals(23, f.image());
        assertEquals(23, r.answered());
        assertTrue(r.agreement().identical(), "what was answered still agrees");
        assertTrue(ms < 3000, ms + " ms");
    }

    /** Each fault the validator must stop at: the image it happened at and a message that says what it was. */
    @ParameterizedTest
    @CsvSource({
        "RESET, 5, RESET, boot INFO",
        "GARBLE, 9, GARBLED, CRC",
        "ERROR, 2, BOARD_ERROR, returned 3",
        "STALE, 11, PROTOCOL, stale",
    })
    void aFaultStopsTheRunAtItsImage(Fault fault, int at, BoardFailure.Kind kind, String says) {
        ValidationResult r = run(fault, at);
        BoardFailure f = r.failure().orElseThrow();
        assertEquals(kind, f.kind(), r.render());
        assertEquals(at, f.image());
        assertEquals(at, r.answered());
        assertTrue(f.message().contains(says), f.message());
    }

    @Test
    void anotherNetworkIsRefusedAtTheHandshake() {
        ValidationResult r = run(Fault.WRONG_ID, -1);
        BoardFailure f = r.failure().orElseThrow();
        assertEquals(BoardFailure.Kind.HANDSHAKE, f.kind());
        assertEquals(-1, f.image());
        assertTrue(f.message().contains("network id"), f.message());
        assertEquals(0, r.answered());
    }

    @Test
    void aSilentBoardFailsTheHandshakeInBoundedTime() {
        long start = System.nanoTime();
        ValidationResult r = run(Fault.SILENT, -1);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(BoardFailure.Kind.TIMEOUT, r.failure().orElseThrow().kind());
        assertTrue(r.info().isEmpty());
        assertTrue(ms >= 550 && ms < 3000, ms + " ms");
    }

    @Test
    void noiseBeforeTheBootInfoIsSkipped() {
        assertTrue(run(Fault.NOISE, -1).identical());
    }
}
