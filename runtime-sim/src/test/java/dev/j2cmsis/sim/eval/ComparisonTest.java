package dev.j2cmsis.sim.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void identicalArrays() {
        Comparison.Report r = Comparison.compare(new byte[] {1, -2, 3}, new byte[] {1, -2, 3});
        assertTrue(r.identical());
        assertTrue(r.firstMismatch().isEmpty());
        assertEquals("identical: 3 elements in 1 output(s)\n", r.render());
    }

    @Test
    void reportsMismatchesAsSignedQ7() {
        Comparison.Report r = Comparison.compareAll(
                List.of(new byte[] {0, 1, 2}, new byte[] {127, -128}, new byte[] {5}),
                List.of(new byte[] {0, 1, 3}, new byte[] {126, 127}, new byte[] {5}), 2);
        assertFalse(r.identical());
        assertEquals(3, r.items());
        assertEquals(6, r.compared());
        assertEquals(3, r.mismatches());
        assertEquals(2, r.itemsWithMismatch());
        assertEquals(255, r.maxAbsDiff());
        assertEquals(new Comparison.Mismatch(0, 2, 2, 3), r.firstMismatch().orElseThrow());
        assertEquals(new Comparison.Mismatch(1, 0, 127, 126), r.first().get(1));
        assertEquals(""
                + "3 of 6 elements differ (50.0000%) in 2 of 3 output(s), max |diff| 255\n"
                + "  output 0 [2]: expected 2, actual 3 (diff +1)\n"
                + "  output 1 [0]: expected 127, actual 126 (diff -1)\n"
                + "  ... 1 more\n", r.render());
    }

    @Test
    void lengthAndCountDifferencesAreProblems() {
        Comparison.Report r = Comparison.compareAll(List.of(new byte[] {1, 2}, new byte[] {3}),
                List.of(new byte[] {1, 2, 9}));
        assertFalse(r.identical());
        assertEquals(0, r.mismatches());
        assertEquals(List.of("expected 2 outputs, actual 1; compared the first 1",
                "output 0: expected 2 elements, actual 3; compared the first 2"), r.problems());
    }
}
