package dev.j2cmsis.sim.board;

/**
 * Why a validation run stopped before its last image.
 *
 * @param image the 0-based image whose answer was awaited, or -1 during the handshake
 */
public record BoardFailure(Kind kind, int image, String message) {
    public enum Kind {
        /** No (complete) frame before the deadline. */
        TIMEOUT,
        /** A frame with a wrong CRC or an impossible length, or bytes that never formed a frame. */
        GARBLED,
        /** The stream ended: the board, QEMU or the cable went away. */
        CLOSED,
        /** The board's boot INFO arrived while an answer was awaited: it was reset. */
        RESET,
        /** The board answered with an ERROR frame. */
        BOARD_ERROR,
        /** The board is not running this network, or speaks another protocol version. */
        HANDSHAKE,
        /** A well-formed frame that does not answer the request (stale seq, wrong type or length). */
        PROTOCOL
    }

    @Override
    public String toString() {
        return kind + (image >= 0 ? " at image " + image : " during the handshake") + ": " + message;
    }
}
