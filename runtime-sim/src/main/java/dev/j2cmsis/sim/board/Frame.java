package dev.j2cmsis.sim.board;

import java.util.HexFormat;

/**
 * One frame of the serial protocol, without its sync bytes, length and CRC.
 *
 * @param type one of the {@code SerialProtocol} frame types (unsigned byte)
 * @param seq the request's sequence number, echoed in the answer (unsigned byte; 0 is the board's boot INFO)
 * @param payload the payload, at most {@link SerialProtocol#MAX_PAYLOAD} bytes
 */
public record Frame(int type, int seq, byte[] payload) {
    public Frame {
        if (type < 0 || type > 0xFF || seq < 0 || seq > 0xFF) {
            throw new IllegalArgumentException("type and seq are bytes: " + type + ", " + seq);
        }
        if (payload.length > SerialProtocol.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds "
                    + SerialProtocol.MAX_PAYLOAD);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String toString() {
        String p = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16));
        return SerialProtocol.typeName(type) + " seq " + seq + " (" + payload.length + " bytes: " + p
                + (payload.length > 16 ? "..." : "") + ")";
    }
}
