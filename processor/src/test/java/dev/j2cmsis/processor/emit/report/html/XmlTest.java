package dev.j2cmsis.processor.emit.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XmlTest {
    /** The definition {@link Xml#px} had with a Formatter, which it must still give digit for digit. */
    private static String pxByFormat(double v) {
        double r = Math.round(v * 10) / 10.0;
        if (r == 0) {
            return "0";
        }
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.1f", r);
    }

    @Test
    void coordinatesAreThoseOfTheFormatter() {
        Random r = new Random(5);
        double[] special = {0.0, -0.0, 0.05, -0.05, 0.04999999, -0.04999999, 0.95, -0.95, 9.95, -9.95, 99.96, 1e15,
                -1e15, 4.5035996273704955E14, 4.503599627370497E14, 1e17, -1e17, 1e19, -1e19, Double.MAX_VALUE,
                -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};
        for (double v : special) {
            assertEquals(pxByFormat(v), Xml.px(v), "px(" + v + ")");
        }
        for (int i = 0; i < 200_000; i++) {
            double scale = Math.pow(10, r.nextInt(20) - 4);
            double v = (r.nextDouble() * 2 - 1) * scale;
            if (i % 3 == 0) {
                v = Math.round(v * 20) / 20.0;   // halves of a tenth: the rounding ties
            }
            assertEquals(pxByFormat(v), Xml.px(v), "px(" + v + ")");
        }
    }
}
