package dev.j2cmsis.processor.quant.stats;

/**
 * {@link ActivationStats} for every tensor of a network, fed with whole forward runs (one float array per
 * tensor, as {@code FloatForward.run} returns them):
 * <pre>
 *   StatsCollector c = new StatsCollector(layers, ActivationStats.DEFAULT_BINS);
 *   for (float[] x : inputs) c.pass1(FloatForward.run(model, x));
 *   c.startHistograms();
 *   for (float[] x : inputs) c.pass2(FloatForward.run(model, x));
 *   int frac = RangeChooser.chooseFrac(c.stats(i).absHistogram(), RangeMethod.kld());
 * </pre>
 */
public final class StatsCollector {
    private final ActivationStats[] stats;

    public StatsCollector(int tensors, int bins) {
        stats = new ActivationStats[tensors];
        for (int i = 0; i < tensors; i++) {
            stats[i] = new ActivationStats(bins);
        }
    }

    public int tensors() {
        return stats.length;
    }

    /** Pass 1 of one sample: {@code values[i]} is tensor i. */
    public void pass1(float[][] values) {
        checkLength(values);
        for (int i = 0; i < stats.length; i++) {
            stats[i].pass1(values[i]);
        }
    }

    public void startHistograms() {
        for (ActivationStats s : stats) {
            s.startHistograms();
        }
    }

    /** Pass 2 of one sample: {@code values[i]} is tensor i. */
    public void pass2(float[][] values) {
        checkLength(values);
        for (int i = 0; i < stats.length; i++) {
            stats[i].pass2(values[i]);
        }
    }

    public ActivationStats stats(int tensor) {
        return stats[tensor];
    }

    private void checkLength(float[][] values) {
        if (values.length != stats.length) {
            throw new IllegalArgumentException("got " + values.length + " tensors, expected " + stats.length);
        }
    }
}
