package dev.j2cmsis.processor.read.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The YAML configuration reader throws only {@link ConfigException} on any bytes, in bounded time and memory.
 * Under {@code mvn verify} it runs once per file of
 * {@code src/test/resources/dev/j2cmsis/processor/read/config/ConfigFuzzTestInputs/yaml/} (the example
 * project's configurations plus broken ones); to fuzz it for up to two minutes:
 *
 * <pre>JAZZER_FUZZ=1 mvn -o -pl processor test -Dtest=ConfigFuzzTest -DargLine=-Xmx256m</pre>
 */
class ConfigFuzzTest {
    private static final Path DIR = tmp();

    private static Path tmp() {
        try {
            Path dir = Files.createTempDirectory("j2cmsis-yaml-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void yaml(byte[] data) throws IOException {
        Path file = DIR.resolve("net.yaml");
        Files.write(file, data);
        try {
            // From a file, as the processor reads it: the UTF-8 check, then the parse and every value check.
            ConfigReader.read(file, "net.yaml");
        } catch (ConfigException expected) {
            // The declared failure.
        }
    }
}
