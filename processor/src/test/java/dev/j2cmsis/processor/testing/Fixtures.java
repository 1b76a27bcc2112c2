package dev.j2cmsis.processor.testing;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.j2cmsis.processor.J2cmsisProcessor;
import dev.j2cmsis.sim.data.NpyWriter;
import dev.j2cmsis.sim.data.SafetensorsWriter;
import dev.j2cmsis.sim.data.Tensor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.tools.JavaFileObject;

/**
 * Builds test networks: writes their YAML, weights (random, seeded) and calibration data into a directory
 * that is put on the compilation's class path, compiles a source with the processor, and dumps what it
 * generated to disk so the C can be compiled and the simulator loaded.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** Compiles sources with the processor; {@code resourceDir} joins the class path (where YAML is found). */
    public static Compilation compile(Path resourceDir, List<String> options, JavaFileObject... sources) {
        List<File> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(new File(e));
        }
        cp.add(resourceDir.toFile());
        return javac().withProcessors(new J2cmsisProcessor()).withClasspath(cp).withOptions(options)
                .compile(sources);
    }

    public static Compilation compile(Path resourceDir, JavaFileObject... sources) {
        return compile(resourceDir, List.of(), sources);
    }

    public static JavaFileObject source(String qualifiedName, String code) {
        return JavaFileObjects.forSourceString(qualifiedName, code);
    }

    /** The text of the one generated file whose name ends with {@code name}. */
    public static String generated(Compilation c, String name) throws IOException {
        JavaFileObject f = c.generatedFiles().stream().filter(g -> g.getName().endsWith("/" + name)).findFirst()
                .orElseThrow(() -> new AssertionError("no generated " + name));
        try (InputStream in = f.openInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Writes every generated file under {@code dir}/SOURCE_OUTPUT/... and {@code dir}/CLASS_OUTPUT/... */
    public static Path dump(Compilation c, Path dir) throws IOException {
        for (JavaFileObject f : c.generatedFiles()) {
            String path = f.toUri().getPath();
            Path target = dir.resolve(path.startsWith("/") ? path.substring(1) : path);
            Files.createDirectories(target.getParent());
            try (InputStream in = f.openInputStream()) {
                Files.write(target, in.readAllBytes());
            }
        }
        return dir;
    }

    /** A class loader over the dumped CLASS_OUTPUT (generated classes and their weight resources). */
    public static ClassLoader loader(Path dumpDir) {
        try {
            return new URLClassLoader(new URL[] {dumpDir.resolve("CLASS_OUTPUT").toUri().toURL()},
                    Fixtures.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seeded tensors for a network: He-scaled normal weights, small biases. */
    public static final class Weights {
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();
        private final Random random;

        public Weights(long seed) {
            random = new Random(seed);
        }

        public Weights conv(String name, int outC, int inC, int k, boolean bias) {
            add(name + ".weight", new int[] {outC, inC, k, k}, Math.sqrt(2.0 / (inC * k * k)));
            if (bias) {
                add(name + ".bias", new int[] {outC}, 0.1);
            }
            return this;
        }

        public Weights linear(String name, int outF, int inF, boolean bias) {
            add(name + ".weight", new int[] {outF, inF}, Math.sqrt(2.0 / inF));
            if (bias) {
                add(name + ".bias", new int[] {outF}, 0.1);
            }
            return this;
        }

        /** PyTorch BatchNorm2d tensors with plausible trained statistics (variance > 0). */
        public Weights batchNorm(String name, int c) {
            float[] gamma = new float[c];
            float[] beta = new float[c];
            float[] mean = new float[c];
            float[] var = new float[c];
            for (int i = 0; i < c; i++) {
                gamma[i] = (float) (1 + 0.2 * random.nextGaussian());
                beta[i] = (float) (0.1 * random.nextGaussian());
                mean[i] = (float) (0.1 * random.nextGaussian());
                var[i] = (float) (0.5 + random.nextDouble());
            }
            put(name + ".weight", new int[] {c}, gamma);
            put(name + ".bias", new int[] {c}, beta);
            put(name + ".running_mean", new int[] {c}, mean);
            return put(name + ".running_var", new int[] {c}, var);
        }

        public Weights add(String key, int[] shape, double std) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = (float) (random.nextGaussian() * std);
            }
            tensors.put(key, new Tensor(key, shape, data));
            return this;
        }

        public Weights put(String key, int[] shape, float[] data) {
            tensors.put(key, new Tensor(key, shape, data));
            return this;
        }

        public Map<String, Tensor> tensors() {
            return tensors;
        }

        public void write(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            SafetensorsWriter.write(file, tensors);
        }
    }

    /** Raw calibration images, uniform 0..255, as a float npy of shape [n, c, h, w]. */
    public static void calibration(Path file, long seed, int n, int c, int h, int w) throws IOException {
        Random r = new Random(seed);
        float[] data = new float[n * c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextInt(256);
        }
        Files.createDirectories(file.getParent());
        NpyWriter.write(file, new int[] {n, c, h, w}, data);
    }

    public static void text(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
