package dev.j2cmsis.processor.plan;

import dev.j2cmsis.processor.read.config.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Measured Cortex-M4 costs (executed instructions per multiply-accumulate) of kernels that compute the same
 * bytes, from {@code kernel-costs.properties}, which InstructionCountBench's numbers fill (BENCHMARKS.md). The
 * planner picks the cheaper one; only choices backed by a measurement are made.
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

    private static double cost(String key) {
        String v = COSTS.getProperty(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    /**
     * True when j2cmsis's portable convolution is measured cheaper than CMSIS-NN's for this variant and input
     * channel count on the target's path (only Cortex-M4-class DSP targets are measured).
     */
    static boolean portableConvCheaper(ConvVariant v, int channelsIn, Target target) {
        if (!target.dsp()) {
            return false;
        }
        String key = "conv." + v.function() + ".ch" + channelsIn;
        return cost(key + ".j2cmsis") < cost(key + ".arm");
    }
}
