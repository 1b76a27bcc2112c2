package dev.j2cmsis.processor.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.processor.model.Geometry;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.read.config.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The measured-cost choice on the two layers it was fitted from, and where nothing was measured. */
class KernelCostsTest {
    private static LayerSpec.Conv2d conv(int outC, int k) {
        return new LayerSpec.Conv2d("c", 0, List.of(LayerSpec.INPUT), List.of(Shape.spatial(1, 28, 28)),
                Shape.spatial(outC, 28, 28), new Geometry(k, k, 1, 1, k / 2, k / 2), false, null, null);
    }

    @Test
    void fewOutputChannelsTakeThePortableKernelManyTakeCmsis() {
        // LeNet's conv1 (k5, 6 outputs) measured 899,592 vs 1,120,083; the depthwise net's (k3, 16 outputs)
        // 1,247,988 vs 744,889.
        assertTrue(KernelCosts.portableConvCheaper(ConvVariant.BASIC, conv(6, 5), Target.CORTEX_M4));
        assertFalse(KernelCosts.portableConvCheaper(ConvVariant.BASIC, conv(16, 3), Target.CORTEX_M4));
    }

    @Test
    void unmeasuredTargetsAndKernelsKeepCmsis() {
        assertFalse(KernelCosts.portableConvCheaper(ConvVariant.BASIC, conv(6, 5), Target.CORTEX_M3));
        assertFalse(KernelCosts.portableConvCheaper(ConvVariant.FAST, conv(6, 5), Target.CORTEX_M4));
    }
}
