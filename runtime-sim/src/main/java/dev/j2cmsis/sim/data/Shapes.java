package dev.j2cmsis.sim.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Shape arithmetic shared by the readers and the value classes. */
final class Shapes {
    private Shapes() {}

    /**
     * Number of elements of {@code shape}; -1 when a dimension is negative, -2 when the product does not
     * fit a Java array index.
     */
    static long product(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                return -2;
            }
        }
        return n;
    }

    /** {@code [2, 3]}, or {@code []} for a scalar. */
    static String format(int[] shape) {
        return Arrays.stream(shape).mapToObj(d -> String.format(Locale.ROOT, "%d", d))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The element count of {@code shape}, or an IllegalArgumentException saying why it is not usable. */
    static int checkedSize(int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape is null");
        }
        long n = product(shape);
        if (n == -1) {
            throw new IllegalArgumentException("shape " + format(shape) + " has a negative dimension");
        }
        if (n == -2) {
            throw new IllegalArgumentException("shape " + format(shape)
                    + " has more elements than a Java array can hold");
        }
        return (int) n;
    }
}
