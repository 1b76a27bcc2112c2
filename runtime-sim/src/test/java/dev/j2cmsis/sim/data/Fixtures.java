package dev.j2cmsis.sim.data;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the committed fixtures written by {@code src/test/python/make_fixtures.py}. */
public final class Fixtures {
    private Fixtures() {}

    /** The fixture at {@code relative} under {@code fixtures/}, e.g. {@code "npy/f4_v1.npy"}. */
    public static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/" + relative);
        if (url == null) {
            throw new IllegalStateException("fixture " + relative + " is missing; run "
                    + "src/test/python/make_fixtures.py (see its header)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
