package dev.j2cmsis.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class NetworkIdTest {
    static final UnaryOperator<byte[]> SUM = in -> {
        int s = 0;
        for (byte b : in) {
            s += b;
        }
        return new byte[] {(byte) s, (byte) (s >> 8)};
    };

    @Test
    void deterministicAndSensitiveToOneOutputByteOfOneProbe() {
        int id = NetworkId.of(SUM, 50, 2);
        assertEquals(id, NetworkId.of(SUM, 50, 2));
        AtomicInteger calls = new AtomicInteger();
        UnaryOperator<byte[]> lastProbeDiffers = in -> {
            byte[] o = SUM.apply(in);
            if (calls.incrementAndGet() == NetworkId.PROBES) {
                o[1] ^= 1;
            }
            return o;
        };
        assertNotEquals(id, NetworkId.of(lastProbeDiffers, 50, 2));
        assertEquals(NetworkId.PROBES, calls.get());
    }

    @Test
    void sizesAreFingerprintedAndProbesVary() {
        assertNotEquals(NetworkId.of(in -> new byte[2], 50, 2), NetworkId.of(in -> new byte[2], 51, 2));
        // A network that ignores its input cannot tell probes apart; one that copies it sees four different ones.
        byte[][] seen = new byte[NetworkId.PROBES][];
        AtomicInteger i = new AtomicInteger();
        NetworkId.of(in -> {
            seen[i.getAndIncrement()] = in.clone();
            return new byte[1];
        }, 16, 1);
        for (int a = 0; a < seen.length; a++) {
            for (int b = a + 1; b < seen.length; b++) {
                assertNotEquals(java.util.Arrays.toString(seen[a]), java.util.Arrays.toString(seen[b]));
            }
        }
        assertThrows(IllegalStateException.class, () -> NetworkId.of(in -> new byte[3], 4, 2));
    }
}
