package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The promise on real data: each generated q7 simulator keeps its float network's top-1 accuracy on the
 * 10,000 Fashion-MNIST test images within 0.5 percentage points.
 */
class AccuracyTest {
    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void q7AccuracyWithinHalfAPointOfFloat(ExampleNet net) {
        FashionMnist test = TestSet.images();
        assertEquals(10_000, test.size());
        Main.Evaluation e = Main.Evaluation.run(test, net.q7(), net.floatNet(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%s: float accuracy: %.2f%%, q7 accuracy: %.2f%%%n", net.cName(),
                e.floatAccuracy(), e.q7Accuracy());
        assertTrue(e.floatAccuracy() > 85.0, "the trained float network should exceed 85%: " + e.floatAccuracy());
        assertTrue(e.q7Accuracy() >= e.floatAccuracy() - 0.5, String.format(Locale.ROOT,
                "%s: q7 accuracy %.2f%% is more than 0.5 points below float %.2f%%", net.cName(), e.q7Accuracy(),
                e.floatAccuracy()));
    }

    @Test
    void parallelEvaluationIsDeterministic() {
        FashionMnist test = TestSet.images();
        Main.Evaluation one = Main.Evaluation.run(test, new FashionLeNetQ7(), new FashionLeNetFloat(), 1);
        Main.Evaluation all = Main.Evaluation.run(test, new FashionLeNetQ7(), new FashionLeNetFloat(),
                Runtime.getRuntime().availableProcessors());
        assertTrue(java.util.Arrays.equals(one.q7Predictions(), all.q7Predictions()));
        assertTrue(java.util.Arrays.equals(one.floatPredictions(), all.floatPredictions()));
    }
}
