package dev.j2cmsis.processor.quant.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeMethodTest {

    @Test
    void textRoundTrips() {
        for (RangeMethod m : List.of(RangeMethod.minmax(), RangeMethod.percentile(99.99), RangeMethod.percentile(100),
                RangeMethod.kld(), new RangeMethod.Kld(6))) {
            assertEquals(m, RangeMethod.parse(m.text()));
        }
        assertEquals("percentile(99.99)", RangeMethod.percentile(99.99).text());
        assertEquals("percentile(100)", RangeMethod.percentile(100).text());
        assertEquals("kld", RangeMethod.kld().text());
        assertEquals("kld(6)", new RangeMethod.Kld(6).text());
        assertEquals(RangeMethod.percentile(99.9), RangeMethod.parse(" percentile( 99.9 ) "));
    }

    @Test
    void rejectsBadMethods() {
        for (String s : List.of("max", "percentile", "percentile()", "percentile(0)", "percentile(101)",
                "percentile(x)", "kld(-1)", "kld(1.5)")) {
            assertThrows(IllegalArgumentException.class, () -> RangeMethod.parse(s), s);
        }
    }
}
