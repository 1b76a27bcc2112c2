package dev.j2cmsis.processor.cache;

import dev.j2cmsis.sim.runtime.InputHashes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a network's output depends on, as one SHA-256: the j2cmsis version and the code that generates it (the
 * bytes of the processor, runtime-sim, annotation and template-library jars or class directories, so a rebuilt
 * SNAPSHOT misses too), the declaration as the compiler sees it ({@link DeclarationFingerprint}), and the
 * names and SHA-256 of the YAML and of every file it names ({@link InputHashes}).
 */
public record CacheKey(String value) {
    /**
     * One class of every artifact whose code shapes the output: the processor, runtime-sim (kernels for the
     * harness and SQNR), the annotations (their defaults), JavaPoet and mustache.java (formatting).
     */
    private static final List<String> CODE = List.of("dev.j2cmsis.processor.J2cmsisProcessor",
            "dev.j2cmsis.sim.runtime.InputHashes", "dev.j2cmsis.annotations.Network",
            "com.palantir.javapoet.JavaFile", "com.github.mustachejava.Mustache");
    private static String code;

    public static CacheKey of(String version, String declaration, List<InputHashes.Input> inputs) {
        MessageDigest md = sha256();
        update(md, "j2cmsis-cache-key " + OutputCache.FORMAT);
        update(md, version);
        update(md, codeIdentity());
        update(md, declaration);
        for (InputHashes.Input in : inputs) {
            update(md, in.name());
            update(md, in.sha256());
        }
        return new CacheKey(HexFormat.of().formatHex(md.digest()));
    }

    /** The SHA-256 of the generating code, computed once per compiler run (a jar is hashed as a file). */
    static synchronized String codeIdentity() {
        if (code == null) {
            MessageDigest md = sha256();
            ClassLoader loader = CacheKey.class.getClassLoader();
            for (String name : CODE) {
                update(md, name);
                try {
                    CodeSource src = Class.forName(name, false, loader).getProtectionDomain().getCodeSource();
                    Path p = Path.of(src.getLocation().toURI());
                    hashTree(md, p);
                } catch (ClassNotFoundException | URISyntaxException | IOException | RuntimeException e) {
                    // Unknown code: a key nothing else shares, so the cache is not trusted across runs.
                    update(md, "unknown " + System.nanoTime() + " " + e);
                }
            }
            code = HexFormat.of().formatHex(md.digest());
        }
        return code;
    }

    private static void hashTree(MessageDigest md, Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            hashFile(md, root);
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            update(md, root.relativize(f).toString().replace('\\', '/'));
            hashFile(md, f);
        }
    }

    private static void hashFile(MessageDigest md, Path f) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        update(md, "");
    }

    /** Length-prefixed, so no two different sequences of parts hash the same bytes. */
    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                (byte) b.length});
        md.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
