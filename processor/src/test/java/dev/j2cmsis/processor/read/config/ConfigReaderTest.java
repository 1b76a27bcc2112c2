package dev.j2cmsis.processor.read.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.processor.read.config.QuantizationConfig.Activations;
import dev.j2cmsis.processor.read.config.QuantizationConfig.Scheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    private static final String NAME = "dev/x/fashion_lenet.yaml";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private SourcePos at(int line, int column) {
        return new SourcePos(NAME, line, column);
    }

    @Test
    void readsFullFile() throws Exception {
        write("fashion_lenet.safetensors", "w");
        write("data/calib-images-idx3-ubyte.gz", "d");
        Path yaml = write("fashion_lenet.yaml", """
                # FashionMNIST LeNet
                weights: fashion_lenet.safetensors
                names:
                  conv1: features.0
                  conv2: features.3
                  fc1: 0
                calibration:
                  data: data/../data/calib-images-idx3-ubyte.gz
                  samples: 1000
                  transform:
                    scale: 0.00392156862745098
                    mean: [0.2860, 0.5]
                    std: 0.3530
                quantization:
                  scheme: q7
                  activations: minmax
                target: cortex-m7
                """);

        NetworkConfig c = ConfigReader.read(yaml, NAME);

        assertEquals(yaml.toAbsolutePath().normalize(), c.yamlFile());
        assertEquals(at(2, 1), c.pos());
        assertEquals(Located.of(dir.resolve("fashion_lenet.safetensors").toAbsolutePath().normalize(), at(2, 10)),
                c.weights());
        assertEquals(List.of("conv1", "conv2", "fc1"), List.copyOf(c.names().keySet()));
        assertEquals(Located.of("features.0", at(4, 10)), c.names().get("conv1"));
        assertEquals(Located.of("0", at(6, 8)), c.names().get("fc1"));
        assertEquals(at(5, 3), c.nameKeys().get("conv2"));
        assertEquals("features.3", c.weightPrefix("conv2"));
        assertEquals("conv9", c.weightPrefix("conv9"));

        CalibrationConfig cal = c.calibration();
        assertEquals(at(7, 1), cal.pos());
        assertEquals(dir.resolve("data/calib-images-idx3-ubyte.gz").toAbsolutePath().normalize(), cal.data().value());
        assertEquals(at(8, 9), cal.data().pos());
        assertEquals(Located.of(1000, at(9, 12)), cal.samples().orElseThrow());

        TransformConfig t = cal.transform();
        assertEquals(0.00392156862745098, t.scale());
        assertArrayEquals(new double[] {0.2860, 0.5}, t.mean());
        assertArrayEquals(new double[] {0.3530}, t.std());
        assertEquals(at(10, 3), t.pos());
        assertEquals(at(11, 12), t.scalePos());
        assertEquals(List.of(at(12, 12), at(12, 20)), t.meanPos());
        assertEquals(List.of(at(13, 10)), t.stdPos());
        assertEquals(2, t.channels());
        assertEquals((255 * 0.00392156862745098 - 0.5) / 0.3530, t.apply(255, 1), 1e-12);

        assertEquals(Located.of(Scheme.Q7, at(15, 11)), c.quantization().scheme());
        assertEquals(Located.of(Activations.MINMAX, at(16, 16)), c.quantization().activations());
        assertEquals(Located.of(Target.CORTEX_M7, at(17, 9)), c.target());
        assertTrue(c.target().value().dsp());
    }

    @Test
    void minimalFileGetsDefaults() throws Exception {
        write("w.safetensors", "w");
        write("calib.npy", "d");
        Path yaml = write("fashion_lenet.yaml", """
                weights: w.safetensors
                calibration:
                  data: calib.npy
                """);

        NetworkConfig c = ConfigReader.read(yaml, NAME);

        assertTrue(c.names().isEmpty());
        assertTrue(c.nameKeys().isEmpty());
        assertTrue(c.calibration().samples().isEmpty());
        TransformConfig t = c.calibration().transform();
        assertEquals(TransformConfig.identity(at(2, 1)), t);
        assertEquals(1.0, t.scale());
        assertArrayEquals(new double[] {0.0}, t.mean());
        assertArrayEquals(new double[] {1.0}, t.std());
        assertEquals(Located.of(Scheme.Q7, at(1, 1)), c.quantization().scheme());
        assertEquals(Located.of(Activations.MINMAX, at(1, 1)), c.quantization().activations());
        assertEquals(Located.of(Target.CORTEX_M4, at(1, 1)), c.target());
    }

    @Test
    void absolutePathsAndContentVariant() throws Exception {
        Path w = write("elsewhere/w.safetensors", "w");
        write("sub/train-images.idx3-ubyte", "d");
        String yaml = "weights: " + w.toAbsolutePath() + "\n"
                + "calibration: {data: ./sub/train-images.idx3-ubyte, transform: {std: [0.5, 0.25, 2]}}\n"
                + "target: cortex-m0\n";

        NetworkConfig c = ConfigReader.read(yaml, dir, NAME);

        assertEquals(dir.resolve("fashion_lenet.yaml").toAbsolutePath().normalize(), c.yamlFile());
        assertEquals(w.toAbsolutePath().normalize(), c.weights().value());
        assertEquals(dir.resolve("sub/train-images.idx3-ubyte").toAbsolutePath().normalize(),
                c.calibration().data().value());
        assertEquals(0.25, c.calibration().transform().stdFor(1));
        assertEquals(0.0, c.calibration().transform().meanFor(2));
        assertFalse(c.target().value().dsp());
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        write("w.safetensors", "w");
        write("calib.npy", "d");
        Path yaml = write("fashion_lenet.yaml", "\uFEFFweights: w.safetensors\ncalibration: {data: calib.npy}\n");
        assertEquals(at(1, 10), ConfigReader.read(yaml, NAME).weights().pos());
    }

    @Test
    void transformArraysAreCopied() {
        SourcePos p = at(1, 1);
        double[] mean = {1.0};
        TransformConfig t = new TransformConfig(1.0, mean, new double[] {2.0}, p, p, List.of(p), List.of(p));
        mean[0] = 5.0;
        t.mean()[0] = 6.0;
        assertArrayEquals(new double[] {1.0}, t.mean());
    }

    @Test
    void suggestsCloseNames() {
        assertEquals("calibration", Suggest.closest("calibation", ConfigReader.ROOT_KEYS).orElseThrow());
        assertEquals("cortex-m4", Suggest.closest("M4", List.of("cortex-m4", "cortex-m7")).orElseThrow());
        assertTrue(Suggest.closest("foo", ConfigReader.ROOT_KEYS).isEmpty());
    }

    @Test
    void quantizationOverridesPerLayer() throws Exception {
        write("w.safetensors", "w");
        write("calib.npy", "d");
        Path yaml = write("q.yaml", """
                weights: w.safetensors
                calibration:
                  data: calib.npy
                quantization:
                  scheme: q15
                  activations: percentile
                  percentile: 99.9
                  search: true
                  layers:
                    fc1: {scheme: q7q15}
                    conv1:
                      activations: kld
                """);

        QuantizationConfig q = ConfigReader.read(yaml, NAME).quantization();

        assertEquals(Scheme.Q15, q.scheme().value());
        assertEquals(Activations.PERCENTILE, q.activations().value());
        assertEquals(99.9, q.percentile().value());
        assertTrue(q.search().value());
        assertEquals(List.of("fc1", "conv1"), List.copyOf(q.layers().keySet()));
        assertEquals(Scheme.Q7Q15, q.layers().get("fc1").scheme().value());
        assertEquals(at(10, 19), q.layers().get("fc1").scheme().pos());
        assertEquals(null, q.layers().get("fc1").activations());
        assertEquals(Activations.KLD, q.layers().get("conv1").activations().value());
        assertEquals(at(11, 5), q.layers().get("conv1").keyPos());
    }
}
