package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.eval.Accuracy;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The s8 promise on real data: each example network generated with {@code scheme: s8} stays within 0.1 percentage
 * points of its float network's top-1 accuracy on the 10,000 Fashion-MNIST test images, and agrees with the float
 * network's arg-max on at least 98.9 % of them (measured 98.99 % for the depthwise network, 99.4-99.7 % for the
 * others; TFLite's int8 post-training quantization reaches 98.7-99.6 % on such networks); the depthwise network is at
 * least as accurate in s8 as in q7.
 */
class S8AccuracyTest {
    @ParameterizedTest
    @EnumSource(S8Net.class)
    void s8AccuracyWithinATenthOfAPointOfFloat(S8Net net) {
        FashionMnist test = TestSet.images();
        assertEquals(10_000, test.size());
        int threads = Runtime.getRuntime().availableProcessors();
        Main.Evaluation e = Main.Evaluation.run(test, net.s8(), net.floatNet(), threads);
        System.out.printf(Locale.ROOT, "%s: float accuracy: %.2f%%, s8 accuracy: %.2f%%, arg-max agreement %.2f%%%n",
                net.cName(), e.floatAccuracy(), e.q7Accuracy(), e.agreement());
        assertTrue(e.floatAccuracy() > 85.0, "the trained float network should exceed 85%: " + e.floatAccuracy());
        assertTrue(Math.abs(e.q7Accuracy() - e.floatAccuracy()) <= 0.1 + 1e-9, String.format(Locale.ROOT,
                "%s: s8 accuracy %.2f%% is more than 0.1 points from float %.2f%%", net.cName(), e.q7Accuracy(),
                e.floatAccuracy()));
        assertTrue(e.agreement() >= 98.9, String.format(Locale.ROOT, "%s: s8 and float agree on %.2f%% of the images",
                net.cName(), e.agreement()));
        if (net == S8Net.DEPTHWISE) {
            float[][] x = test.images();
            var q7 = net.q7Twin().q7();
            double q7Accuracy = 100.0 * Accuracy.correct(Accuracy.predictAll(x.length, i -> q7.predict(x[i]), threads),
                    test.labels()) / x.length;
            assertTrue(e.q7Accuracy() >= q7Accuracy, String.format(Locale.ROOT, "depthwise: s8 %.2f%% < q7 %.2f%%",
                    e.q7Accuracy(), q7Accuracy));
        }
    }
}
