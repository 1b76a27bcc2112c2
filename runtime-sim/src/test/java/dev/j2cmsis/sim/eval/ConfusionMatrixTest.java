package dev.j2cmsis.sim.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    @Test
    void countsAndRates() {
        ConfusionMatrix m = ConfusionMatrix.of(3, new int[] {0, 0, 1, 1, 1, 2}, new int[] {0, 1, 1, 1, 0, 2});
        assertEquals(6, m.total());
        assertEquals(4, m.correct());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(1, m.count(1, 0));
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 1.0}, m.perClassRecall(), 1e-12);
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 1.0}, m.perClassPrecision(), 1e-12);
        ConfusionMatrix empty = new ConfusionMatrix(2);
        assertTrue(Double.isNaN(empty.accuracy()));
        assertTrue(Double.isNaN(empty.perClassRecall()[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(3, 0));
        assertTrue(e.getMessage().contains("label 3 is outside 0..2"), e.getMessage());
    }

    @Test
    void rendersFixedWidth() {
        ConfusionMatrix m = ConfusionMatrix.of(3, new int[] {0, 0, 1, 1, 1, 2}, new int[] {0, 1, 1, 1, 0, 2});
        String expected = ""
                + "true\\pred    0   1   2   recall\n"
                + "0            1   1   0   50.00%\n"
                + "1            1   2   0   66.67%\n"
                + "2            0   0   1  100.00%\n"
                + "accuracy 66.67% (4/6)\n";
        assertEquals(expected, m.render());
        assertEquals(expected, m.toString());
    }
}
