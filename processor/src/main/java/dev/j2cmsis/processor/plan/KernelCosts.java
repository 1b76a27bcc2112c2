package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.read.config.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Measured Cortex-M4 costs (executed instructions, fitted per MAC, per output value and per output pixel and
 * kernel tap) of kernels that compute the same bytes, from {@code kernel-costs.properties}, which
 * InstructionCountBench's numbers fill (BENCHMARKS.md). The planner picks the cheaper one; only choices backed
 * by a measurement are made.
 */
final class KernelCosts {
    private static final Properties COSTS = load();

    private KernelCosts() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = KernelCosts.class.getResourceAsStream("kernel-costs.properties")) {
            if (in == null) {
                throw new IllegalStateException("kernel-costs.properties missing beside " + KernelCosts.class);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * The fitted cost of one implementation, or NaN when it was not measured.
     *
     * @param key {@code conv.<function>.ch<in>.<arm|j2cmsis>}
     */
    private static double cost(String key, long macs, long outputs, long pixelTaps) {
        String[] terms = {"perMac", "perOutput", "perPixelTap"};
        long[] counts = {macs, outputs, pixelTaps};
        double cost = 0;
        boolean measured = false;
        for (int t = 0; t < terms.length; t++) {
            String v = COSTS.getProperty(key + "." + terms[t]);
            if (v != null) {
                cost += Double.parseDouble(v) * counts[t];
                measured = true;
            }
        }
        return measured ? cost : Double.NaN;
    }

    /**
     * True when j2cmsis's portable convolution is measured cheaper than CMSIS-NN's for this layer on the target's
     * path (only Cortex-M4-class DSP targets are measured).
     */
    static boolean portableConvCheaper(ConvVariant v, LayerSpec.Conv2d c, Target target) {
        if (!target.dsp()) {
            return false;
        }
        String key = "conv." + v.function() + ".ch" + c.in().c();
        long outputs = c.out().size();
        long pixelTaps = (long) c.out().h() * c.out().w() * c.geometry().kernelY() * c.geometry().kernelX();
        return cost(key + ".j2cmsis", c.macs(), outputs, pixelTaps) < cost(key + ".arm", c.macs(), outputs, pixelTaps);
    }
}
