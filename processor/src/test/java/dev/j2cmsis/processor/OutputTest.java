package dev.j2cmsis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.processor.testing.TestNets;
import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.InputHashes;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lands on disk: nothing for a network with errors, everything for the others; warnings and options. */
class OutputTest {
    @Test
    void aNetworkWithErrorsWritesNothingWhileAGoodOneIsWritten(@TempDir Path tmp) throws Exception {
        Path cp = TestNets.TINY.writeResources(tmp.resolve("cp"));
        Fixtures.text(cp.resolve("bad/bad.yaml"), "weights: nothing.safetensors\ncalibration:\n  data: x.npy\n");
        Path src = tmp.resolve("src");
        Fixtures.text(src.resolve("bad/BadNet.java"), """
                package bad;

                import dev.j2cmsis.annotations.*;

                @Network(config = "bad.yaml", input = {1, 8, 8})
                public class BadNet {
                    @ReLU Layer relu;
                }
                """);
        Fixtures.text(src.resolve("tiny/TinyNet.java"), TestNets.TINY.source().getCharContent(true).toString());
        Path gen = Files.createDirectories(tmp.resolve("gen"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path cDir = tmp.resolve("c");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjects(src.resolve("bad/BadNet.java").toFile(),
                    src.resolve("tiny/TinyNet.java").toFile());
            List<String> options = List.of("-processor", J2cmsisProcessor.class.getName(),
                    "-classpath", System.getProperty("java.class.path") + File.pathSeparator + cp,
                    "-s", gen.toString(), "-d", classes.toString(), "-Aj2cmsis.cOutputDir=" + cDir,
                    "-Aj2cmsis.verbose=true");
            boolean ok = javac.getTask(out, fm, null, options, null, units).call();
            assertFalse(ok, "the bad network must fail the compilation");
        }
        String log = out.toString();
        assertTrue(log.contains("[j2cmsis:yaml]"), log);
        assertFalse(log.contains("\tat "), "no stack trace: " + log);
        assertTrue(log.contains("j2cmsis: tiny_net generated in"), "verbose note: " + log);
        assertTrue(Files.exists(gen.resolve("tiny/tiny_net.c")));
        assertTrue(Files.exists(gen.resolve("tiny/TinyNetQ7.java")));
        assertTrue(Files.exists(cDir.resolve("tiny_net.c")), "C copied to -Aj2cmsis.cOutputDir");
        try (Stream<Path> s = Stream.concat(Files.walk(gen), Files.walk(classes))) {
            List<Path> badOutputs = s.filter(p -> p.toString().contains("bad")
                    && !p.getFileName().toString().equals("bad") && Files.isRegularFile(p))
                    .filter(p -> !p.getFileName().toString().equals("BadNet.class")).toList();
            assertEquals(List.of(), badOutputs);
        }
    }

    @Test
    void pathDependentPoolingIsAWarningOnItsPadding(@TempDir Path tmp) throws Exception {
        Path cp = TestNets.TINY.writeResources(tmp);
        JavaFileObject source = TestNets.TINY.source();
        Compilation c = Fixtures.compile(cp, source);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("[j2cmsis:target] 'pool2' has padding 1 >= stride 1, where "
                + "CMSIS-NN's DSP and plain-C max-pool give different results (the DSP path pools in place and is not "
                + "a true max-pool there); the C and the simulator follow the DSP path of target cortex-m4").inFile(source).onLineContaining("padding = 1) Layer pool2");
    }

    @Test
    void coarserWeightsAreOneNotePerNetwork(@TempDir Path tmp) throws Exception {
        Path cp = TestNets.Q15.writeResources(tmp);
        JavaFileObject source = TestNets.Q15.source();
        Compilation c = Fixtures.compile(cp, source);
        assertThat(c).succeeded();
        assertThat(c).hadNoteContaining("[j2cmsis:quant] weights use fewer fractional bits than their range allows "
                + "in 2 layer(s)").inFile(source).onLineContaining("@Network");
        assertThat(c).hadNoteContaining("'conv1' 13 instead of 15 (q15 accumulator), 'conv2' 11 instead of 15");
        long notes = c.notes().stream().filter(d -> d.getMessage(Locale.ROOT).contains("fractional bits")).count();
        assertEquals(1, notes, "one summary note, not one per layer: " + c.notes());
        String report = Fixtures.generated(c, "q15_net_report.md");
        assertTrue(report.contains("Notes (what j2cmsis decided):\n- [j2cmsis:quant] weights use fewer"), report);
    }

    /**
     * The safety net against stale output: the simulators re-hash, on first use, the YAML and the files it names
     * as their class loader finds them, and fail naming the changed file; the header carries the same hash.
     */
    @Test
    void generatedSimulatorsFailOnFirstUseWhenTheirYamlChanged(@TempDir Path tmp) throws Exception {
        Path cp = TestNets.TINY.writeResources(tmp.resolve("cp"));
        Compilation c = Fixtures.compile(cp, TestNets.TINY.source());
        assertThat(c).succeeded();
        Path dump = Fixtures.dump(c, tmp.resolve("out"));
        String stamp = Files.readString(dump.resolve("CLASS_OUTPUT/META-INF/j2cmsis/tiny.TinyNet.inputs"));
        assertTrue(stamp.contains("\nclass tiny/TinyNet.class\n" + InputHashes.sha256(cp.resolve("tiny/tiny.yaml"))
                + " tiny/tiny.yaml\n"), stamp);
        String header = Fixtures.generated(c, "tiny_net.h");
        String yaml = Files.readString(cp.resolve("tiny/tiny.yaml"));
        Files.writeString(cp.resolve("tiny/tiny.yaml"), yaml + "# retrained\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dump.resolve("CLASS_OUTPUT").toUri().toURL(),
                cp.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> q7 = loader.loadClass("tiny.TinyNetQ7");
            String hash = (String) q7.getField("INPUTS_SHA256").get(null);
            assertTrue(header.contains("#define TINY_NET_INPUTS_SHA256 \"" + hash + "\""), header);
            assertEquals(hash, loader.loadClass("tiny.TinyNetFloat").getField("INPUTS_SHA256").get(null));
            Q7Network net = (Q7Network) q7.getConstructor().newInstance();
            ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class,
                    () -> net.run(new byte[net.inputSize()]));
            assertTrue(e.getCause().getMessage().startsWith("tiny.TinyNetQ7 is stale: it was generated from "
                    + "tiny/tiny.yaml with SHA-256 "), e.getCause().getMessage());
            FloatNetwork fl = (FloatNetwork) loader.loadClass("tiny.TinyNetFloat").getConstructor().newInstance();
            assertThrows(ExceptionInInitializerError.class, () -> fl.forward(new float[144]));
        }
        try (URLClassLoader unchanged = new URLClassLoader(new URL[] {dump.resolve("CLASS_OUTPUT").toUri().toURL(),
                cp.toUri().toURL()}, getClass().getClassLoader())) {
            Files.writeString(cp.resolve("tiny/tiny.yaml"), yaml);
            Q7Network net = (Q7Network) unchanged.loadClass("tiny.TinyNetQ7").getConstructor().newInstance();
            assertEquals(net.outputSize(), net.run(new byte[net.inputSize()]).length);
        }
    }
}
