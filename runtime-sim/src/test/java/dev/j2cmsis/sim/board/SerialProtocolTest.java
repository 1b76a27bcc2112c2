package dev.j2cmsis.sim.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SerialProtocolTest {
    static final long FAR = Long.MAX_VALUE / 2;

    @Test
    void crcIsIeee802_3() {
        // The standard check value of CRC-32/ISO-HDLC.
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xCBF43926L, SerialProtocol.crc32(check, 0, check.length));
    }

    @Test
    void encodesTheDocumentedLayout() {
        byte[] wire = SerialProtocol.encode(new Frame(SerialProtocol.INFER, 7, new byte[] {1, 2, 3}));
        // A5 5A | type 02 | seq 07 | length 03 00 | payload | CRC-32 of 02 07 03 00 01 02 03, little-endian
        assertEquals("a55a020703000102", HexFormat.of().formatHex(wire, 0, 8).substring(0, 16));
        byte[] covered = {2, 7, 3, 0, 1, 2, 3};
        long crc = SerialProtocol.crc32(covered, 0, covered.length);
        assertEquals(crc, (wire[9] & 0xFFL) | (wire[10] & 0xFFL) << 8 | (wire[11] & 0xFFL) << 16
                | (wire[12] & 0xFFL) << 24);
        assertEquals(13, wire.length);
    }

    @Test
    void roundTripsThroughTheReaderSplitIntoSmallReads() throws IOException {
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 37);
        }
        ByteArrayTransport t = new ByteArrayTransport().add(SerialProtocol.encode(new Frame(0x82, 200, payload)))
                .add(SerialProtocol.encode(new Frame(0x01, 1, new byte[0])));
        FrameReader r = new FrameReader(t, 1024, 16);
        Frame f = r.read(System.nanoTime() + FAR);
        assertEquals(0x82, f.type());
        assertEquals(200, f.seq());
        assertArrayEquals(payload, f.payload());
        assertEquals(0, r.read(System.nanoTime() + FAR).payload().length);
        assertTrue(t.reads > 100, "the transport handed out at most 3 bytes a read");
    }

    @Test
    void infoRoundTrips() {
        SerialProtocol.BoardInfo i = new SerialProtocol.BoardInfo(1, 1, 0x8B12E487, 784, 10);
        Frame f = SerialProtocol.infoFrame(0, i);
        assertEquals(i, SerialProtocol.info(f.payload()));
        assertTrue(SerialProtocol.info(new byte[3]) == null);
    }

    @Test
    void frameChecksItsFields() {
        assertThrows(IllegalArgumentException.class, () -> new Frame(256, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Frame(1, -1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Frame(1, 0, new byte[SerialProtocol.MAX_PAYLOAD + 1]));
    }

    /** The Java constants and the C header of the board side must agree; a drift would break every board. */
    @Test
    void constantsEqualTheCHeader() throws IOException {
        String header;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/j2cmsis/sim/c/j2cmsis_serial.h")) {
            assertNotNull(in);
            header = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Map<String, Long> java = Map.ofEntries(Map.entry("VERSION", (long) SerialProtocol.VERSION),
                Map.entry("SYNC0", (long) SerialProtocol.SYNC0), Map.entry("SYNC1", (long) SerialProtocol.SYNC1),
                Map.entry("HELLO", (long) SerialProtocol.HELLO), Map.entry("INFER", (long) SerialProtocol.INFER),
                Map.entry("TRACE", (long) SerialProtocol.TRACE), Map.entry("LAYER", (long) SerialProtocol.LAYER),
                Map.entry("FLAG_TRACE", (long) SerialProtocol.FLAG_TRACE),
                Map.entry("INFO", (long) SerialProtocol.INFO), Map.entry("RESULT", (long) SerialProtocol.RESULT),
                Map.entry("ERROR", (long) SerialProtocol.ERROR),
                Map.entry("FLAG_CYCLES", (long) SerialProtocol.FLAG_CYCLES),
                Map.entry("ERR_CRC", (long) SerialProtocol.ERR_CRC),
                Map.entry("ERR_LENGTH", (long) SerialProtocol.ERR_LENGTH),
                Map.entry("ERR_TYPE", (long) SerialProtocol.ERR_TYPE),
                Map.entry("ERR_RUN", (long) SerialProtocol.ERR_RUN),
                Map.entry("NO_CYCLES", SerialProtocol.NO_CYCLES));
        Matcher m = Pattern.compile("#define J2CMSIS_SERIAL_(\\w+) (0x[0-9A-Fa-f]+|\\d+)u").matcher(header);
        int seen = 0;
        while (m.find()) {
            Long expected = java.get(m.group(1));
            assertNotNull(expected, "C constant J2CMSIS_SERIAL_" + m.group(1) + " has no Java twin");
            assertEquals(expected, Long.decode(m.group(2)), m.group(1));
            seen++;
        }
        assertEquals(java.size(), seen);
    }
}
