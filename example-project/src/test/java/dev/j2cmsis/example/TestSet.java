package dev.j2cmsis.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The test images, their q7 inputs and the simulator's outputs, loaded once for all tests of the module. */
final class TestSet {
    static final Path DATA = Path.of(System.getProperty("j2cmsis.data", "data"));
    static final Path GENERATED = Path.of(System.getProperty("j2cmsis.generated",
            "target/generated-sources/annotations/dev/j2cmsis/example"));

    private static FashionMnist set;
    private static List<byte[]> inputs;
    private static List<byte[]> outputs;

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

    /** q7 inputs of all test images, as the simulator quantizes them. */
    static synchronized List<byte[]> q7Inputs() {
        if (inputs == null) {
            FashionLeNetQ7 q = new FashionLeNetQ7();
            inputs = new ArrayList<>();
            for (float[] x : images().images()) {
                inputs.add(q.quantizeInput(x));
            }
        }
        return inputs;
    }

    /** The simulator's q7 outputs for {@link #q7Inputs()}. */
    static synchronized List<byte[]> simulatorOutputs() {
        if (outputs == null) {
            FashionLeNetQ7 q = new FashionLeNetQ7();
            outputs = q7Inputs().stream().map(q::run).toList();
        }
        return outputs;
    }

    /** Writes the first n records of inputs and simulator outputs as the harness's file-mode inputs. */
    static void writeRecords(Path dir, int n) throws IOException {
        Files.write(dir.resolve("inputs.bin"), concat(q7Inputs().subList(0, n)));
        Files.write(dir.resolve("expected.bin"), concat(simulatorOutputs().subList(0, n)));
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
