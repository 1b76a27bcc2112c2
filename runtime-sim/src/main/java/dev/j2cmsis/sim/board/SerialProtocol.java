package dev.j2cmsis.sim.board;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The j2cmsis serial protocol, version 1: constants and frame encoding, the host-side twin of
 * {@code j2cmsis_serial.h/.c} (whose values these must equal; a test checks them against the C header).
 *
 * <p>A frame is {@code A5 5A type seq len(u16) payload[len] crc(u32)}, little-endian, the CRC-32 (IEEE 802.3,
 * as {@link CRC32}) taken over type, seq, len and payload. The host sends HELLO or INFER and waits for the
 * answer with the same seq (stop-and-wait); the board also sends an INFO with seq 0 when it boots, which tells
 * the host that the board was reset. README.md ("Validate on a board over serial") has the full table.
 */
public final class SerialProtocol {
    public static final int VERSION = 1;
    public static final int SYNC0 = 0xA5;
    public static final int SYNC1 = 0x5A;
    /** Sync, type, seq, length. */
    public static final int HEADER_BYTES = 6;
    public static final int CRC_BYTES = 4;
    public static final int MAX_PAYLOAD = 0xFFFF;

    public static final int HELLO = 0x01;
    public static final int INFER = 0x02;
    public static final int TRACE = 0x03;
    public static final int INFO = 0x81;
    public static final int RESULT = 0x82;
    public static final int LAYER = 0x83;
    public static final int ERROR = 0xEE;

    /** INFO flag: RESULT frames carry measured cycles. */
    public static final int FLAG_CYCLES = 0x01;
    /** INFO flag: TRACE requests are answered with a LAYER frame per layer. */
    public static final int FLAG_TRACE = 0x02;
    /** RESULT cycles when the firmware has no cycle counter. */
    public static final long NO_CYCLES = 0xFFFFFFFFL;

    public static final int ERR_CRC = 1;
    public static final int ERR_LENGTH = 2;
    public static final int ERR_TYPE = 3;
    public static final int ERR_RUN = 4;

    /** Bytes of an INFO payload. */
    public static final int INFO_BYTES = 16;

    private SerialProtocol() {
    }

    /** The bytes of a frame on the wire. */
    public static byte[] encode(Frame f) {
        byte[] p = f.payload();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + p.length + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) SYNC0).put((byte) SYNC1).put((byte) f.type()).put((byte) f.seq()).putShort((short) p.length)
                .put(p);
        b.putInt((int) crc32(b.array(), 2, HEADER_BYTES - 2 + p.length));
        return b.array();
    }

    public static long crc32(byte[] data, int offset, int length) {
        CRC32 c = new CRC32();
        c.update(data, offset, length);
        return c.getValue();
    }

    /**
     * What a board says about itself in INFO.
     *
     * @param networkId the firmware's {@code <NET>_NETWORK_ID}, see {@link dev.j2cmsis.sim.runtime.NetworkId}
     */
    public record BoardInfo(int version, int flags, int networkId, long inputSize, long outputSize) {
        public boolean reportsCycles() {
            return (flags & FLAG_CYCLES) != 0;
        }

        public boolean tracesLayers() {
            return (flags & FLAG_TRACE) != 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "protocol v%d, network id %08x, input %d bytes, output %d bytes%s",
                    version, networkId, inputSize, outputSize, reportsCycles() ? ", cycles" : "")
                    + (tracesLayers() ? ", layer trace" : "");
        }
    }

    /** Decodes an INFO payload; null when it is not {@value #INFO_BYTES} bytes. */
    public static BoardInfo info(byte[] payload) {
        if (payload.length != INFO_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get() & 0xFF;
        int flags = b.get() & 0xFF;
        b.getShort();
        return new BoardInfo(version, flags, b.getInt(), b.getInt() & 0xFFFFFFFFL, b.getInt() & 0xFFFFFFFFL);
    }

    /** An INFO frame as a board sends it; for fake boards in tests. */
    public static Frame infoFrame(int seq, BoardInfo i) {
        ByteBuffer b = ByteBuffer.allocate(INFO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) i.version()).put((byte) i.flags()).putShort((short) 0).putInt(i.networkId())
                .putInt((int) i.inputSize()).putInt((int) i.outputSize());
        return new Frame(INFO, seq, b.array());
    }

    /** A readable account of an ERROR payload. */
    public static String errorText(byte[] payload) {
        if (payload.length != 4) {
            return "malformed ERROR frame of " + payload.length + " bytes";
        }
        int code = payload[0] & 0xFF;
        int detail = (payload[2] & 0xFF) | (payload[3] & 0xFF) << 8;
        return switch (code) {
            case ERR_CRC -> "the board received a " + typeName(detail) + " frame with a wrong CRC (line noise, or "
                    + "bytes lost to a receive overrun: check baud rate and wiring)";
            case ERR_LENGTH -> "the board rejected a payload of " + detail + " bytes (its firmware expects another "
                    + "input size)";
            case ERR_TYPE -> "the board does not know frame type 0x" + Integer.toHexString(detail);
            case ERR_RUN -> "the network's run function returned " + detail + " on the board (the 1-based index "
                    + "of the layer whose CMSIS kernel failed)";
            default -> "unknown board error " + code + " (detail " + detail + ")";
        };
    }

    static String typeName(int type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case INFER -> "INFER";
            case TRACE -> "TRACE";
            case INFO -> "INFO";
            case RESULT -> "RESULT";
            case LAYER -> "LAYER";
            case ERROR -> "ERROR";
            default -> String.format(Locale.ROOT, "type 0x%02x", type);
        };
    }
}
