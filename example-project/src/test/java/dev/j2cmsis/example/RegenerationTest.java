package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.data.NpyWriter;
import dev.j2cmsis.sim.data.SafetensorsWriter;
import dev.j2cmsis.sim.data.Tensor;
import dev.j2cmsis.sim.runtime.InputHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real Maven build, run twice and more on a small user project that uses the pom snippet README.md shows
 * (annotationProcessorPaths plus the stale check before compile), with this reactor's freshly packaged
 * processor, runtime-sim and annotations: changing only the YAML, or only the calibration file it names, must
 * regenerate the network in a plain {@code mvn compile} (and so must changing only the weights file), and an unchanged project must not recompile.
 *
 * <p>Offline: the build runs with {@code -o} on a local repository under {@code target/} that holds the
 * reactor's jars and links every other group to the local repository of this build, so nothing is installed
 * into (or overwritten in) {@code ~/.m2}.
 */
class RegenerationTest {
    static final Path WORK = Path.of("target", "regeneration-it").toAbsolutePath();
    static final String VERSION = System.getProperty("j2cmsis.version", "");
    static final Path ROOT = Path.of(System.getProperty("j2cmsis.root", "..")).toAbsolutePath().normalize();

    @Test
    void aChangedYamlCalibrationOrWeightsFileRegeneratesInAPlainMvnCompile() throws Exception {
        Path mvn = mavenExecutable();
        Path repo = localRepository();
        Path project = userProject(WORK.resolve("project"));
        Path gen = project.resolve("target/generated-sources/annotations/tiny");

        String first = mvn(mvn, repo, project);
        assertTrue(first.contains("BUILD SUCCESS"), first);
        Generated g1 = Generated.read(gen);
        assertEquals(g1.headerHash(), g1.simulatorHash(), "C header and simulator carry one hash");

        String unchanged = mvn(mvn, repo, project);
        assertTrue(unchanged.contains("Nothing to compile - all classes are up to date"), unchanged);
        assertEquals(g1, Generated.read(gen));

        // Only the YAML: a different input transform gives other input formats, so other C and simulator.
        Path yaml = project.resolve("src/main/resources/tiny/tiny.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("scale: 0.00392156862745098", "scale: 0.05"));
        String afterYaml = mvn(mvn, repo, project);
        assertTrue(afterYaml.contains("[j2cmsis] tiny/tiny.yaml changed since tiny.Tiny was generated"), afterYaml);
        assertTrue(afterYaml.contains("BUILD SUCCESS"), afterYaml);
        Generated g2 = Generated.read(gen);
        assertNotEquals(g1.headerHash(), g2.headerHash());
        assertEquals(g2.headerHash(), g2.simulatorHash());
        assertNotEquals(g1.params(), g2.params(), "the regenerated C follows the new YAML");
        assertNotEquals(g1.simulator(), g2.simulator());
        assertEquals(InputHashes.sha256(project.resolve("target/classes/tiny/tiny.yaml")), stampHash(project,
                "tiny/tiny.yaml"));

        // Only the calibration data the YAML names: other activation ranges.
        calibration(project.resolve("src/main/resources/tiny/calib.npy"), 99, 50f);
        String afterCalibration = mvn(mvn, repo, project);
        assertTrue(afterCalibration.contains("[j2cmsis] tiny/calib.npy changed since tiny.Tiny was generated"),
                afterCalibration);
        Generated g3 = Generated.read(gen);
        assertNotEquals(g2.headerHash(), g3.headerHash());
        assertNotEquals(g2.params(), g3.params());

        // Only the weights (retrained): other weights in the C.
        String weightsBefore = Files.readString(gen.resolve("tiny_weights.h"));
        weights(project.resolve("src/main/resources/tiny/tiny.safetensors"), 4);
        String afterWeights = mvn(mvn, repo, project);
        assertTrue(afterWeights.contains("[j2cmsis] tiny/tiny.safetensors changed since tiny.Tiny was generated"),
                afterWeights);
        assertNotEquals(g3.headerHash(), Generated.read(gen).headerHash());
        assertNotEquals(weightsBefore, Files.readString(gen.resolve("tiny_weights.h")));
    }

    /** The text of the generated files this test compares. */
    record Generated(String header, String params, String simulator) {
        static final Pattern HEADER_HASH = Pattern.compile("#define TINY_INPUTS_SHA256 \"([0-9a-f]{64})\"");
        static final Pattern SIM_HASH = Pattern.compile("INPUTS_SHA256 = \"([0-9a-f]{64})\"");

        static Generated read(Path dir) throws IOException {
            return new Generated(Files.readString(dir.resolve("tiny.h")), Files.readString(dir.resolve("tiny_params.h")),
                    Files.readString(dir.resolve("TinyQ7.java")));
        }

        String headerHash() {
            return find(HEADER_HASH, header);
        }

        String simulatorHash() {
            return find(SIM_HASH, simulator);
        }

        private static String find(Pattern p, String text) {
            Matcher m = p.matcher(text);
            assertTrue(m.find(), p + " in\n" + text);
            return m.group(1);
        }
    }

    private static String stampHash(Path project, String name) throws IOException {
        for (String line : Files.readAllLines(project.resolve("target/classes/" + InputHashes.STAMP_DIR + "/tiny.Tiny"
                + InputHashes.STAMP_SUFFIX))) {
            if (line.endsWith(" " + name)) {
                return line.substring(0, 64);
            }
        }
        throw new AssertionError("no " + name + " in the stamp");
    }

    private static String mvn(Path mvn, Path repo, Path project) throws Exception {
        List<String> cmd = List.of(mvn.toString(), "-B", "-o", "-Dmaven.repo.local=" + repo, "compile");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "mvn timed out");
        String log = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);
        return log;
    }

    private static Path mavenExecutable() {
        String home = System.getProperty("j2cmsis.maven.home", "");
        Path mvn = Path.of(home, "bin", "mvn");
        Assumptions.assumeTrue(!home.isEmpty() && Files.isExecutable(mvn),
                "skipped: no Maven home (run under Maven, which passes maven.home to this test)");
        return mvn;
    }

    /** A local repository: this reactor's artifacts copied in, every other group linked to this build's one. */
    private static Path localRepository() throws IOException {
        Path shared = Path.of(System.getProperty("j2cmsis.local.repository", ""));
        Assumptions.assumeTrue(Files.isDirectory(shared), "skipped: the build's local repository is unknown");
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put("j2cmsis-annotations", ROOT.resolve("annotations"));
        jars.put("j2cmsis-runtime-sim", ROOT.resolve("runtime-sim"));
        jars.put("j2cmsis-processor", ROOT.resolve("processor"));
        for (Map.Entry<String, Path> e : jars.entrySet()) {
            Assumptions.assumeTrue(Files.isRegularFile(jar(e.getValue(), e.getKey())),
                    "skipped: " + jar(e.getValue(), e.getKey()) + " is missing; run `mvn verify` from the reactor "
                            + "root, which packages the modules before this test");
        }
        Path repo = WORK.resolve("repo");
        deleteTree(repo);
        Files.createDirectories(repo);
        link(shared, repo, "dev");
        Path dev = Files.createDirectories(repo.resolve("dev"));
        if (Files.isDirectory(shared.resolve("dev"))) {
            link(shared.resolve("dev"), dev, "j2cmsis");
        }
        Path group = dev.resolve("j2cmsis");
        String base = "-" + VERSION;
        Path parent = Files.createDirectories(group.resolve("j2cmsis-parent").resolve(VERSION));
        Files.copy(ROOT.resolve("pom.xml"), parent.resolve("j2cmsis-parent" + base + ".pom"));
        for (Map.Entry<String, Path> e : jars.entrySet()) {
            Path d = Files.createDirectories(group.resolve(e.getKey()).resolve(VERSION));
            Files.copy(e.getValue().resolve("pom.xml"), d.resolve(e.getKey() + base + ".pom"));
            Files.copy(jar(e.getValue(), e.getKey()), d.resolve(e.getKey() + base + ".jar"));
        }
        return repo;
    }

    private static Path jar(Path module, String artifact) {
        return module.resolve("target").resolve(artifact + "-" + VERSION + ".jar");
    }

    private static void link(Path from, Path to, String except) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(from)) {
            for (Path p : s) {
                if (!p.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(p.getFileName().toString()), p);
                }
            }
        }
    }

    /** The user project: one class, its YAML, weights and calibration data, and README's pom. */
    private static Path userProject(Path dir) throws IOException {
        deleteTree(dir);
        Path res = Files.createDirectories(dir.resolve("src/main/resources/tiny"));
        Path src = Files.createDirectories(dir.resolve("src/main/java/tiny"));
        Files.writeString(src.resolve("Tiny.java"), """
                package tiny;

                import dev.j2cmsis.annotations.*;

                @Network(config = "tiny.yaml", input = {1, 4, 4})
                public class Tiny {
                    @Linear(outFeatures = 6) Layer fc1;
                    @ReLU Layer relu;
                    @Linear(outFeatures = 3) Layer fc2;
                }
                """);
        Files.writeString(res.resolve("tiny.yaml"), """
                weights: tiny.safetensors
                calibration:
                  data: calib.npy
                  transform:
                    scale: 0.00392156862745098
                target: cortex-m4
                """);
        weights(res.resolve("tiny.safetensors"), 3);
        calibration(res.resolve("calib.npy"), 7, 255f);
        Files.writeString(dir.resolve("pom.xml"), POM.replace("@VERSION@", VERSION));
        return dir;
    }

    /** Random weights for Tiny's two linear layers. */
    private static void weights(Path file, long seed) throws IOException {
        Random r = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("fc1.weight", tensor("fc1.weight", new int[] {6, 16}, r));
        w.put("fc1.bias", tensor("fc1.bias", new int[] {6}, r));
        w.put("fc2.weight", tensor("fc2.weight", new int[] {3, 6}, r));
        w.put("fc2.bias", tensor("fc2.bias", new int[] {3}, r));
        SafetensorsWriter.write(file, w);
    }

    private static Tensor tensor(String key, int[] shape, Random r) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (r.nextGaussian() * 0.4);
        }
        return new Tensor(key, shape, data);
    }

    /** 32 raw 4x4 images, uniform in 0..max. */
    private static void calibration(Path file, long seed, float max) throws IOException {
        Random r = new Random(seed);
        float[] data = new float[32 * 16];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat() * max;
        }
        NpyWriter.write(file, new int[] {32, 1, 4, 4}, data);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        // Symbolic links are deleted, never followed: they point into the shared local repository.
        try (var s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.delete(all.get(i));
        }
    }

    /** README.md's pom snippet ("Add the processor", "Regeneration"), as a user's whole pom. */
    static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>test</groupId>
              <artifactId>tiny</artifactId>
              <version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>dev.j2cmsis</groupId><artifactId>j2cmsis-annotations</artifactId><version>@VERSION@</version>
                </dependency>
                <dependency>
                  <groupId>dev.j2cmsis</groupId><artifactId>j2cmsis-runtime-sim</artifactId><version>@VERSION@</version>
                </dependency>
              </dependencies>
              <build>
                <plugins>
                  <plugin>
                    <artifactId>maven-resources-plugin</artifactId><version>3.3.1</version>
                  </plugin>
                  <plugin>
                    <artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version>
                    <configuration>
                      <annotationProcessorPaths>
                        <path><groupId>dev.j2cmsis</groupId><artifactId>j2cmsis-processor</artifactId><version>@VERSION@</version></path>
                      </annotationProcessorPaths>
                    </configuration>
                  </plugin>
                  <plugin>
                    <groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.3.0</version>
                    <executions>
                      <execution>
                        <id>j2cmsis-stale-check</id>
                        <phase>process-resources</phase>
                        <goals><goal>java</goal></goals>
                        <configuration>
                          <mainClass>dev.j2cmsis.sim.runtime.InputHashes</mainClass>
                          <arguments><argument>${project.build.outputDirectory}</argument></arguments>
                        </configuration>
                      </execution>
                    </executions>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;
}
