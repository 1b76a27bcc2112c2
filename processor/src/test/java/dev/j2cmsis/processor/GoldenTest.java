package dev.j2cmsis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.processor.testing.TestNets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated C and Java of the test networks, compared as exact text with the files under
 * {@code src/test/resources/golden/}, so every change of output shows in a review's diff. Run with
 * {@code -Dj2cmsis.regenerateGoldens=true} to rewrite them (then read the diff).
 */
class GoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final boolean REGENERATE = Boolean.getBoolean("j2cmsis.regenerateGoldens");

    /** Generated text files (C, headers, Java sources) by their name, and the binary resources by name. */
    static Map<String, byte[]> generated(TestNets net, Path tmp) throws IOException {
        Path cp = net.writeResources(tmp.resolve("cp"));
        Compilation c = Fixtures.compile(cp, net.source());
        assertThat(c).succeeded();
        Path dump = Fixtures.dump(c, tmp.resolve("out"));
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dump)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".class")) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    @ParameterizedTest
    @EnumSource(TestNets.class)
    void generatedFilesMatchGoldens(TestNets net, @TempDir Path tmp) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(net.golden(), () -> "skipped: " + net + " has no golden files");
        Map<String, byte[]> files = generated(net, tmp);
        Path dir = GOLDEN.resolve(net.pkg());
        List<String> textual = files.keySet().stream()
                .filter(n -> n.endsWith(".c") || n.endsWith(".h") || n.endsWith(".java") || n.endsWith(".md")).toList();
        assertTrue(textual.size() >= 8, "expected C, headers and Java sources, got " + files.keySet());
        if (REGENERATE) {
            Files.createDirectories(dir);
            for (String n : textual) {
                Files.write(dir.resolve(n + ".golden"), files.get(n));
            }
            return;
        }
        for (String n : textual) {
            Path golden = dir.resolve(n + ".golden");
            assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dj2cmsis.regenerateGoldens=true");
            assertEquals(Files.readString(golden), new String(files.get(n), StandardCharsets.UTF_8),
                    n + " differs from " + golden + " (regenerate with -Dj2cmsis.regenerateGoldens=true and review the diff)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path g : s.toList()) {
                String n = g.getFileName().toString().replace(".golden", "");
                assertTrue(files.containsKey(n), "golden " + g + " is no longer generated");
            }
        }
    }

    @Test
    void outputIsDeterministic(@TempDir Path tmp) throws IOException {
        for (TestNets net : TestNets.values()) {
            Map<String, byte[]> a = generated(net, tmp.resolve(net + "-a"));
            Map<String, byte[]> b = generated(net, tmp.resolve(net + "-b"));
            assertEquals(a.keySet(), b.keySet());
            for (String n : a.keySet()) {
                assertTrue(java.util.Arrays.equals(a.get(n), b.get(n)), n + " differs between two identical builds");
            }
        }
    }
}
