package dev.j2cmsis.example;

import dev.j2cmsis.sim.eval.Accuracy;
import dev.j2cmsis.sim.eval.ConfusionMatrix;
import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The example's main job: the network was generated when this project compiled; this evaluates the float
 * reference and the q7 simulator on the 10,000 Fashion-MNIST test images, prints both accuracies, the
 * processor's per-layer report, and where the generated C is.
 *
 * <p>Arguments: the data directory, the generated-sources directory of the network, the C copy directory.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Path generated = Path.of(args[1]);
        Path cCopy = Path.of(args[2]);
        FashionMnist test = FashionMnist.testSet(data);
        Evaluation e = Evaluation.run(test, new FashionLeNetQ7(), new FashionLeNetFloat(),
                Runtime.getRuntime().availableProcessors());
        System.out.println();
        System.out.println(FashionLeNetQ7.report());
        System.out.printf(Locale.ROOT, "Fashion-MNIST test set: %d images%n", test.size());
        System.out.printf(Locale.ROOT, "float accuracy: %.2f%%%n", e.floatAccuracy());
        System.out.printf(Locale.ROOT, "q7 accuracy: %.2f%%%n", e.q7Accuracy());
        System.out.printf(Locale.ROOT, "float and q7 agree on %.2f%% of the images%n", e.agreement());
        System.out.println();
        System.out.println("q7 confusion matrix (rows: true class, columns: predicted):");
        System.out.println(ConfusionMatrix.of(10, test.labels(), e.q7Predictions()).render());
        System.out.println("Generated C (CMSIS-NN legacy q7, CMSIS_5 5.9.0):");
        for (Path p : cFiles(generated)) {
            System.out.println("  " + p.toAbsolutePath().normalize());
        }
        System.out.println("Copied for firmware (-Aj2cmsis.cOutputDir): " + cCopy.toAbsolutePath().normalize());
        System.out.println();
        System.out.println("Every example network, legacy q7 (CMSIS_5 5.9.0) and s8 (CMSIS-NN v7.0.0, int8), on the "
                + test.size() + " test images:");
        for (Twin t : TWINS) {
            Evaluation q7 = Evaluation.run(test, t.q7(), t.q7Float(), Runtime.getRuntime().availableProcessors());
            Evaluation s8 = Evaluation.run(test, t.s8(), t.s8Float(), Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  %-17s float accuracy: %.2f%%   q7 accuracy: %.2f%% (agrees with float on "
                            + "%.2f%%)   s8 accuracy: %.2f%% (agrees with float on %.2f%%)%n", t.name(),
                    s8.floatAccuracy(), q7.q7Accuracy(), q7.agreement(), s8.q7Accuracy(), s8.agreement());
        }
        System.out.println("Generated C of the s8 networks: "
                + generated.resolve("s8").toAbsolutePath().normalize() + " (and in " + cCopy.toAbsolutePath().normalize()
                + ")");
    }

    /** An example network in both backends: its q7 class and its s8 twin (package s8, same layers and weights). */
    record Twin(String name, Q7Network q7, FloatNetwork q7Float, Q7Network s8, FloatNetwork s8Float) {
    }

    static final List<Twin> TWINS = List.of(
            new Twin("FashionLeNet", new FashionLeNetQ7(), new FashionLeNetFloat(),
                    new dev.j2cmsis.example.s8.FashionLeNetS8(), new dev.j2cmsis.example.s8.FashionLeNetFloat()),
            new Twin("FashionNonSquare", new FashionNonSquareQ7(), new FashionNonSquareFloat(),
                    new dev.j2cmsis.example.s8.FashionNonSquareS8(), new dev.j2cmsis.example.s8.FashionNonSquareFloat()),
            new Twin("FashionDepthwise", new FashionDepthwiseQ7(), new FashionDepthwiseFloat(),
                    new dev.j2cmsis.example.s8.FashionDepthwiseS8(), new dev.j2cmsis.example.s8.FashionDepthwiseFloat()),
            new Twin("FashionResidual", new FashionResidualQ7(), new FashionResidualFloat(),
                    new dev.j2cmsis.example.s8.FashionResidualS8(), new dev.j2cmsis.example.s8.FashionResidualFloat()),
            new Twin("FashionTanh", new FashionTanhQ7(), new FashionTanhFloat(),
                    new dev.j2cmsis.example.s8.FashionTanhS8(), new dev.j2cmsis.example.s8.FashionTanhFloat()));

    static List<Path> cFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")
                    || p.toString().endsWith(".md") || p.toString().endsWith(".html")).sorted().toList();
        }
    }

    /** Float and q7 predictions on the test set. */
    public record Evaluation(int[] floatPredictions, int[] q7Predictions, int[] labels) {
        public static Evaluation run(FashionMnist test, Q7Network q, FloatNetwork f, int threads) {
            float[][] x = test.images();
            int[] pf = Accuracy.predictAll(x.length, i -> f.predict(x[i]), threads);
            int[] pq = Accuracy.predictAll(x.length, i -> q.predict(x[i]), threads);
            return new Evaluation(pf, pq, test.labels());
        }

        public double floatAccuracy() {
            return 100.0 * Accuracy.correct(floatPredictions, labels) / labels.length;
        }

        public double q7Accuracy() {
            return 100.0 * Accuracy.correct(q7Predictions, labels) / labels.length;
        }

        public double agreement() {
            int same = 0;
            for (int i = 0; i < labels.length; i++) {
                same += floatPredictions[i] == q7Predictions[i] ? 1 : 0;
            }
            return 100.0 * same / labels.length;
        }
    }
}
