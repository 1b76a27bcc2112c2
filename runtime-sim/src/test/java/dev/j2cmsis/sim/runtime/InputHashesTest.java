package dev.j2cmsis.sim.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputHashesTest {
    @TempDir
    Path dir;

    @Test
    void sha256IsTheStandardDigest() throws Exception {
        // FIPS 180-2 test vector "abc".
        Path f = Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", InputHashes.sha256(f));
    }

    @Test
    void verifyPassesForUnchangedAndAbsentInputsAndFailsNamingTheChangedFile() throws Exception {
        Path yaml = Files.writeString(Files.createDirectories(dir.resolve("net")).resolve("net.yaml"), "a: 1\n");
        Path weights = Files.writeString(dir.resolve("w.bin"), "weights");
        String yamlHash = InputHashes.sha256(yaml);
        String wHash = InputHashes.sha256(weights);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            String[] recorded = {"net/net.yaml", yamlHash, weights.toString(), wHash, "net/gone.npy",
                "0000000000000000000000000000000000000000000000000000000000000000"};
            InputHashes.verify("x.NetQ7", loader, recorded);

            Files.writeString(yaml, "a: 2\n");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> InputHashes.verify("x.NetQ7", loader, recorded));
            assertTrue(e.getMessage().startsWith("x.NetQ7 is stale: it was generated from net/net.yaml with SHA-256 "
                    + yamlHash + ", but that file now has SHA-256 " + InputHashes.sha256(yaml)), e.getMessage());
            assertTrue(e.getMessage().contains("Run `mvn clean compile`"), e.getMessage());

            Files.writeString(yaml, "a: 1\n");
            Files.writeString(weights, "retrained");
            e = assertThrows(IllegalStateException.class, () -> InputHashes.verify("x.NetQ7", loader, recorded));
            assertTrue(e.getMessage().contains("generated from " + weights + " with SHA-256 " + wHash),
                    e.getMessage());
        }
    }

    @Test
    void combinedDependsOnVersionNamesAndHashes() {
        List<InputHashes.Input> a = List.of(new InputHashes.Input("n.yaml", "00"), new InputHashes.Input("w", "11"));
        String base = InputHashes.combined("1", a);
        assertEquals(64, base.length());
        assertEquals(base, InputHashes.combined("1", List.copyOf(a)));
        assertNotEquals(base, InputHashes.combined("2", a));
        assertNotEquals(base, InputHashes.combined("1", List.of(a.get(0), new InputHashes.Input("w", "12"))));
        assertNotEquals(base, InputHashes.combined("1", List.of(a.get(0), new InputHashes.Input("v", "11"))));
    }

    @Test
    void invalidateStaleDeletesTheClassOfANetworkWhoseInputChangedAndOnlyThat() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path pkg = Files.createDirectories(classes.resolve("p"));
        Path aYaml = Files.writeString(pkg.resolve("a.yaml"), "a");
        Path bYaml = Files.writeString(pkg.resolve("b.yaml"), "b");
        Path aClass = Files.writeString(pkg.resolve("A.class"), "");
        Path bClass = Files.writeString(pkg.resolve("B.class"), "");
        Path stamps = Files.createDirectories(classes.resolve(InputHashes.STAMP_DIR));
        Path aStamp = Files.writeString(stamps.resolve("p.A" + InputHashes.STAMP_SUFFIX), InputHashes.stamp("p.A",
                "p/A.class", "1", List.of(new InputHashes.Input("p/a.yaml", InputHashes.sha256(aYaml)))));
        Path bStamp = Files.writeString(stamps.resolve("p.B" + InputHashes.STAMP_SUFFIX), InputHashes.stamp("p.B",
                "p/B.class", "1", List.of(new InputHashes.Input("p/b.yaml", InputHashes.sha256(bYaml)))));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

        assertEquals(0, InputHashes.invalidateStale(classes, out));
        assertTrue(Files.exists(aClass) && Files.exists(bClass));

        Files.writeString(aYaml, "a, retrained");
        assertEquals(1, InputHashes.invalidateStale(classes, out));
        assertFalse(Files.exists(aClass), "the changed network's class is deleted, so javac recompiles it");
        assertFalse(Files.exists(aStamp));
        assertTrue(Files.exists(bClass) && Files.exists(bStamp), "the unchanged network is left alone");
        assertEquals("[j2cmsis] p/a.yaml changed since p.A was generated: it is recompiled now and its network "
                + "regenerated.\n", log.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));

        Files.delete(bYaml);
        assertEquals(1, InputHashes.invalidateStale(classes, out), "a missing input counts as changed");
        assertFalse(Files.exists(bClass));
    }

    @Test
    void noStampDirectoryIsNothingToDo() throws Exception {
        assertEquals(0, InputHashes.invalidateStale(dir.resolve("missing"), System.out));
    }
}
