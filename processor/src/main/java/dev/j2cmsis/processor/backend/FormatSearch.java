package dev.j2cmsis.processor.backend;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.plan.Plan;
import dev.j2cmsis.processor.plan.PlanExecutor;
import dev.j2cmsis.processor.plan.Planner;
import dev.j2cmsis.processor.quant.CalibrationStats;
import dev.j2cmsis.processor.quant.FloatForward;
import dev.j2cmsis.processor.quant.QuantOptions;
import dev.j2cmsis.processor.quant.QuantizedNetwork;
import dev.j2cmsis.processor.quant.Quantizer;
import dev.j2cmsis.processor.quant.stats.Metrics;
import dev.j2cmsis.sim.runtime.Q7;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optional accuracy-driven search ({@code quantization.search: true}), as the CMSIS CIFAR-10
 * nn_quantizer and torch2cmsis do: per layer, in order, it tries one fractional bit more and one less for the
 * weights and for the output, on a held-back part of the calibration set (the last fifth, at most
 * {@link #HELD_BACK} samples, which the ranges were also calibrated on but which the score alone uses), and
 * keeps a change only when the score improves. The score is how many held-back samples the q7 network
 * classifies as the float network does (arg-max agreement), ties broken by the SQNR of the output. Bounded by
 * {@link #MAX_EVALUATIONS} evaluations, in a fixed order: deterministic.
 */
final class FormatSearch {
    static final int HELD_BACK = 200;
    static final int MAX_EVALUATIONS = 64;

    /** The chosen adjustments, and what they did. */
    public record Result(Map<Integer, int[]> nudges, List<String> changes, double agreementBefore,
                         double agreementAfter, int samples, int evaluations) {
    }

    private final NetworkModel model;
    private final CalibrationStats stats;
    private final List<float[]> calibration;
    private final QuantOptions options;
    private final List<float[]> heldBack;
    private final List<float[]> floatOutputs = new ArrayList<>();
    private final List<Integer> floatArgmax = new ArrayList<>();
    private int evaluations;

    public FormatSearch(NetworkModel model, CalibrationStats stats, List<float[]> calibration, QuantOptions options) {
        this.model = model;
        this.stats = stats;
        this.calibration = calibration;
        this.options = options;
        int n = Math.max(1, Math.min(HELD_BACK, calibration.size() / 5));
        this.heldBack = calibration.subList(calibration.size() - n, calibration.size());
        int last = model.layers().size() - 1;
        for (int s = calibration.size() - n; s < calibration.size(); s++) {
            float[][] cached = stats.outputs(s);
            float[] out = (cached != null ? cached : FloatForward.run(model, calibration.get(s)))[last];
            floatOutputs.add(out);
            floatArgmax.add(Q7.argmax(out));
        }
    }

    public Result search() {
        Map<Integer, int[]> best = new LinkedHashMap<>();
        double bestScore = score(best);
        double before = bestScore;
        List<String> changes = new ArrayList<>();
        for (LayerSpec l : model.layers()) {
            boolean weighted = l instanceof LayerSpec.Conv2d || l instanceof LayerSpec.Linear;
            if (!weighted && !(l instanceof LayerSpec.Add)) {
                continue;
            }
            for (int[] delta : weighted ? new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}
                    : new int[][] {{0, 1}, {0, -1}}) {
                if (evaluations >= MAX_EVALUATIONS) {
                    break;
                }
                Map<Integer, int[]> trial = new LinkedHashMap<>(best);
                int[] cur = trial.getOrDefault(l.index(), new int[2]);
                trial.put(l.index(), new int[] {cur[0] + delta[0], cur[1] + delta[1]});
                double s = score(trial);
                if (s > bestScore) {
                    bestScore = s;
                    best = trial;
                }
            }
        }
        for (Map.Entry<Integer, int[]> e : best.entrySet()) {
            int[] d = e.getValue();
            if (d[0] != 0 || d[1] != 0) {
                changes.add(String.format(Locale.ROOT, "%s: weights %+d, output %+d fractional bits",
                        model.layers().get(e.getKey()).name(), d[0], d[1]));
            }
        }
        return new Result(best, changes, agreement(before), agreement(bestScore), heldBack.size(), evaluations);
    }

    private double agreement(double score) {
        return Math.floor(score) / heldBack.size();
    }

    /** Arg-max agreements with the float network, plus the output SQNR in thousandths as a tie-breaker. */
    private double score(Map<Integer, int[]> nudges) {
        evaluations++;
        Plan plan;
        try {
            QuantizedNetwork q = new Quantizer(new Report()).quantize(model, stats, calibration.size(), options,
                    nudges);
            plan = new Planner(new Report()).plan(q);
        } catch (AbortException | RuntimeException e) {
            return Double.NEGATIVE_INFINITY;
        }
        PlanExecutor executor = new PlanExecutor(plan);
        Shape in = model.input();
        int agree = 0;
        double signal = 0;
        double noise = 0;
        int frac = plan.network().outputFrac();
        for (int s = 0; s < heldBack.size(); s++) {
            byte[] qin = Q7.quantizeTransformed(heldBack.get(s), in.c(), in.h(), in.w(), plan.network().inputFrac());
            byte[] out = executor.run(qin);
            if (Q7.argmax(out) == floatArgmax.get(s)) {
                agree++;
            }
            float[] ref = floatOutputs.get(s);
            for (int k = 0; k < out.length; k++) {
                double d = Math.scalb((double) out[k], -frac);
                signal += (double) ref[k] * ref[k];
                noise += (ref[k] - d) * (ref[k] - d);
            }
        }
        double sqnr = Metrics.sqnrDb(signal, noise);
        double tie = Double.isFinite(sqnr) ? Math.max(-0.49, Math.min(0.49, sqnr / 1000)) : 0.49;
        return agree + 0.5 + tie;
    }
}
