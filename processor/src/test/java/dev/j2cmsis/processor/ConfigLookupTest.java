package dev.j2cmsis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.sim.data.NpyWriter;
import dev.j2cmsis.sim.data.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a network finds its files: the YAML beside the class or from the resource root, weights in any of
 * the three formats, weight names mapped in the YAML.
 */
class ConfigLookupTest {
    static final String SOURCE = """
            package look;

            import dev.j2cmsis.annotations.*;

            @Network(config = "%s", input = {1, 6, 6})
            public class LookNet {
                @Conv2d(outChannels = 2, kernel = 3) Layer conv1;
                @ReLU Layer relu1;
                @Linear(outFeatures = 3) Layer head;
            }
            """;

    static Fixtures.Weights weights(String convKey, String headKey) {
        return new Fixtures.Weights(8).conv(convKey, 2, 1, 3, true).linear(headKey, 3, 32, true);
    }

    static String yaml(String weights, String extra) {
        return "weights: " + weights + "\ncalibration:\n  data: calib.npy\n" + extra;
    }

    static Compilation compile(Path cp, String config) {
        JavaFileObject src = Fixtures.source("look.LookNet", SOURCE.formatted(config));
        return Fixtures.compile(cp, src);
    }

    @Test
    void yamlFromTheResourceRootWithALeadingSlash(@TempDir Path cp) throws Exception {
        weights("conv1", "head").write(cp.resolve("models/look.safetensors"));
        Fixtures.calibration(cp.resolve("models/calib.npy"), 1, 8, 1, 6, 6);
        Fixtures.text(cp.resolve("models/look.yaml"), yaml("look.safetensors", ""));
        Compilation c = compile(cp, "/models/look.yaml");
        assertThat(c).succeeded();
        assertTrue(c.generatedFile(StandardLocation.SOURCE_OUTPUT, "look", "look_net.c").isPresent());
    }

    /** Gradle's situation: the resources are not on the class path; -Aj2cmsis.resourceDirs names them. */
    @Test
    void yamlFromAResourceDirOffTheClassPath(@TempDir Path tmp) throws Exception {
        Path res = tmp.resolve("src/main/resources");
        weights("conv1", "head").write(res.resolve("look/look.safetensors"));
        Fixtures.calibration(res.resolve("look/calib.npy"), 1, 8, 1, 6, 6);
        Fixtures.text(res.resolve("look/look.yaml"), yaml("look.safetensors", ""));
        Path emptyCp = Files.createDirectories(tmp.resolve("cp"));
        JavaFileObject src = Fixtures.source("look.LookNet", SOURCE.formatted("look.yaml"));
        Compilation found = Fixtures.compile(emptyCp, List.of("-Aj2cmsis.resourceDirs=" + tmp.resolve("none")
                + java.io.File.pathSeparator + res), src);
        assertThat(found).succeeded();
        assertTrue(found.generatedFile(StandardLocation.SOURCE_OUTPUT, "look", "look_net.c").isPresent());
        assertThat(Fixtures.compile(emptyCp, src)).hadErrorContaining(
                "config file 'look.yaml' not found on the class path (looked for look/look.yaml)");
        assertThat(Fixtures.compile(emptyCp, List.of("-Aj2cmsis.resourceDirs=" + tmp.resolve("none")), src))
                .hadErrorContaining("not found on the class path nor in -Aj2cmsis.resourceDirs [" + tmp.resolve("none"));
    }

    @Test
    void namesMapFieldsToOtherWeightKeys(@TempDir Path cp) throws Exception {
        weights("features.0", "classifier").write(cp.resolve("look/look.safetensors"));
        Fixtures.calibration(cp.resolve("look/calib.npy"), 1, 8, 1, 6, 6);
        Fixtures.text(cp.resolve("look/look.yaml"), yaml("look.safetensors",
                "names:\n  conv1: features.0\n  head: classifier\n"));
        assertThat(compile(cp, "look.yaml")).succeeded();
    }

    @Test
    void npzWeightsGiveTheSameOutputAsSafetensors(@TempDir Path tmp) throws Exception {
        Fixtures.Weights w = weights("conv1", "head");
        Path a = tmp.resolve("a");
        w.write(a.resolve("look/look.safetensors"));
        Fixtures.calibration(a.resolve("look/calib.npy"), 1, 8, 1, 6, 6);
        Fixtures.text(a.resolve("look/look.yaml"), yaml("look.safetensors", ""));
        Path b = tmp.resolve("b");
        Files.createDirectories(b.resolve("look"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            for (Map.Entry<String, Tensor> e : w.tensors().entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                z.write(NpyWriter.toBytes(e.getValue().shape(), e.getValue().data()));
                z.closeEntry();
            }
        }
        Files.write(b.resolve("look/look.npz"), zip.toByteArray());
        Files.copy(a.resolve("look/calib.npy"), b.resolve("look/calib.npy"));
        Fixtures.text(b.resolve("look/look.yaml"), yaml("look.npz", ""));
        Compilation ca = compile(a, "look.yaml");
        Compilation cb = compile(b, "look.yaml");
        assertThat(ca).succeeded();
        assertThat(cb).succeeded();
        String wa = ca.generatedFile(StandardLocation.SOURCE_OUTPUT, "look", "look_net_weights.h").orElseThrow()
                .getCharContent(true).toString();
        String wb = cb.generatedFile(StandardLocation.SOURCE_OUTPUT, "look", "look_net_weights.h").orElseThrow()
                .getCharContent(true).toString();
        assertEquals(wa, wb);
    }
}
