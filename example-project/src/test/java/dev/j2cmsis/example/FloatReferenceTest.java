package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.data.NdArray;
import dev.j2cmsis.sim.data.NpzReader;
import dev.j2cmsis.sim.runtime.FloatNetwork;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated float references against PyTorch itself: the logits the training scripts computed for the
 * first 32 test images (training/reference_*.npz), so "float accuracy" means the trained model's. Batch norms
 * are folded into the convolutions here, so agreement is to float rounding, not bit for bit.
 */
class FloatReferenceTest {
    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void floatReferenceMatchesPyTorchLogits(ExampleNet net) throws Exception {
        Map<String, NdArray> ref = NpzReader.read(net.reference());
        NdArray logits = ref.get("logits");
        assertEquals(32, logits.items());
        FloatNetwork f = net.floatNet();
        FashionMnist test = TestSet.images();
        for (int i = 0; i < 32; i++) {
            float[] expected = logits.itemFloats(i);
            float[] actual = f.forward(test.images()[i]);
            for (int j = 0; j < 10; j++) {
                assertEquals(expected[j], actual[j], 2e-4 + 2e-4 * Math.abs(expected[j]),
                        net + " image " + i + " logit " + j);
            }
        }
    }
}
