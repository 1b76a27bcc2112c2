package dev.j2cmsis.processor.s8;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated C, Java and report of {@link S8TestNet} (cortex-m55, double rounding), compared as exact text with
 * {@code src/test/resources/golden/s8net/}; {@code -Dj2cmsis.regenerateGoldens=true} rewrites them (then read the
 * diff), as for the q7 goldens.
 */
class S8GoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/s8net");
    static final boolean REGENERATE = Boolean.getBoolean("j2cmsis.regenerateGoldens");

    /** The network's generated files (not the portable kernels), by name, from a build in {@code dir}. */
    private static Map<String, String> generate(Path dir, String method) throws IOException {
        Compilation c = Fixtures.compile(S8TestNet.writeResources(dir.resolve("cp"), "cortex-m55", "double", method),
                S8TestNet.source());
        assertThat(c).succeeded();
        Path dump = Fixtures.dump(c, dir.resolve("out"));
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dump)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String n = p.getFileName().toString();
                boolean portable = n.startsWith("j2cmsis_");
                if (!portable && (n.endsWith(".c") || n.endsWith(".h") || n.endsWith(".java") || n.endsWith(".md"))) {
                    files.put(n, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    /**
     * The s8 backend collects only the statistics it reads, and pass 2 bins them from the kept outputs, or from
     * outputs recomputed when the budget keeps fewer: with nothing kept and with a few samples kept, the files
     * are those of a build that keeps them all (percentile ranges, so the histograms decide them).
     */
    @Test
    void keptCalibrationOutputsDoNotChangeWhatIsGenerated(@TempDir Path tmp) throws IOException {
        Map<String, String> all = generate(tmp.resolve("all"), "percentile");
        for (String budget : java.util.List.of("0", "3000")) {
            System.setProperty(dev.j2cmsis.processor.quant.CalibrationStats.KEPT_FLOATS_PROPERTY, budget);
            try {
                assertEquals(all, generate(tmp.resolve("budget" + budget), "percentile"), "budget " + budget);
            } finally {
                System.clearProperty(dev.j2cmsis.processor.quant.CalibrationStats.KEPT_FLOATS_PROPERTY);
            }
        }
    }

    @Test
    void generatedFilesMatchGoldens(@TempDir Path tmp) throws IOException {
        Map<String, String> files = generate(tmp, "minmax");
        assertTrue(files.keySet().containsAll(java.util.List.of("s8_net.c", "s8_net.h", "s8_net_weights.h",
                "s8_net_harness.c", "s8_net_harness_data.h", "S8NetS8.java", "S8NetFloat.java", "s8_net_report.md")),
                files.keySet().toString());
        if (REGENERATE) {
            Files.createDirectories(GOLDEN);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(GOLDEN.resolve(f.getKey() + ".golden"), f.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path golden = GOLDEN.resolve(f.getKey() + ".golden");
            assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dj2cmsis.regenerateGoldens=true");
            assertEquals(Files.readString(golden), f.getValue(), f.getKey() + " differs from " + golden
                    + " (regenerate with -Dj2cmsis.regenerateGoldens=true and review the diff)");
        }
        try (Stream<Path> s = Files.list(GOLDEN)) {
            for (Path g : s.toList()) {
                assertTrue(files.containsKey(g.getFileName().toString().replace(".golden", "")),
                        "golden " + g + " is no longer generated");
            }
        }
    }
}
