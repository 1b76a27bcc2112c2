package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.quant.stats.ActivationStats;
import dev.j2cmsis.processor.quant.stats.Histogram;
import java.util.ArrayList;
import java.util.List;

/**
 * The float network's activations over the calibration data: per layer output (and the network input) the
 * count, range and histograms {@link ActivationStats} keeps. Two passes (the histograms need the range first);
 * the float outputs of the first pass are kept for the second when they fit in {@link #CACHE_FLOATS}, else
 * recomputed.
 */
public final class CalibrationStats {
    /** At most this many floats (~200 MB) are kept between the passes. */
    static final long CACHE_FLOATS = 50_000_000L;
    /** Bins of the |x| histograms; enough for KL over 128 levels four formats finer than min-max. */
    static final int BINS = 2048;

    private final ActivationStats input;
    private final List<ActivationStats> layers;
    private final long[] zeros;
    private final List<float[][]> cache;

    private CalibrationStats(ActivationStats input, List<ActivationStats> layers, long[] zeros,
                             List<float[][]> cache) {
        this.input = input;
        this.layers = layers;
        this.zeros = zeros;
        this.cache = cache;
    }

    /** Samples run through the float network at once, in parallel. */
    static final int CHUNK = 256;

    public static CalibrationStats collect(NetworkModel model, List<float[]> inputs) {
        int n = model.layers().size();
        ActivationStats in = new ActivationStats(BINS);
        List<ActivationStats> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ActivationStats(BINS));
        }
        List<float[][]> cache = new ArrayList<>();
        long cached = 0;
        long[] zeros = new long[n];
        for (int from = 0; from < inputs.size(); from += CHUNK) {
            // The float passes are independent per sample: run a chunk in parallel, then accumulate in sample
            // order, so the statistics do not depend on scheduling.
            List<float[][]> chunk = forward(model, inputs.subList(from, Math.min(inputs.size(), from + CHUNK)));
            for (int k = 0; k < chunk.size(); k++) {
                float[][] outs = chunk.get(k);
                in.pass1(inputs.get(from + k));
                long floats = 0;
                for (int i = 0; i < n; i++) {
                    out.get(i).pass1(outs[i]);
                    floats += outs[i].length;
                    for (float v : outs[i]) {
                        if (v == 0f) {
                            zeros[i]++;
                        }
                    }
                }
                cached += floats;
                if (cached <= CACHE_FLOATS && cache.size() == from + k) {
                    cache.add(outs);
                }
            }
        }
        in.startHistograms();
        out.forEach(ActivationStats::startHistograms);
        for (int from = 0; from < inputs.size(); from += CHUNK) {
            int to = Math.min(inputs.size(), from + CHUNK);
            List<float[][]> chunk = to <= cache.size() ? cache.subList(from, to)
                    : forward(model, inputs.subList(from, to));
            for (int k = 0; k < chunk.size(); k++) {
                in.pass2(inputs.get(from + k));
                for (int i = 0; i < n; i++) {
                    out.get(i).pass2(chunk.get(k)[i]);
                }
            }
        }
        return new CalibrationStats(in, List.copyOf(out), zeros, cache);
    }

    private static List<float[][]> forward(NetworkModel model, List<float[]> samples) {
        return samples.parallelStream().map(x -> FloatForward.run(model, x)).toList();
    }

    /** Every layer's float output for calibration sample s, when it was kept; else null. */
    public float[][] outputs(int s) {
        return s < cache.size() ? cache.get(s) : null;
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
        c[0] = Math.max(0, c[0] - zeros[i]);
        return new Histogram(h.lo(), h.hi(), c);
    }
}
