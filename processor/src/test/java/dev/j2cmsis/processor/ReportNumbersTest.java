package dev.j2cmsis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.j2cmsis.processor.testing.Fixtures;
import dev.j2cmsis.processor.testing.TestNets;
import dev.j2cmsis.sim.data.NdArray;
import dev.j2cmsis.sim.data.NpyReader;
import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.LayerTrace;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.TreeMap;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report's quality figures are the simulator's: the SQNR column is recomputed here from the generated
 * {@code Q7} class's trace (generated code, not the processor's executor) against the generated {@code Float}
 * class's trace on the same calibration samples. And every range method gives byte-identical output when run
 * twice.
 */
class ReportNumbersTest {
    @ParameterizedTest
    @EnumSource(value = TestNets.class, names = {"TINY", "GRAPH", "Q15"})
    void reportSqnrEqualsTheSimulatorsOnTheCalibrationSamples(TestNets net, @TempDir Path tmp) throws Exception {
        EndToEndTest.Generated g = EndToEndTest.generate(net, tmp);
        ClassLoader loader = g.sim().getClass().getClassLoader();
        Q7Network q7 = (Q7Network) g.sim();
        FloatNetwork fl = (FloatNetwork) loader.loadClass(net.floatClass()).getConstructor().newInstance();
        NdArray calib = NpyReader.read(tmp.resolve("cp").resolve(net.pkg()).resolve("calib.npy"));
        int samples = 48;
        Map<String, double[]> energy = new HashMap<>();
        List<String> order = null;
        for (int s = 0; s < samples; s++) {
            float[] raw = calib.itemFloats(s);
            List<LayerTrace> trace = q7.trace(q7.quantizeInput(raw));
            float[][] ref = fl.trace(raw);
            order = trace.stream().map(LayerTrace::layer).toList();
            for (int i = 0; i < trace.size(); i++) {
                LayerTrace t = trace.get(i);
                int[] shape = t.shape();
                float[] q = t.dequantize();
                if (t.kind().equals("ReLU")) {
                    // A ReLU moved after its max-pool traces its unrectified input; rectified, it is the ReLU's
                    // output (for any other ReLU this changes nothing).
                    for (int k = 0; k < q.length; k++) {
                        q[k] = Math.max(q[k], 0f);
                    }
                }
                if (shape.length == 1 && i > 0 && trace.get(i - 1).shape().length == 3
                        && trace.get(i - 1).shape()[0] * trace.get(i - 1).shape()[1] > 1) {
                    continue; // a flattened spatial tensor: its HWC bytes do not line up with CHW floats
                }
                double[] e = energy.computeIfAbsent(t.layer(), k -> new double[2]);
                for (int k = 0; k < q.length; k++) {
                    double r = shape.length == 3 ? ref[i][chw(shape, k)] : ref[i][k];
                    e[0] += r * r;
                    e[1] += (r - q[k]) * (r - q[k]);
                }
            }
        }
        String report = Files.readString(g.sources().resolve(g.cName() + "_report.md"));
        Map<String, String> column = sqnrColumn(report);
        int compared = 0;
        for (String layer : order) {
            double[] e = energy.get(layer);
            if (e == null) {
                continue;
            }
            double db = 10 * Math.log10(e[0] / e[1]);
            String expected = e[1] == 0 ? "exact" : String.format(Locale.ROOT, "%.1f", db);
            String actual = column.get(layer);
            if (!expected.equals(actual)) {
                // The report rounds to 0.1 dB; allow a last-digit difference from summation order.
                assertEquals(db, Double.parseDouble(actual), 0.051, layer + " SQNR in the report");
            }
            compared++;
        }
        assertTrue(compared >= 5, "compared " + compared + " layers");
    }

    private static int chw(int[] hwc, int k) {
        int h = hwc[0];
        int w = hwc[1];
        int c = hwc[2];
        int ch = k % c;
        int x = (k / c) % w;
        int y = k / (c * w);
        return (ch * h + y) * w + x;
    }

    /** layer -> SQNR text, from the Markdown table. */
    static Map<String, String> sqnrColumn(String report) {
        Map<String, String> out = new TreeMap<>();
        List<String> lines = report.lines().filter(l -> l.startsWith("|")).toList();
        String[] header = lines.get(0).split("\\|");
        int col = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals("SQNR dB")) {
                col = i;
            }
        }
        for (String l : lines.subList(2, lines.size())) {
            String[] cells = l.split("\\|");
            out.put(cells[1].trim(), cells[col].trim());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"minmax", "percentile", "kld", "minmax\n  search: true"})
    void everyRangeMethodIsDeterministic(String method, @TempDir Path tmp) throws Exception {
        Map<String, byte[]> first = null;
        for (int run = 0; run < 2; run++) {
            Path cp = TestNets.GRAPH.writeResources(tmp.resolve(method.replaceAll("[^a-z]", "") + run));
            Path yaml = cp.resolve("graph/graph.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("activations: minmax", "activations: " + method));
            Compilation c = Fixtures.compile(cp, TestNets.GRAPH.source());
            assertThat(c).succeeded();
            if (method.contains("search")) {
                assertThat(c).hadNoteContaining("[j2cmsis:quant] the format search (quantization.search)");
                assertThat(c).hadNoteContaining("held-back calibration samples");
                assertThat(c).hadWarningCount(0);
            }
            Map<String, byte[]> files = new TreeMap<>();
            for (var f : c.generatedFiles()) {
                try (var in = f.openInputStream()) {
                    files.put(f.getName(), in.readAllBytes());
                }
            }
            if (first == null) {
                first = files;
                continue;
            }
            assertEquals(first.keySet(), files.keySet());
            for (Entry<String, byte[]> e : first.entrySet()) {
                assertTrue(java.util.Arrays.equals(e.getValue(), files.get(e.getKey())), e.getKey() + " differs");
            }
        }
    }

    @Test
    void methodsChooseDifferentFormatsOnTheSameData(@TempDir Path tmp) throws Exception {
        Map<String, String> reports = new TreeMap<>();
        for (String method : List.of("minmax", "percentile", "kld")) {
            Path cp = TestNets.GRAPH.writeResources(tmp.resolve(method));
            Path yaml = cp.resolve("graph/graph.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("activations: minmax",
                    "activations: " + method + "\n  percentile: 99.0"));
            Compilation c = Fixtures.compile(cp, TestNets.GRAPH.source());
            assertThat(c).succeeded();
            reports.put(method, c.generatedFile(StandardLocation.SOURCE_OUTPUT, "graph", "graph_net_params.h")
                    .orElseThrow().getCharContent(true).toString());
        }
        assertTrue(!reports.get("minmax").equals(reports.get("percentile")),
                "a 99th percentile clips more than min-max, so some format must differ");
    }
}
