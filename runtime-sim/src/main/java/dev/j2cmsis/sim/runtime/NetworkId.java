package dev.j2cmsis.sim.runtime;

import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/**
 * A 32-bit fingerprint of what a network computes: the CRC-32 of its input and output sizes and of its outputs
 * on {@value #PROBES} fixed pseudo-random inputs. The processor writes it into the generated C as
 * {@code <NET>_NETWORK_ID}; a host computes it from the simulator on its class path; so a board whose firmware
 * was built from other weights, another plan or another backend is caught at the serial handshake, before any
 * image is sent. Behaviour rather than weight bytes is fingerprinted because the simulator and the C hold the
 * weights in different layouts.
 */
public final class NetworkId {
    /** How many probe inputs are run. */
    public static final int PROBES = 4;
    /** Seed of the xorshift32 stream the probe inputs are drawn from ("J2CM"). */
    static final int SEED = 0x4A32434D;

    private NetworkId() {
    }

    /** The fingerprint of a generated simulator. */
    public static int of(Q7Network net) {
        return of(net::run, net.inputSize(), net.outputSize());
    }

    /**
     * The fingerprint of {@code run}, a function from {@code inputSize} int8 values to {@code outputSize}.
     *
     * @throws IllegalStateException if {@code run} returns another length
     */
    public static int of(UnaryOperator<byte[]> run, int inputSize, int outputSize) {
        CRC32 crc = new CRC32();
        crc.update(le32(inputSize));
        crc.update(le32(outputSize));
        int state = SEED;
        for (int p = 0; p < PROBES; p++) {
            byte[] input = new byte[inputSize];
            for (int i = 0; i < inputSize; i++) {
                state ^= state << 13;
                state ^= state >>> 17;
                state ^= state << 5;
                input[i] = (byte) (state >>> 24);
            }
            byte[] out = run.apply(input);
            if (out.length != outputSize) {
                throw new IllegalStateException("network returned " + out.length + " values, expected " + outputSize);
            }
            crc.update(out);
        }
        return (int) crc.getValue();
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
