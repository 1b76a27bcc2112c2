package dev.j2cmsis.sim.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every reader of user files throws only {@link TensorFormatException} on any input, in bounded memory and
 * time. Under {@code mvn verify} each method runs once per file of its committed corpus
 * ({@code src/test/resources/dev/j2cmsis/sim/data/ReaderFuzzTestInputs/<method>/}: the fixtures plus a few
 * hostile files such as an IDX header claiming 2^31 images). To fuzz one reader for longer:
 *
 * <pre>JAZZER_FUZZ=1 mvn -o -pl runtime-sim test -Dtest=ReaderFuzzTest#idx -DargLine=-Xmx256m</pre>
 *
 * <p>Jazzer treats any other throwable, including {@link OutOfMemoryError} and {@link StackOverflowError}, as
 * a finding; a finding's input is saved under the corpus directory and then replays as a regression test.
 */
class ReaderFuzzTest {
    private static final Path TMP = tmp();

    private static Path tmp() {
        try {
            Path dir = Files.createTempDirectory("j2cmsis-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Read {
        void run() throws IOException;
    }

    /** Runs a read; its declared failure is fine, anything else propagates to Jazzer as a finding. */
    private static void declared(Read read) throws IOException {
        try {
            read.run();
        } catch (TensorFormatException expected) {
            // The declared failure.
        }
    }

    /** The bytes as a file, since the processor reads files by path (ZipFile, Files.size). */
    private static Path file(byte[] data, String name) throws IOException {
        Path p = TMP.resolve(name);
        Files.write(p, data);
        return p;
    }

    @FuzzTest(maxDuration = "2m")
    void safetensors(byte[] data) throws IOException {
        declared(() -> SafetensorsReader.readArrays(data, "fuzz.safetensors"));
        declared(() -> TensorFiles.read(file(data, "fuzz.safetensors")));
    }

    @FuzzTest(maxDuration = "2m")
    void npy(byte[] data) throws IOException {
        declared(() -> NpyReader.read(data, "fuzz.npy"));
        declared(() -> NpyReader.read(new ByteArrayInputStream(data), "fuzz.npy"));
    }

    @FuzzTest(maxDuration = "2m")
    void npz(byte[] data) throws IOException {
        declared(() -> NpzReader.read(data, "fuzz.npz"));
        declared(() -> NpzReader.read(file(data, "fuzz.npz")));
    }

    @FuzzTest(maxDuration = "2m")
    void idx(byte[] data) throws IOException {
        readIdx(data);
    }

    /** As {@link #idx}, with the gzip magic forced so the mutations exercise the gzip path. */
    @FuzzTest(maxDuration = "2m")
    void gz(byte[] data) throws IOException {
        byte[] gz = data.clone();
        if (gz.length >= 2) {
            gz[0] = 0x1F;
            gz[1] = (byte) 0x8B;
        }
        readIdx(gz);
    }

    private static void readIdx(byte[] data) throws IOException {
        // The sample limit the YAML's calibration.samples gives, derived from the input so both the
        // whole-file and the stop-early paths are explored.
        int limit = data.length == 0 ? 1 : (data[data.length - 1] & 3);
        int max = limit == 3 ? Integer.MAX_VALUE : limit;
        declared(() -> IdxReader.read(new ByteArrayInputStream(data), "fuzz-idx", max));
        declared(() -> IdxReader.read(file(data, "fuzz-idx"), 1));
    }
}
