package dev.j2cmsis.sim.board;

import dev.j2cmsis.sim.data.IdxReader;
import dev.j2cmsis.sim.data.NdArray;
import dev.j2cmsis.sim.runtime.LayerTrace;
import dev.j2cmsis.sim.runtime.NetworkId;
import dev.j2cmsis.sim.runtime.Q7Network;
import dev.j2cmsis.sim.runtime.WeightBlob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Streams input records to a board running the generated serial harness and compares every answer, byte for
 * byte, with the simulator: the host side of {@code j2cmsis_serial.c}. A run never hangs: the handshake and each
 * inference have deadlines, and the first timeout, reset, garbled frame or board error ends the run with a
 * {@link BoardFailure} in the result (which keeps everything answered before it). When an image differs and the
 * firmware was built with {@code -D<NET>_TRACE}, that image is run once more with a layer trace, and the result
 * names the first layer whose output differs from {@link Q7Network#trace}.
 *
 * <pre>{@code
 * try (Transport t = TcpTransport.connect(new InetSocketAddress("127.0.0.1", 4444), Duration.ofSeconds(5))) {
 *     ValidationResult r = new BoardValidator(new FashionLeNetQ7()).validate(t, inputs, labels);
 *     assertTrue(r.identical(), r.render());
 * }
 * }</pre>
 */
public final class BoardValidator {
    /**
     * @param handshake how long the board may take to answer HELLO (HELLO is repeated every {@code helloEvery})
     * @param inference how long one image may take, transfer included
     * @param maxSkip noise bytes tolerated before a frame
     */
    public record Options(Duration handshake, Duration helloEvery, Duration inference, int maxSkip) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10), 4096);
        }

        public Options withInference(Duration d) {
            return new Options(handshake, helloEvery, d, maxSkip);
        }

        public Options withHandshake(Duration d) {
            return new Options(d, helloEvery, inference, maxSkip);
        }
    }

    private final Q7Network simulator;
    private final Options options;

    public BoardValidator(Q7Network simulator) {
        this(simulator, Options.defaults());
    }

    public BoardValidator(Q7Network simulator, Options options) {
        this.simulator = Objects.requireNonNull(simulator);
        this.options = Objects.requireNonNull(options);
    }

    /** The q7 inputs of the first {@code count} images of an IDX file, through the network's input transform. */
    public static List<byte[]> inputs(Q7Network net, Path idxImages, int count) throws IOException {
        NdArray images = IdxReader.readImages(idxImages, count);
        List<byte[]> in = new ArrayList<>(images.items());
        for (int i = 0; i < images.items(); i++) {
            in.add(net.quantizeInput(images.itemFloats(i)));
        }
        return in;
    }

    /**
     * Validates {@code inputs} on the board behind {@code transport}.
     *
     * @param labels the true classes, or null to skip accuracy
     * @return the result; a failing transport (a write error, a closed socket) is a {@link
     *     BoardFailure.Kind#CLOSED} failure in it, not an exception
     */
    public ValidationResult validate(Transport transport, List<byte[]> inputs, int[] labels) {
        if (labels != null && labels.length < inputs.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + inputs.size() + " images");
        }
        for (byte[] in : inputs) {
            if (in.length != simulator.inputSize()) {
                throw new IllegalArgumentException("input of " + in.length + " bytes, the network takes "
                        + simulator.inputSize());
            }
        }
        int expectedId = NetworkId.of(simulator);
        FrameReader reader = new FrameReader(transport, Math.max(SerialProtocol.INFO_BYTES,
                4 + simulator.outputSize()), options.maxSkip());
        ValidationResult.Builder result = new ValidationResult.Builder(inputs, labels, simulator,
                transport.describe());
        long start = System.nanoTime();
        try {
            SerialProtocol.BoardInfo info = handshake(transport, reader, result);
            if (info == null) {
                return result.build(System.nanoTime() - start);
            }
            String mismatch = mismatch(info, expectedId);
            if (mismatch != null) {
                result.fail(new BoardFailure(BoardFailure.Kind.HANDSHAKE, -1, mismatch));
                return result.build(System.nanoTime() - start);
            }
            start = System.nanoTime();
            int seq = 1;
            for (int i = 0; i < inputs.size(); i++) {
                seq = seq % 255 + 1; // 0 is the board's boot INFO
                transport.write(SerialProtocol.encode(new Frame(SerialProtocol.INFER, seq, inputs.get(i))));
                BoardFailure failure = answer(reader, seq, i, result);
                if (failure != null) {
                    result.fail(failure);
                    break;
                }
            }
            int differing = result.firstDiffering();
            if (differing >= 0 && !result.failed() && info.tracesLayers()) {
                seq = seq % 255 + 1;
                long traceStart = System.nanoTime();
                result.trace(trace(transport, reader, seq, inputs.get(differing)));
                start += System.nanoTime() - traceStart; // throughput counts the images only
            }
        } catch (BoardException e) {
            result.fail(new BoardFailure(e.kind(), result.answered() < inputs.size() && result.handshaken()
                    ? result.answered() : -1, e.getMessage()));
        } catch (IOException e) {
            result.fail(new BoardFailure(BoardFailure.Kind.CLOSED, result.handshaken() ? result.answered() : -1,
                    transport.describe() + ": " + e.getMessage()));
        }
        return result.build(System.nanoTime() - start);
    }

    /** HELLO until an INFO with its seq arrives; boot INFOs and garbled frames before it are skipped. */
    private SerialProtocol.BoardInfo handshake(Transport transport, FrameReader reader, ValidationResult.Builder result)
            throws IOException {
        long deadline = System.nanoTime() + options.handshake().toNanos();
        int seq = 1;
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            transport.write(SerialProtocol.encode(new Frame(SerialProtocol.HELLO, seq, new byte[0])));
            long helloDeadline = Math.min(deadline, System.nanoTime() + options.helloEvery().toNanos());
            while (true) {
                Frame f;
                try {
                    f = reader.read(helloDeadline);
                } catch (BoardException e) {
                    if (e.kind() == BoardFailure.Kind.CLOSED) {
                        throw e;
                    }
                    // A board that was mid-frame when we connected, or one still booting: say HELLO again.
                    lastProblem = e.getMessage();
                    break;
                }
                if (f.type() == SerialProtocol.INFO && f.seq() == seq) {
                    SerialProtocol.BoardInfo info = SerialProtocol.info(f.payload());
                    if (info == null) {
                        result.fail(new BoardFailure(BoardFailure.Kind.HANDSHAKE, -1, "INFO of "
                                + f.payload().length + " bytes, protocol v1 has " + SerialProtocol.INFO_BYTES));
                        return null;
                    }
                    result.info(info);
                    return info;
                }
                lastProblem = "unexpected " + f;
            }
            seq = seq % 255 + 1;
        }
        result.fail(new BoardFailure(BoardFailure.Kind.TIMEOUT, -1, "no INFO answered HELLO within "
                + options.handshake().toMillis() + " ms on " + transport.describe() + " (last: " + lastProblem
                + "); is the serial harness flashed and running, and the baud rate right?"));
        return null;
    }

    private String mismatch(SerialProtocol.BoardInfo info, int expectedId) {
        if (info.version() != SerialProtocol.VERSION) {
            return "board speaks protocol v" + info.version() + ", this validator v" + SerialProtocol.VERSION;
        }
        if (info.inputSize() != simulator.inputSize() || info.outputSize() != simulator.outputSize()) {
            return String.format(Locale.ROOT, "board's network takes %d and gives %d bytes, the simulator %s %d and "
                    + "%d: the firmware is another network", info.inputSize(), info.outputSize(), simulator.cName(),
                    simulator.inputSize(), simulator.outputSize());
        }
        if (info.networkId() != expectedId) {
            return String.format(Locale.ROOT, "board's network id is %08x, the simulator %s computes %08x: the "
                    + "firmware was built from other weights, another quantization or another j2cmsis version; "
                    + "rebuild it from the same build as the simulator", info.networkId(), simulator.cName(),
                    expectedId);
        }
        return null;
    }

    /**
     * Runs one image again as TRACE and names the first layer whose output differs from the simulator's trace;
     * a sentence for the result.
     */
    private String trace(Transport transport, FrameReader reader, int seq, byte[] input) throws IOException {
        // Layer outputs can be far larger than the network's output: lift the bound for this exchange only.
        reader.setMaxPayload(SerialProtocol.MAX_PAYLOAD);
        transport.write(SerialProtocol.encode(new Frame(SerialProtocol.TRACE, seq, input)));
        List<LayerTrace> expected = simulator.trace(input);
        int layers = 0;
        while (true) {
            Frame f;
            try {
                f = reader.read(System.nanoTime() + options.inference().toNanos());
            } catch (BoardException e) {
                return "the layer trace failed: " + e.getMessage();
            }
            if (f.seq() != seq || (f.type() != SerialProtocol.LAYER && f.type() != SerialProtocol.RESULT)) {
                return "the layer trace got " + f + " instead of LAYER or RESULT seq " + seq;
            }
            if (f.type() == SerialProtocol.RESULT) {
                byte[] out = Arrays.copyOfRange(f.payload(), 4, f.payload().length);
                boolean same = Arrays.equals(out, simulator.run(input));
                return String.format(Locale.ROOT, "run again with a layer trace, all %d layers%s equal the "
                        + "simulator's: the difference does not reproduce (transfer or memory corruption, or state "
                        + "kept between inferences)", layers, same ? " and the output" : "");
            }
            byte[] p = f.payload();
            int nameLength = p[0] & 0xFF;
            String name = new String(p, 1, nameLength, StandardCharsets.UTF_8);
            byte[] board = Arrays.copyOfRange(p, 1 + nameLength, p.length);
            LayerTrace sim = expected.stream().filter(t -> t.layer().equals(name)).findFirst().orElse(null);
            if (sim == null) {
                return "the board traced a layer '" + name + "' that the simulator does not have";
            }
            byte[] simBytes = sim.q15() ? WeightBlob.bytes(sim.data15()) : sim.data();
            // The C's trace hook sends a layer's bytes (two per q15 value): whole unless it hit the frame limit.
            if (board.length < simBytes.length && p.length < SerialProtocol.MAX_PAYLOAD) {
                return String.format(Locale.ROOT, "layer %d '%s' arrived with %d bytes, the simulator's has %d",
                        layers, name, board.length, simBytes.length);
            }
            for (int k = 0; k < board.length; k++) {
                if (k >= simBytes.length || board[k] != simBytes[k]) {
                    int count = 0;
                    for (int j = k; j < Math.min(board.length, simBytes.length); j++) {
                        count += board[j] != simBytes[j] ? 1 : 0;
                    }
                    return String.format(Locale.ROOT, "layer %d '%s' (%s) is the first whose output differs: %d of "
                            + "%d bytes, first at byte %d: board %d, simulator %s", layers, name, sim.kind(), count,
                            board.length, k, board[k], k < simBytes.length ? String.valueOf(simBytes[k]) : "none");
                }
            }
            layers++;
        }
    }

    /** Reads the answer to image {@code i}; null when it was a RESULT (recorded), else why not. */
    private BoardFailure answer(FrameReader reader, int seq, int i, ValidationResult.Builder result)
            throws IOException {
        long deadline = System.nanoTime() + options.inference().toNanos();
        Frame f;
        try {
            f = reader.read(deadline);
        } catch (BoardException e) {
            String what = e.kind() == BoardFailure.Kind.TIMEOUT
                    ? "no answer within " + options.inference().toMillis() + " ms (" + e.getMessage() + ")"
                    : e.getMessage();
            return new BoardFailure(e.kind(), i, what);
        }
        if (f.type() == SerialProtocol.INFO && f.seq() == 0) {
            return new BoardFailure(BoardFailure.Kind.RESET, i, "the board sent its boot INFO while image " + i
                    + " was pending: it was reset (watchdog, fault handler, power or a debugger)");
        }
        if (f.type() == SerialProtocol.ERROR) {
            return new BoardFailure(BoardFailure.Kind.BOARD_ERROR, i, SerialProtocol.errorText(f.payload()));
        }
        if (f.type() != SerialProtocol.RESULT || f.seq() != seq) {
            return new BoardFailure(BoardFailure.Kind.PROTOCOL, i, "expected RESULT seq " + seq + ", got " + f
                    + " (a stale or duplicated answer)");
        }
        byte[] p = f.payload();
        if (p.length != 4 + simulator.outputSize()) {
            return new BoardFailure(BoardFailure.Kind.PROTOCOL, i, "RESULT of " + p.length + " bytes, expected "
                    + (4 + simulator.outputSize()));
        }
        long cycles = ByteBuffer.wrap(p, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        result.answer(Arrays.copyOfRange(p, 4, p.length), cycles);
        return null;
    }
}
