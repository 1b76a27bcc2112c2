package dev.j2cmsis.sim.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.j2cmsis.sim.runtime.NetworkId;
import dev.j2cmsis.sim.testing.NativeToolchain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C board side (j2cmsis_serial.c, built with host gcc and a file "UART") against the Java host side: the same
 * frames, CRCs and error frames, and the test-only fault defines doing what they say. No QEMU needed.
 */
class SerialCTest {
    static final long FAR = Long.MAX_VALUE / 2;
    static final FakeBoard.AddNet NET = new FakeBoard.AddNet();

    @TempDir
    static Path dir;

    @BeforeAll
    static void gcc() {
        Optional<String> missing = NativeToolchain.hostGccMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
    }

    static Path resource(String name) throws IOException {
        Path dst = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = SerialCTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            Files.copy(in, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dst;
    }

    /** Builds the host board with {@code defines}, feeds it {@code requests} and decodes every answer. */
    static List<Frame> exchange(String name, List<String> defines, byte[] requests) throws IOException {
        resource("dev/j2cmsis/sim/c/j2cmsis_serial.h");
        resource("dev/j2cmsis/sim/c/j2cmsis_portable.h");
        // The CMSDK board support is built too, undefined: it must compile to nothing beside another BSP. The
        // portable file is always compiled with the serial board side: it has the cycle counter.
        List<Path> sources = List.of(resource("dev/j2cmsis/sim/c/j2cmsis_serial.c"),
                resource("dev/j2cmsis/sim/c/j2cmsis_portable.c"),
                resource("dev/j2cmsis/sim/c/j2cmsis_bsp_cmsdk_uart.c"),
                resource("dev/j2cmsis/sim/board/serial_host_board.c"));
        List<String> d = new ArrayList<>(defines);
        d.add("ADD_NET_ID=" + NetworkId.of(NET) + "u");
        NativeToolchain tc = NativeToolchain.defaults();
        Path exe = tc.compileHost(dir.resolve(name), sources, List.of(dir), d, List.of("-pedantic"));
        Files.write(dir.resolve(name + ".in"), requests);
        tc.runHost(exe, List.of(name + ".in", name + ".out"), dir, Duration.ofSeconds(30)).requireSuccess();
        ByteArrayTransport answers = new ByteArrayTransport().add(Files.readAllBytes(dir.resolve(name + ".out")))
                .end();
        FrameReader reader = new FrameReader(answers, 1024, 0);
        List<Frame> frames = new ArrayList<>();
        while (answers.available() > 0) {
            frames.add(reader.read(System.nanoTime() + FAR));
        }
        return frames;
    }

    static byte[] input(int i) {
        byte[] x = new byte[8];
        for (int k = 0; k < 8; k++) {
            x[k] = (byte) (i * 13 + k * 29 - 100);
        }
        return x;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    static byte[] infer(int seq, byte[] x) {
        return SerialProtocol.encode(new Frame(SerialProtocol.INFER, seq, x));
    }

    static byte[] output(Frame result) {
        byte[] p = result.payload();
        assertEquals(SerialProtocol.RESULT, result.type());
        assertEquals(SerialProtocol.NO_CYCLES, ByteBuffer.wrap(p, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
                & 0xFFFFFFFFL, "no cycle counter on the host");
        return java.util.Arrays.copyOfRange(p, 4, p.length);
    }

    @Test
    void bootInfoHelloAndResultsEqualTheJavaSide() throws IOException {
        byte[] requests = concat(SerialProtocol.encode(new Frame(SerialProtocol.HELLO, 42, new byte[0])),
                infer(1, input(0)), infer(2, input(1)), infer(255, input(2)));
        List<Frame> f = exchange("normal", List.of(), requests);
        assertEquals(5, f.size());
        SerialProtocol.BoardInfo boot = SerialProtocol.info(f.get(0).payload());
        assertEquals(0, f.get(0).seq());
        assertEquals(new SerialProtocol.BoardInfo(1, SerialProtocol.FLAG_TRACE, NetworkId.of(NET), 8, 4), boot);
        assertEquals(SerialProtocol.INFO, f.get(1).type());
        assertEquals(42, f.get(1).seq());
        int[] seqs = {1, 2, 255};
        for (int i = 0; i < 3; i++) {
            assertEquals(seqs[i], f.get(2 + i).seq());
            assertArrayEquals(NET.run(input(i)), output(f.get(2 + i)), "image " + i);
        }
    }

    @Test
    void traceRequestsSendEveryLayerBeforeTheResult() throws IOException {
        byte[] requests = concat(infer(1, input(0)), SerialProtocol.encode(new Frame(SerialProtocol.TRACE, 2,
                input(1))));
        List<Frame> f = exchange("trace", List.of(), requests);
        assertEquals(5, f.size(), f.toString());
        assertEquals(SerialProtocol.FLAG_TRACE, SerialProtocol.info(f.get(0).payload()).flags());
        assertEquals(SerialProtocol.RESULT, f.get(1).type(), "INFER sends no layers");
        List<dev.j2cmsis.sim.runtime.LayerTrace> expected = NET.trace(input(1));
        for (int l = 0; l < 2; l++) {
            Frame layer = f.get(2 + l);
            assertEquals(SerialProtocol.LAYER, layer.type());
            assertEquals(2, layer.seq());
            byte[] p = layer.payload();
            String name = expected.get(l).layer();
            assertEquals(name.length(), p[0]);
            assertEquals(name, new String(p, 1, p[0], java.nio.charset.StandardCharsets.US_ASCII));
            assertArrayEquals(expected.get(l).data(), java.util.Arrays.copyOfRange(p, 1 + p[0], p.length));
        }
        assertArrayEquals(NET.run(input(1)), output(f.get(4)));
    }

    @Test
    void badRequestsGetErrorFramesAndTheBoardRecovers() throws IOException {
        byte[] badCrc = infer(3, input(0));
        badCrc[badCrc.length - 1] ^= 0x01;
        byte[] shortInfer = SerialProtocol.encode(new Frame(SerialProtocol.INFER, 4, new byte[5]));
        byte[] unknown = SerialProtocol.encode(new Frame(0x33, 5, new byte[0]));
        byte[] failing = new byte[8];
        failing[0] = 127;
        failing[1] = 127;
        byte[] requests = concat(badCrc, shortInfer, new byte[5 + 4], unknown, infer(6, failing), infer(7, input(7)));
        List<Frame> f = exchange("errors", List.of(), requests);
        assertEquals(6, f.size(), f.toString());
        assertError(f.get(1), 3, SerialProtocol.ERR_CRC, SerialProtocol.INFER);
        assertError(f.get(2), 4, SerialProtocol.ERR_LENGTH, 5);
        assertError(f.get(3), 5, SerialProtocol.ERR_TYPE, 0x33);
        assertError(f.get(4), 6, SerialProtocol.ERR_RUN, 9);
        assertArrayEquals(NET.run(input(7)), output(f.get(5)));
    }

    static void assertError(Frame f, int seq, int code, int detail) {
        assertEquals(SerialProtocol.ERROR, f.type(), f.toString());
        assertEquals(seq, f.seq());
        byte[] p = f.payload();
        assertEquals(code, p[0]);
        assertEquals(detail, (p[2] & 0xFF) | (p[3] & 0xFF) << 8);
    }

    @Test
    void testOnlyFaultDefinesCorruptOneByteAndStall() throws IOException {
        byte[] requests = concat(infer(1, input(0)), infer(2, input(1)), infer(3, input(2)), infer(4, input(3)));
        List<Frame> corrupt = exchange("corrupt", List.of("J2CMSIS_SERIAL_TEST_CORRUPT=2"), requests);
        assertEquals(5, corrupt.size());
        for (int i = 0; i < 4; i++) {
            byte[] expected = NET.run(input(i));
            if (i == 2) {
                expected[2] ^= 0x10;
            }
            assertArrayEquals(expected, output(corrupt.get(1 + i)), "image " + i);
        }
        List<Frame> stall = exchange("stall", List.of("J2CMSIS_SERIAL_TEST_STALL=3"), requests);
        assertEquals(4, stall.size(), "boot INFO and three answers");
    }
}
