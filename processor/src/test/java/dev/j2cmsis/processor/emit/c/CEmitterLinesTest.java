package dev.j2cmsis.processor.emit.c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The array initializer lines of the generated C, against their definition through {@code StringBuilder}. */
class CEmitterLinesTest {
    /** The definition: 16 values a line, ", " after every value but the last, trailing blanks stripped. */
    private static List<String> definition(int[] d) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < d.length; i += 16) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < Math.min(d.length, i + 16); j++) {
                sb.append(d[j]);
                if (j + 1 < d.length) {
                    sb.append(", ");
                }
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    @Test
    void intsOfEveryLengthAndMagnitudeAreWrittenAsByTheDefinition() {
        Random r = new Random(5);
        for (int n = 0; n <= 50; n++) {
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                d[i] = switch (r.nextInt(6)) {
                    case 0 -> Integer.MIN_VALUE + r.nextInt(3);
                    case 1 -> Integer.MAX_VALUE - r.nextInt(3);
                    case 2 -> r.nextInt(21) - 10;
                    case 3 -> r.nextInt(256) - 128;
                    default -> r.nextInt() >> r.nextInt(32);
                };
            }
            assertEquals(definition(d), CEmitter.lines(d), "length " + n);
        }
    }

    @Test
    void bytesAndShortsAreWrittenAsTheirValues() {
        byte[] b = new byte[256];
        short[] s = new short[65536];
        int[] bi = new int[b.length];
        int[] si = new int[s.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
            bi[i] = b[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) i;
            si[i] = s[i];
        }
        assertEquals(definition(bi), CEmitter.lines(b));
        assertEquals(definition(si), CEmitter.lines(s));
    }
}
