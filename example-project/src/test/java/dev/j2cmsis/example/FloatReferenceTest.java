package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.data.NdArray;
import dev.j2cmsis.sim.data.NpzReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated float reference against PyTorch itself: the logits training/train_lenet.py computed for the
 * first 32 test images (training/reference_outputs.npz), so "float accuracy" means the trained model's.
 */
class FloatReferenceTest {
    @Test
    void floatReferenceMatchesPyTorchLogits() throws Exception {
        Map<String, NdArray> ref = NpzReader.read(Path.of("training/reference_outputs.npz"));
        NdArray logits = ref.get("logits");
        assertEquals(32, logits.items());
        FashionLeNetFloat f = new FashionLeNetFloat();
        FashionMnist test = TestSet.images();
        for (int i = 0; i < 32; i++) {
            float[] expected = logits.itemFloats(i);
            float[] actual = f.forward(test.images()[i]);
            for (int j = 0; j < 10; j++) {
                assertEquals(expected[j], actual[j], 1e-4 + 1e-4 * Math.abs(expected[j]),
                        "image " + i + " logit " + j);
            }
        }
    }
}
