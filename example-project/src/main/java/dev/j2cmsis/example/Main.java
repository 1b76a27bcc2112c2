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
    }

    static List<Path> cFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")
                    || p.toString().endsWith(".md")).sorted().toList();
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
