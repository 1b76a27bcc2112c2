package dev.j2cmsis.sim.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The files a network was generated from (its YAML and the weights and calibration files the YAML names) with
 * their SHA-256, so that output generated from older versions of them is never used silently.
 *
 * <p>Two checks use it. The generated simulators call {@link #verify} once, when their weights are first
 * loaded: an input that is on the class path (or, for an absolute path, on disk) and no longer has the
 * recorded hash fails with a message saying what to run. And before {@code compile}, the build runs
 * {@link #main} on the class output directory (see README: a Maven compile sees only {@code .java} files
 * as stale, not the YAML or the files it names): for every stamp the processor wrote under
 * {@link #STAMP_DIR}, an input whose hash changed deletes the annotated class's {@code .class} file, so the
 * compiler sees the class as stale, recompiles it and the processor regenerates the network.
 *
 * <p>Names are class-path resource names ({@code dev/x/net.yaml}, relative to the class output directory at
 * build time) or absolute file paths.
 */
public final class InputHashes {
    /** Where the processor writes one stamp per network, under the class output directory. */
    public static final String STAMP_DIR = "META-INF/j2cmsis";
    /** The stamp file suffix; the name before it is the network class's qualified name. */
    public static final String STAMP_SUFFIX = ".inputs";
    private static final String CLASS_LINE = "class ";

    private InputHashes() {
    }

    /** One input: its resource name or absolute path, and the hex SHA-256 of its content at generation time. */
    public record Input(String name, String sha256) {
        /** Whether the name is an absolute file path rather than a class-path resource name. */
        public boolean absolute() {
            return Paths.get(name).isAbsolute();
        }
    }

    /** The hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The hex SHA-256 of a stream's remaining bytes. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * One SHA-256 over the tool version and every input's name and hash, in order: the value the generated C
     * header ({@code <NET>_INPUTS_SHA256}) and the simulators ({@code INPUTS_SHA256}) carry, so firmware and
     * simulator can be matched.
     */
    public static String combined(String toolVersion, List<Input> inputs) {
        MessageDigest md = digest();
        StringBuilder sb = new StringBuilder("j2cmsis ").append(toolVersion).append('\n');
        for (Input i : inputs) {
            sb.append(i.sha256()).append(' ').append(i.name()).append('\n');
        }
        return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The stamp text: a comment line, the class file of the network class, then one {@code hash name} line per input. */
    public static String stamp(String qualifiedName, String classFile, String toolVersion, List<Input> inputs) {
        StringBuilder sb = new StringBuilder("# j2cmsis ").append(toolVersion).append(": the inputs ")
                .append(qualifiedName).append(" was generated from; checked before compile by ")
                .append(InputHashes.class.getName()).append('\n');
        sb.append(CLASS_LINE).append(classFile).append('\n');
        for (Input i : inputs) {
            sb.append(i.sha256()).append(' ').append(i.name()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Checks, once per generated class (it is called from the static initializer of the class's weight
     * holder), that the inputs the class was generated from still have the recorded hashes. Inputs not found
     * (a jar without the calibration data, say) are skipped.
     *
     * @param owner the generated simulator class; its class loader finds the resources
     * @param namesAndHashes name, hash, name, hash, ...
     * @throws IllegalStateException naming the first changed input and what to run
     */
    public static void verify(Class<?> owner, String... namesAndHashes) {
        verify(owner.getName(), owner.getClassLoader() != null ? owner.getClassLoader()
                : ClassLoader.getSystemClassLoader(), namesAndHashes);
    }

    static void verify(String owner, ClassLoader loader, String... namesAndHashes) {
        for (int k = 0; k + 1 < namesAndHashes.length; k += 2) {
            Input input = new Input(namesAndHashes[k], namesAndHashes[k + 1]);
            String now;
            try {
                now = current(loader, input);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + input.name() + " to check that " + owner
                        + " is up to date", e);
            }
            if (now != null && !now.equals(input.sha256())) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s is stale: it was generated from %s with SHA-256 %s, but that file now has SHA-256 %s "
                                + "(it changed after the last compile, and the network, the C and this simulator "
                                + "were not regenerated). Run `mvn clean compile` (or add j2cmsis's stale check "
                                + "to the pom, see README \"Regeneration\"), then rerun.",
                        owner, input.name(), input.sha256(), now));
            }
        }
    }

    /** The hash of the input as the owner's class loader (or the file system) sees it now; null when absent. */
    private static String current(ClassLoader loader, Input input) throws IOException {
        if (input.absolute()) {
            Path p = Paths.get(input.name());
            return Files.isRegularFile(p) ? sha256(p) : null;
        }
        URL url = loader.getResource(input.name());
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            return sha256(in);
        }
    }

    /** The inputs a stamp lists whose content differs from the recorded hash (or that are gone). */
    public static List<String> changed(Path classOutput, Path stamp) throws IOException {
        List<String> out = new ArrayList<>();
        for (Input i : inputs(stamp)) {
            Path p = i.absolute() ? Paths.get(i.name()) : classOutput.resolve(i.name());
            if (!Files.isRegularFile(p) || !sha256(p).equals(i.sha256())) {
                out.add(i.name());
            }
        }
        return out;
    }

    private static List<Input> inputs(Path stamp) throws IOException {
        List<Input> out = new ArrayList<>();
        for (String line : Files.readAllLines(stamp, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (line.startsWith("#") || line.startsWith(CLASS_LINE) || space != 64) {
                continue;
            }
            out.add(new Input(line.substring(space + 1), line.substring(0, space)));
        }
        return out;
    }

    private static String classFile(Path stamp) throws IOException {
        for (String line : Files.readAllLines(stamp, StandardCharsets.UTF_8)) {
            if (line.startsWith(CLASS_LINE)) {
                return line.substring(CLASS_LINE.length());
            }
        }
        return null;
    }

    /**
     * The pre-compile check over every stamp under a class output directory: for a network whose inputs
     * changed, deletes the network class's {@code .class} file and the stamp, and says so; returns how many
     * networks will be regenerated.
     */
    public static int invalidateStale(Path classOutput, PrintStream log) throws IOException {
        Path dir = classOutput.resolve(STAMP_DIR);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int stale = 0;
        try (DirectoryStream<Path> stamps = Files.newDirectoryStream(dir, "*" + STAMP_SUFFIX)) {
            for (Path stamp : stamps) {
                List<String> changed = changed(classOutput, stamp);
                if (changed.isEmpty()) {
                    continue;
                }
                String name = stamp.getFileName().toString();
                String network = name.substring(0, name.length() - STAMP_SUFFIX.length());
                String classFile = classFile(stamp);
                if (classFile != null) {
                    Files.deleteIfExists(classOutput.resolve(classFile));
                }
                Files.delete(stamp);
                log.println("[j2cmsis] " + String.join(", ", changed) + " changed since " + network
                        + " was generated: it is recompiled now and its network regenerated.");
                stale++;
            }
        }
        return stale;
    }

    /**
     * {@code InputHashes <class output directory>}: the pre-compile check of {@link #invalidateStale}, run by
     * the build before {@code compile} (README shows the exec-maven-plugin execution).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: InputHashes <class output directory, e.g. target/classes>");
        }
        invalidateStale(Paths.get(args[0]), System.out);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
