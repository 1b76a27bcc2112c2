package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesAllValueKinds() throws TensorFormatException {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null, \"x\\\"\\\\\\/\\n\\u00e9\"], \"b\": {}} ", "t");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(3.5, a.get(2));
        assertEquals(1000.0, a.get(3));
        assertEquals(true, a.get(4));
        assertEquals(false, a.get(5));
        assertNull(a.get(6));
        assertEquals("x\"\\/\n\u00e9", a.get(7));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(9.3e18, Json.parse("9300000000000000000", "t"));
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : Arrays.asList("{", "{\"a\" 1}", "[1,]", "01", "\"\\x\"", "\"abc", "tru", "{} x", "[1 2]",
                "-", "1.", "\"a\nb\"", "[".repeat(100))) {
            assertThrows(TensorFormatException.class, () -> Json.parse(bad, "t"), bad);
        }
    }

    @Test
    void quotesForWriting() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.quote("a\"b\\c\n\u0001"));
    }
}
