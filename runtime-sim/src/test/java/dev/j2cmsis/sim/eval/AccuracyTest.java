package dev.j2cmsis.sim.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccuracyTest {
    @Test
    void top1() {
        assertEquals(3, Accuracy.correct(new int[] {1, 2, 3, 4}, new int[] {1, 2, 0, 4}));
        assertEquals(0.75, Accuracy.top1(new int[] {1, 2, 3, 4}, new int[] {1, 2, 0, 4}));
        assertTrue(Double.isNaN(Accuracy.top1(new int[0], new int[0])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.top1(new int[2], new int[3]));
        assertTrue(e.getMessage().contains("2 predictions but 3 labels"), e.getMessage());
    }

    @Test
    void predictAllKeepsIndexOrderOnManyThreads() {
        Set<String> threadNames = Collections.synchronizedSet(new HashSet<>());
        int[] r = Accuracy.predictAll(1001, i -> {
            threadNames.add(Thread.currentThread().getName());
            return i * 3 % 10;
        }, 4);
        int[] expected = new int[1001];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i * 3 % 10;
        }
        assertArrayEquals(expected, r);
        assertArrayEquals(expected, Accuracy.predictAll(1001, i -> i * 3 % 10, 1));
        assertTrue(threadNames.stream().allMatch(n -> n.startsWith("j2cmsis-eval-")), threadNames.toString());
        assertEquals(0, Accuracy.predictAll(0, i -> 1, 4).length);
    }

    @Test
    void predictAllReportsFailures() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Accuracy.predictAll(100, i -> {
            if (i == 57) {
                throw new IllegalArgumentException("bad sample");
            }
            return 0;
        }, 3));
        assertTrue(e.getMessage().contains("bad sample"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
    }
}
