package dev.j2cmsis.processor.cache;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.diag.Problem;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.processor.testing.TestNets;
import dev.j2cmsis.sim.runtime.InputHashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache: a cached build writes byte for byte what a fresh build writes, and an entry is used only when
 * it is intact and every input that shapes the output is unchanged.
 */
class OutputCacheTest {
    private static final String HIT = "reused from the build cache";
    private static final String FRESH = "generated in";

    /** Every generated file (sources and resources, not classes) by its path, with its bytes. */
    private static Map<String, byte[]> outputs(Compilation c) throws IOException {
        assertThat(c).succeeded();
        Map<String, byte[]> out = new TreeMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            String path = f.toUri().getPath();
            if (!path.endsWith(".class")) {
                try (InputStream in = f.openInputStream()) {
                    out.put(path, in.readAllBytes());
                }
            }
        }
        assertTrue(out.size() >= 10, "expected the C, the simulators and their resources, got " + out.keySet());
        return out;
    }

    private static Compilation build(Path cp, Path cache, JavaFileObject source) {
        List<String> options = new ArrayList<>(List.of("-Aj2cmsis.verbose=true"));
        options.add(cache == null ? "-Aj2cmsis.cache=false" : "-Aj2cmsis.cacheDir=" + cache);
        return Fixtures.compile(cp, options, source);
    }

    private static boolean noted(Compilation c, String text) {
        return c.notes().stream().anyMatch(d -> d.getMessage(Locale.ROOT).contains(text));
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name + " differs");
        }
    }

    /**
     * Pass 1 keeps as many samples' outputs as a budget that depends on javac's heap allows, and pass 2 recomputes
     * the rest: the generated files must not depend on it (nothing kept, a few samples, all of them).
     */
    @Test
    void keptCalibrationOutputsDoNotChangeWhatIsGenerated(@TempDir Path tmp) throws IOException {
        for (TestNets net : List.of(TestNets.TINY, TestNets.GRAPH, TestNets.Q15)) {
            Path cp = net.writeResources(tmp.resolve(net.pkg()).resolve("cp"));
            Map<String, byte[]> all = outputs(build(cp, null, net.source()));
            for (String budget : List.of("0", "2000")) {
                System.setProperty(dev.j2cmsis.processor.quant.CalibrationStats.KEPT_FLOATS_PROPERTY, budget);
                try {
                    assertSameFiles(all, outputs(build(cp, null, net.source())));
                } finally {
                    System.clearProperty(dev.j2cmsis.processor.quant.CalibrationStats.KEPT_FLOATS_PROPERTY);
                }
            }
        }
    }

    @Test
    void cachedBuildWritesExactlyWhatAFreshBuildWrites(@TempDir Path tmp) throws IOException {
        for (TestNets net : List.of(TestNets.TINY, TestNets.GRAPH, TestNets.Q15)) {
            Path cp = net.writeResources(tmp.resolve(net.pkg()).resolve("cp"));
            Path cache = tmp.resolve(net.pkg()).resolve("cache");
            Map<String, byte[]> uncached = outputs(build(cp, null, net.source()));
            Compilation first = build(cp, cache, net.source());
            assertTrue(noted(first, FRESH) && !noted(first, HIT), net + ": the first build must miss");
            assertTrue(Files.isRegularFile(cache.resolve(net.qualifiedName() + ".bin")), "no cache entry written");
            Compilation second = build(cp, cache, net.source());
            assertTrue(noted(second, HIT), net + ": the second build must hit: " + second.notes());
            assertSameFiles(uncached, outputs(first));
            assertSameFiles(uncached, outputs(second));
            // The diagnostics are replayed too (the warnings' summary and every note of the fresh build).
            assertEquals(messages(first, Diagnostic.Kind.WARNING), messages(second, Diagnostic.Kind.WARNING));
            assertEquals(messages(first, Diagnostic.Kind.NOTE).stream().filter(m -> !m.contains(FRESH)).toList(),
                    messages(second, Diagnostic.Kind.NOTE).stream().filter(m -> !m.contains(HIT)).toList());
        }
    }

    private static List<String> messages(Compilation c, Diagnostic.Kind kind) {
        return c.diagnostics().stream().filter(d -> d.getKind() == kind).map(d -> d.getMessage(Locale.ROOT))
                .toList();
    }

    @Test
    void corruptOrTruncatedEntryIsRebuiltNotTrusted(@TempDir Path tmp) throws IOException {
        TestNets net = TestNets.TINY;
        Path cp = net.writeResources(tmp.resolve("cp"));
        Path cache = tmp.resolve("cache");
        Map<String, byte[]> fresh = outputs(build(cp, cache, net.source()));
        Path entry = cache.resolve(net.qualifiedName() + ".bin");
        byte[] good = Files.readAllBytes(entry);
        assertTrue(noted(build(cp, cache, net.source()), HIT));
        List<byte[]> damaged = new ArrayList<>();
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10; // inside a generated file's bytes
        damaged.add(flipped);
        damaged.add(java.util.Arrays.copyOf(good, good.length - 100));
        damaged.add(new byte[0]);
        damaged.add("not a cache entry at all, but longer than the magic and a digest".getBytes());
        for (byte[] bad : damaged) {
            Files.write(entry, bad);
            Compilation c = build(cp, cache, net.source());
            assertTrue(noted(c, FRESH) && !noted(c, HIT), "a damaged entry was used");
            assertSameFiles(fresh, outputs(c));
            assertTrue(noted(build(cp, cache, net.source()), HIT), "the damaged entry was not rewritten");
        }
    }

    @Test
    void everyKindOfOutputAffectingChangeMisses(@TempDir Path tmp) throws IOException {
        TestNets net = TestNets.TINY;
        Path cp = net.writeResources(tmp.resolve("cp"));
        Path cache = tmp.resolve("cache");
        JavaFileObject source = net.source();
        build(cp, cache, source);
        assertTrue(noted(build(cp, cache, source), HIT));

        String code = source.getCharContent(true).toString();
        // A comment does not change the declaration the processor reads: still a hit.
        JavaFileObject commented = Fixtures.source(net.qualifiedName(), code.replace("public class",
                "/** A comment. */\npublic class"));
        assertTrue(noted(build(cp, cache, commented), HIT), "a comment must not invalidate the entry");

        // The declaration: a layer renamed (its name is in the C, the simulator and the report).
        JavaFileObject renamed = Fixtures.source(net.qualifiedName(), code.replace("relu2;", "relu_two;"));
        assertMissesAndMatchesFresh(cp, cache, renamed);

        Path dir = cp.resolve(net.pkg());
        // The YAML: another target.
        net.writeResources(cp, "cortex-m3");
        assertMissesAndMatchesFresh(cp, cache, source);

        // The weights: one float's exponent changed.
        Path weights = dir.resolve(net.pkg() + ".safetensors");
        byte[] w = Files.readAllBytes(weights);
        w[w.length - 1] ^= 0x01;
        Files.write(weights, w);
        assertMissesAndMatchesFresh(cp, cache, source);

        // The calibration data: the first sample's first value.
        Path calib = dir.resolve("calib.npy");
        byte[] x = Files.readAllBytes(calib);
        int data = 10 + (ByteBuffer.wrap(x, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff);
        x[data + 3] ^= 0x01;
        Files.write(calib, x);
        assertMissesAndMatchesFresh(cp, cache, source);
    }

    private static void assertMissesAndMatchesFresh(Path cp, Path cache, JavaFileObject source) throws IOException {
        Compilation c = build(cp, cache, source);
        assertTrue(noted(c, FRESH) && !noted(c, HIT), "a changed input must miss the cache");
        assertSameFiles(outputs(build(cp, null, source)), outputs(c));
        assertTrue(noted(build(cp, cache, source), HIT), "the rebuilt entry must then hit");
    }

    @Test
    void theKeyCoversVersionDeclarationAndEveryInput() {
        List<InputHashes.Input> inputs = List.of(new InputHashes.Input("a/net.yaml", "11"),
                new InputHashes.Input("a/w.safetensors", "22"));
        CacheKey base = CacheKey.of("1.0", "decl", inputs);
        assertEquals(base, CacheKey.of("1.0", "decl", inputs));
        assertNotEquals(base, CacheKey.of("1.1", "decl", inputs));
        assertNotEquals(base, CacheKey.of("1.0", "decl2", inputs));
        assertNotEquals(base, CacheKey.of("1.0", "decl", List.of(inputs.get(0),
                new InputHashes.Input("a/w.safetensors", "23"))));
        assertNotEquals(base, CacheKey.of("1.0", "decl", List.of(inputs.get(0),
                new InputHashes.Input("b/w.safetensors", "22"))));
        // Length-prefixed parts: moving a character between two parts is a different key.
        assertNotEquals(CacheKey.of("1.0", "decl", List.of(new InputHashes.Input("ab", "c"))),
                CacheKey.of("1.0", "decl", List.of(new InputHashes.Input("a", "bc"))));
    }

    @Test
    void anEntryIsReadBackOnlyForItsOwnKey(@TempDir Path tmp) {
        OutputCache cache = new OutputCache(tmp);
        GeneratedNetwork g = new GeneratedNetwork("net", List.of(
                GeneratedFile.text(GeneratedFile.Kind.SOURCE_TEXT, "p", "net.c", "int x;\n", true),
                new GeneratedFile(GeneratedFile.Kind.CLASS_BINARY, "p", "w.bin", new byte[] {0, -1, 7}, false)),
                List.of(new Problem(Tag.KERNEL, "a note", new Where(2, "kernel"), Problem.Severity.NOTE),
                        new Problem(Tag.TARGET, "a warning", Where.network(), Problem.Severity.WARNING)),
                "(summary)");
        CacheKey key = new CacheKey("k1");
        cache.store("p.Net", key, g);
        assertEquals(g, cache.load("p.Net", key).orElseThrow());
        assertTrue(cache.load("p.Net", new CacheKey("k2")).isEmpty(), "a stale entry was returned");
        assertTrue(cache.load("p.Other", key).isEmpty());
    }
}
