package dev.j2cmsis.sim.board;

import dev.j2cmsis.sim.runtime.LayerTrace;
import dev.j2cmsis.sim.runtime.NetworkId;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * A board in Java for tests without QEMU: answers the serial protocol like j2cmsis_serial.c, with faults on
 * request. Reads are served from what the board has queued; an empty queue waits out the deadline.
 */
final class FakeBoard implements Transport {
    /** A small network: out[k] = in[k] + in[k + 4], wrapping; traced as layers "lo" (in[0..3]) and "add". */
    static final class AddNet implements Q7Network {
        @Override
        public byte[] run(byte[] in) {
            byte[] out = new byte[4];
            for (int k = 0; k < 4; k++) {
                out[k] = (byte) (in[k] + in[k + 4]);
            }
            return out;
        }

        @Override
        public List<LayerTrace> trace(byte[] input) {
            return List.of(new LayerTrace("lo", "copy", new int[] {4}, 0, Arrays.copyOf(input, 4)),
                    new LayerTrace("add", "add", new int[] {4}, 0, run(input)));
        }

        @Override
        public byte[] quantizeInput(float[] chw) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int predict(float[] chw) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int inputSize() {
            return 8;
        }

        @Override
        public int outputSize() {
            return 4;
        }

        @Override
        public String cName() {
            return "add_net";
        }
    }

    /** ARITH: layer "lo" is off by one in element 1 for every image, so every later layer differs too. */
    enum Fault { NONE, CORRUPT, STALL, RESET, GARBLE, ERROR, STALE, WRONG_ID, SILENT, NOISE, ARITH }

    private final Q7Network net = new AddNet();
    private final ArrayDeque<Byte> queue = new ArrayDeque<>();
    private final ByteArrayTransport requests = new ByteArrayTransport();
    private final FrameReader reader = new FrameReader(requests, 1024, 1 << 20);
    private final Fault fault;
    private final int at;
    private int inferences;
    private boolean stalled;
    int cycles = -1;
    boolean traces;

    FakeBoard(Fault fault, int at) {
        this.fault = fault;
        this.at = at;
        if (fault == Fault.NOISE) {
            for (int i = 0; i < 10; i++) {
                queue.add((byte) (0x30 + i));
            }
        }
        if (fault != Fault.SILENT) {
            queue(SerialProtocol.encode(info(0)));
        }
    }

    private Frame info(int seq) {
        int id = fault == Fault.WRONG_ID ? NetworkId.of(net) ^ 1 : NetworkId.of(net);
        int flags = (cycles >= 0 ? SerialProtocol.FLAG_CYCLES : 0) | (traces ? SerialProtocol.FLAG_TRACE : 0);
        return SerialProtocol.infoFrame(seq, new SerialProtocol.BoardInfo(1, flags, id, 8, 4));
    }

    private void queue(byte[] bytes) {
        for (byte b : bytes) {
            queue.add(b);
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        requests.add(data);
        while (requests.available() > 0) {
            Frame f = reader.read(System.nanoTime() + 1_000_000_000L);
            answer(f);
        }
    }

    private void answer(Frame f) {
        if (fault == Fault.SILENT || stalled) {
            return;
        }
        if (f.type() == SerialProtocol.HELLO) {
            queue(SerialProtocol.encode(info(f.seq())));
            return;
        }
        int n = inferences++;
        if (n == at) {
            switch (fault) {
                case STALL -> {
                    stalled = true;
                    return;
                }
                case RESET -> {
                    queue(SerialProtocol.encode(info(0)));
                    return;
                }
                case ERROR -> {
                    queue(SerialProtocol.encode(new Frame(SerialProtocol.ERROR, f.seq(), new byte[] {4, 0, 3, 0})));
                    return;
                }
                default -> {
                }
            }
        }
        byte[] in = f.payload();
        if (fault == Fault.ARITH) {
            in[1]++;
        }
        if (f.type() == SerialProtocol.TRACE) {
            for (LayerTrace t : net.trace(in)) {
                byte[] name = t.layer().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ByteBuffer p = ByteBuffer.allocate(1 + name.length + t.data().length).put((byte) name.length)
                        .put(name).put(t.data());
                queue(SerialProtocol.encode(new Frame(SerialProtocol.LAYER, f.seq(), p.array())));
            }
        }
        byte[] out = net.run(in);
        if (fault == Fault.CORRUPT && n == at) {
            out[n % 4] ^= 0x10;
        }
        ByteBuffer p = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(cycles >= 0 ? cycles + n : -1)
                .put(out);
        byte[] frame = SerialProtocol.encode(new Frame(SerialProtocol.RESULT,
                fault == Fault.STALE && n == at ? f.seq() ^ 0x40 : f.seq(), p.array()));
        if (fault == Fault.GARBLE && n == at) {
            frame[7] ^= 0x01;
        }
        queue(frame);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        if (queue.isEmpty()) {
            long wait = deadlineNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new BoardException(BoardFailure.Kind.TIMEOUT, "fake board has nothing to say");
        }
        int n = 0;
        while (n < length && !queue.isEmpty()) {
            buffer[offset + n++] = queue.poll();
        }
        return n;
    }

    @Override
    public String describe() {
        return "fake:" + fault + "@" + at;
    }

    @Override
    public void close() {
    }
}
