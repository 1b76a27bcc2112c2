package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The promise on real data: the generated q7 simulator keeps the float network's top-1 accuracy on the
 * 10,000 Fashion-MNIST test images within 0.5 percentage points.
 */
class AccuracyTest {
    @Test
    void q7AccuracyWithinHalfAPointOfFloat() {
        FashionMnist test = TestSet.images();
        assertEquals(10_000, test.size());
        Main.Evaluation e = Main.Evaluation.run(test, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "float accuracy: %.2f%%%nq7 accuracy: %.2f%%%n", e.floatAccuracy(),
                e.q7Accuracy());
        assertTrue(e.floatAccuracy() > 85.0, "the trained float network should exceed 85%: " + e.floatAccuracy());
        assertTrue(e.q7Accuracy() >= e.floatAccuracy() - 0.5, String.format(Locale.ROOT,
                "q7 accuracy %.2f%% is more than 0.5 points below float %.2f%%", e.q7Accuracy(), e.floatAccuracy()));
    }

    @Test
    void parallelEvaluationIsDeterministic() {
        FashionMnist test = TestSet.images();
        Main.Evaluation one = Main.Evaluation.run(test, 1);
        Main.Evaluation all = Main.Evaluation.run(test, Runtime.getRuntime().availableProcessors());
        assertTrue(java.util.Arrays.equals(one.q7Predictions(), all.q7Predictions()));
        assertTrue(java.util.Arrays.equals(one.floatPredictions(), all.floatPredictions()));
    }
}
