package dev.j2cmsis.processor.cache;

import dev.j2cmsis.processor.diag.Problem;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The build directory's cache of generated networks: one file per network class, {@code <dir>/<binary name>.bin},
 * holding the {@link GeneratedNetwork} of its last fresh build and the {@link CacheKey} it was built for.
 *
 * <p>An entry is trusted only when it is whole and belongs to the current inputs: it ends with the SHA-256 of
 * everything before it (a truncated or altered file fails that check), and the key stored in it must equal the
 * key of this build (any output-affecting change, including a new j2cmsis build, makes a new key). Anything
 * else is a miss, and the entry is rebuilt and overwritten; a cache that cannot be read or written never fails
 * the build. Keeping one entry per class bounds the cache to the networks of the module.
 *
 * <p>Entries are written to a temporary file and moved into place, so a concurrent or interrupted build leaves
 * either the old entry or the new one.
 */
public final class OutputCache {
    /** {@code -Aj2cmsis.cacheDir=DIR}: where the entries live (default: {@code j2cmsis-cache} next to the class output). */
    public static final String OPTION_DIR = "j2cmsis.cacheDir";
    /** {@code -Aj2cmsis.cache=false}: never read or write the cache. */
    public static final String OPTION_ENABLED = "j2cmsis.cache";
    /** The default directory's name, created beside the class output ({@code target/j2cmsis-cache} under Maven). */
    public static final String DEFAULT_DIR = "j2cmsis-cache";

    private static final byte[] MAGIC = "j2cmsis-cache\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Bumped whenever the layout of an entry changes; part of the check, not only of the key. */
    static final int FORMAT = 1;
    private static final int DIGEST = 32;

    private final Path dir;

    public OutputCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The entry file of a network class. */
    public Path entry(String binaryName) {
        return dir.resolve(binaryName + ".bin");
    }

    /** The cached output of {@code binaryName} built for exactly {@code key}; empty on any doubt. */
    public Optional<GeneratedNetwork> load(String binaryName, CacheKey key) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry(binaryName));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(decode(bytes, key));
        } catch (IOException | RuntimeException e) {
            // Corrupt in a way the digest did not catch (cannot happen short of a SHA-256 collision, or a
            // file written by a different FORMAT with the same number): a miss, never an error.
            return Optional.empty();
        }
    }

    /** Records a fresh build; failures (read-only directory, full disk) only cost the next build its hit. */
    public void store(String binaryName, CacheKey key, GeneratedNetwork network) {
        Path target = entry(binaryName);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, binaryName, ".tmp");
            Files.write(tmp, encode(key, network));
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | RuntimeException e) {
            // The build's output is already complete; the cache is only an optimisation.
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    static byte[] encode(CacheKey key, GeneratedNetwork g) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.write(MAGIC);
        out.writeInt(FORMAT);
        writeString(out, key.value());
        writeString(out, g.cName());
        writeString(out, g.summary());
        out.writeInt(g.files().size());
        for (GeneratedFile f : g.files()) {
            out.writeByte(f.kind().ordinal());
            writeString(out, f.pkg());
            writeString(out, f.name());
            out.writeBoolean(f.exported());
            out.writeInt(f.content().length);
            out.write(f.content());
        }
        out.writeInt(g.problems().size());
        for (Problem p : g.problems()) {
            writeString(out, p.tag().name());
            writeString(out, p.severity().name());
            out.writeInt(p.where().layer());
            out.writeBoolean(p.where().attribute() != null);
            if (p.where().attribute() != null) {
                writeString(out, p.where().attribute());
            }
            writeString(out, p.text());
        }
        out.flush();
        out.write(sha256(buf.toByteArray(), buf.size()));
        return buf.toByteArray();
    }

    /** The entry's network when it is intact and was built for {@code key}; else null. */
    static GeneratedNetwork decode(byte[] bytes, CacheKey key) throws IOException {
        if (bytes.length < MAGIC.length + DIGEST) {
            return null;
        }
        int body = bytes.length - DIGEST;
        if (!Arrays.equals(sha256(bytes, body), Arrays.copyOfRange(bytes, body, bytes.length))) {
            return null;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body));
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC) || in.readInt() != FORMAT || !readString(in).equals(key.value())) {
            return null;
        }
        String cName = readString(in);
        String summary = readString(in);
        int files = in.readInt();
        List<GeneratedFile> fs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            GeneratedFile.Kind kind = GeneratedFile.Kind.values()[in.readUnsignedByte()];
            String pkg = readString(in);
            String name = readString(in);
            boolean exported = in.readBoolean();
            fs.add(new GeneratedFile(kind, pkg, name, readBytes(in), exported));
        }
        int problems = in.readInt();
        List<Problem> ps = new ArrayList<>();
        for (int i = 0; i < problems; i++) {
            Tag tag = Tag.valueOf(readString(in));
            Problem.Severity severity = Problem.Severity.valueOf(readString(in));
            int layer = in.readInt();
            String attribute = in.readBoolean() ? readString(in) : null;
            ps.add(new Problem(tag, readString(in), new Where(layer, attribute), severity));
        }
        if (in.available() != 0) {
            return null;
        }
        return new GeneratedNetwork(cName, fs, ps, summary);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("length " + n + " beyond the entry");
        }
        return in.readNBytes(n);
    }

    static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
