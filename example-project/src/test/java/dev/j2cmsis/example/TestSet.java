package dev.j2cmsis.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Fashion-MNIST test images, loaded once for all tests of the module. */
final class TestSet {
    static final Path DATA = Path.of(System.getProperty("j2cmsis.data", "data"));
    static final Path GENERATED = Path.of(System.getProperty("j2cmsis.generated",
            "target/generated-sources/annotations/dev/j2cmsis/example"));

    private static FashionMnist set;

    private TestSet() {
    }

    static synchronized FashionMnist images() {
        if (set == null) {
            try {
                set = FashionMnist.testSet(DATA);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return set;
    }

    static byte[] concat(List<byte[]> records) {
        int size = records.isEmpty() ? 0 : records.get(0).length;
        byte[] out = new byte[records.size() * size];
        for (int i = 0; i < records.size(); i++) {
            System.arraycopy(records.get(i), 0, out, i * size, size);
        }
        return out;
    }

    static List<byte[]> split(byte[] all, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i + size <= all.length; i += size) {
            out.add(java.util.Arrays.copyOfRange(all, i, i + size));
        }
        return out;
    }
}
