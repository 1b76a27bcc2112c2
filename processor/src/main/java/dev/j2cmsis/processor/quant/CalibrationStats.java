package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.quant.stats.ActivationStats;
import dev.j2cmsis.processor.quant.stats.Histogram;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The float network's activations over the calibration data: per layer output (and the network input) the
 * count, range and histograms {@link ActivationStats} keeps, each tensor only what its backend reads ({@link
 * ActivationStats.Collect}). Two passes, because the histograms need the range first; the data streams through both
 * in chunks of {@link #CHUNK} samples, so the heap holds the model, one chunk's activations and at most
 * {@link #CACHE_FLOATS} kept floats, whatever the number of samples.
 *
 * <p>To spare pass 2 its forward runs, pass 1 keeps the outputs pass 2 bins, of every sample, when they fit in
 * {@link #CACHE_FLOATS} (one array per layer); else the outputs of the layers with weights (nearly all of the time of
 * a forward run) of the first samples, up to that budget, and pass 2 recomputes only the cheap layers (activations,
 * pools, flatten) of those samples from them, and runs the others again in full.
 * Both give the same floats as one full run (the kernels are deterministic), so the statistics do not depend
 * on the budget.
 *
 * <p>Work is parallel twice over, with results independent of scheduling: the samples of a chunk run through
 * the float network in parallel, then every tensor's statistics take that chunk's values in sample order, the
 * tensors in parallel.
 */
public final class CalibrationStats {
    /**
     * At most this many floats of pass-1 outputs are kept for pass 2 (and for {@link #outputs}): a fifth of the
     * heap javac may grow to (at 4 bytes a float), at most 1 GB and at least 32 MB; bounded by the heap limit, not
     * by samples x activations. (A fixed 128 MB kept 545 of the 12 M-MAC network's 1,000 samples and ran the other
     * 455 twice; javac's default heap, a quarter of the RAM, keeps them all on a machine with 8 GB or more.)
     */
    static final long CACHE_FLOATS = Math.max(8_000_000L, Math.min(256_000_000L,
            Runtime.getRuntime().maxMemory() / 5 / Float.BYTES));
    /** Overrides {@link #CACHE_FLOATS} (tests). */
    public static final String KEPT_FLOATS_PROPERTY = "j2cmsis.calibration.keptFloats";
    /** Bins of the |x| histograms; enough for KL over 128 levels four formats finer than min-max. */
    static final int BINS = 2048;
    /**
     * Samples run through the float network at once, in parallel: enough to keep every core busy between two
     * joins (smaller chunks lost time waiting for the slowest task on a loaded machine), few enough that one
     * chunk's activations stay small next to the model.
     */
    static final int CHUNK = 16 * Math.max(1, Runtime.getRuntime().availableProcessors());

    /** {@link #CHUNK}: how many samples the stages after calibration run at once, in parallel. */
    public static int chunk() {
        return CHUNK;
    }

    private final NetworkModel model;
    private final List<float[]> inputs;
    private final ActivationStats input;
    private final List<ActivationStats> layers;
    /**
     * Layer i's outputs of the first {@link #keptSamples} samples one after the other, or null where not kept: one
     * array per layer, allocated once (large arrays go straight to the old generation), so that the garbage
     * collector never copies them, as it copied a kept array per sample and layer (a quarter of a second per
     * build of a small network over 2,000 samples).
     */
    private final float[][] kept;
    private final int keptSamples;
    /** The smallest, over the samples, of the second-largest value of the network's output. */
    private final double outputSecondLargestMin;

    private CalibrationStats(NetworkModel model, List<float[]> inputs, ActivationStats input,
                             List<ActivationStats> layers, float[][] kept, int keptSamples,
                             double outputSecondLargestMin) {
        this.outputSecondLargestMin = outputSecondLargestMin;
        this.model = model;
        this.inputs = inputs;
        this.input = input;
        this.layers = layers;
        this.kept = kept;
        this.keptSamples = keptSamples;
    }

    public static CalibrationStats collect(NetworkModel model, List<float[]> inputs) {
        return collect(model, inputs, true, null);
    }

    /**
     * {@code signedHistograms}: whether to keep the signed histograms the legacy report plots; {@code collect}: what
     * each tensor's statistics gather ([n]: the network input), null for everything.
     */
    public static CalibrationStats collect(NetworkModel model, List<float[]> inputs, boolean signedHistograms,
                                           ActivationStats.Collect[] collect) {
        int n = model.layers().size();
        ActivationStats.Collect[] what = collect != null ? collect.clone() : new ActivationStats.Collect[n + 1];
        if (what.length != n + 1) {
            throw new IllegalArgumentException("collect has " + what.length + " entries, not layers + 1 = " + (n + 1));
        }
        ActivationStats[] stats = new ActivationStats[n + 1];
        for (int i = 0; i <= n; i++) {
            what[i] = what[i] == null ? ActivationStats.Collect.HISTOGRAMS : what[i];
            stats[i] = new ActivationStats(BINS, signedHistograms, what[i]);
        }
        boolean[] binned = new boolean[n];
        for (int i = 0; i < n; i++) {
            binned[i] = what[i].compareTo(ActivationStats.Collect.PLOT) >= 0;
        }
        // The system property is for tests, which show that the statistics do not depend on the budget.
        long budget = Long.getLong(KEPT_FLOATS_PROPERTY, CACHE_FLOATS);
        // The outputs pass 2 bins, of every sample, when they fit in the budget (pass 2 then runs nothing); else the
        // layers with weights of the first samples, and pass 2 recomputes the cheap ones from them.
        long binnedPerSample = 0;
        for (int i = 0; i < n; i++) {
            binnedPerSample += binned[i] ? model.layers().get(i).out().size() : 0;
        }
        boolean keepAll = binnedPerSample * inputs.size() <= budget;
        boolean[] keep = new boolean[n];
        long keptPerSample = 0;
        for (int i = 0; i < n; i++) {
            keep[i] = keepAll ? binned[i] : FloatForward.expensive(model.layers().get(i));
            keptPerSample += keep[i] ? model.layers().get(i).out().size() : 0;
        }
        int keepSamples = (int) Math.min(inputs.size(), keptPerSample == 0 ? inputs.size()
                : budget / keptPerSample);
        float[][] kept = new float[n][];
        accumulate(n - 1, i -> kept[i] = keep[i] && keepSamples > 0
                ? new float[keepSamples * model.layers().get(i).out().size()] : null);
        double secondMin = Double.POSITIVE_INFINITY;
        for (int from = 0; from < inputs.size(); from += CHUNK) {
            int to = Math.min(inputs.size(), from + CHUNK);
            List<float[][]> chunk = forward(model, inputs.subList(from, to), kept, from, 0);   // all in full
            for (float[][] row : chunk) {
                secondMin = Math.min(secondMin, secondLargest(row[n - 1]));
            }
            List<float[]> ins = inputs.subList(from, to);
            int start = from;
            accumulate(n, i -> {
                for (int k = 0; k < chunk.size(); k++) {
                    float[] v = i == n ? ins.get(k) : chunk.get(k)[i];
                    stats[i].pass1(v);
                    if (i < n && kept[i] != null && start + k < keepSamples) {
                        System.arraycopy(v, 0, kept[i], (start + k) * v.length, v.length);
                    }
                }
            });
        }
        accumulate(n, i -> stats[i].startHistograms());
        boolean inputBinned = what[n].compareTo(ActivationStats.Collect.PLOT) >= 0;
        if (keepAll) {
            // Every binned output of every sample was kept: pass 2 reads them, and runs no layer.
            accumulate(n, i -> {
                if (i == n && inputBinned) {
                    inputs.forEach(stats[n]::pass2);
                } else if (i < n && binned[i]) {
                    stats[i].pass2(kept[i], 0, inputs.size() * model.layers().get(i).out().size());
                }
            });
        } else {
            for (int from = 0; from < inputs.size(); from += CHUNK) {
                int to = Math.min(inputs.size(), from + CHUNK);
                List<float[][]> chunk = forward(model, inputs.subList(from, to), kept, from, keepSamples);
                List<float[]> ins = inputs.subList(from, to);
                accumulate(n, i -> {
                    if (i == n ? inputBinned : binned[i]) {
                        for (int k = 0; k < chunk.size(); k++) {
                            stats[i].pass2(i == n ? ins.get(k) : chunk.get(k)[i]);
                        }
                    }
                });
            }
        }
        return new CalibrationStats(model, inputs, stats[n], List.of(stats).subList(0, n), kept, keepSamples,
                secondMin);
    }

    /** Runs {@code task(i)} for i in 0..n (the layers; i == n is the input) in parallel, each on tensor i only. */
    private static void accumulate(int n, java.util.function.IntConsumer task) {
        IntStream.rangeClosed(0, n).parallel().forEach(task);
    }

    /**
     * The outputs of samples {@code first..} ({@code samples}), those below {@code keptSamples} completed from their
     * kept outputs (copied out), the others run in full; in parallel, in sample order.
     */
    private static List<float[][]> forward(NetworkModel model, List<float[]> samples, float[][] kept, int first,
                                           int keptSamples) {
        return IntStream.range(0, samples.size()).parallel().mapToObj(k -> first + k < keptSamples
                ? FloatForward.complete(model, samples.get(k), row(model, kept, first + k))
                : FloatForward.run(model, samples.get(k))).toList();
    }

    /** Copies of sample s's kept outputs, null for the layers not kept. */
    private static float[][] row(NetworkModel model, float[][] kept, int s) {
        float[][] row = new float[kept.length][];
        for (int i = 0; i < kept.length; i++) {
            int size = model.layers().get(i).out().size();
            row[i] = kept[i] == null ? null : java.util.Arrays.copyOfRange(kept[i], s * size, (s + 1) * size);
        }
        return row;
    }

    /**
     * Every layer's float output for calibration sample s, when its expensive layers were kept in pass 1
     * (completed from copies); else null, and the caller runs the sample itself.
     */
    public float[][] outputs(int s) {
        return s < keptSamples ? FloatForward.complete(model, inputs.get(s), row(model, kept, s)) : null;
    }

    /**
     * The smallest second-largest value of the network's output over the calibration samples (+infinity with fewer
     * than two outputs): below it, on every sample, two outputs were larger, so nothing there decided an arg-max.
     */
    public double outputSecondLargestMin() {
        return outputSecondLargestMin;
    }

    private static double secondLargest(float[] v) {
        if (v.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            if (x > first) {
                second = first;
                first = x;
            } else if (x > second) {
                second = x;
            }
        }
        return second;
    }

    public ActivationStats input() {
        return input;
    }

    /** Layer i's float output distribution. */
    public ActivationStats layer(int i) {
        return layers.get(i);
    }

    /**
     * Layer i's |x| histogram without its exact zeros: after a ReLU half the values are exactly 0, and that
     * spike would dominate an entropy calibration (as ncnn also skips zeros).
     */
    public Histogram absHistogramWithoutZeros(int i) {
        Histogram h = layers.get(i).absHistogram();
        long[] c = h.counts();
        c[0] = Math.max(0, c[0] - layers.get(i).zeros());
        return new Histogram(h.lo(), h.hi(), c);
    }
}
