package dev.j2cmsis.processor.backend;

import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.plan.Buf;
import dev.j2cmsis.processor.plan.Plan;
import dev.j2cmsis.processor.plan.PlanExecutor;
import dev.j2cmsis.processor.plan.PlannedLayer;
import dev.j2cmsis.processor.quant.CalibrationStats;
import dev.j2cmsis.processor.quant.FloatForward;
import dev.j2cmsis.processor.quant.LayerQuality;
import dev.j2cmsis.processor.quant.stats.Metrics;
import dev.j2cmsis.sim.runtime.Q7;
import java.util.ArrayList;
import java.util.List;

/** {@link LayerQuality} of a legacy plan: its simulator's layer outputs against the float network's. */
final class LegacyQuality {
    private LegacyQuality() {
    }

    static List<LayerQuality> measure(Plan plan, List<float[]> calibration) {
        var model = plan.network().model();
        Shape in = model.input();
        int n = plan.layers().size();
        double[] signal = new double[n];
        double[] noise = new double[n];
        long[] saturated = new long[n];
        long[] count = new long[n];
        PlanExecutor executor = new PlanExecutor(plan);
        int[][] orders = new int[n][];
        for (int i = 0; i < n; i++) {
            orders[i] = LayerQuality.hwcToChw(plan.layers().get(i).layout(), plan.layers().get(i).out().size());
        }
        int samples = Math.min(LayerQuality.SAMPLES, calibration.size());
        record Run(float[][] ref, List<Object> trace) {
        }
        // The float and simulator runs of a chunk of samples in parallel; then each layer's sums (the layers in
        // parallel) in sample order, as one sequential loop takes them, so the figures do not depend on scheduling.
        for (int from = 0; from < samples; from += CalibrationStats.chunk()) {
            List<Run> runs = java.util.stream.IntStream.range(from, Math.min(samples, from + CalibrationStats.chunk()))
                    .parallel().mapToObj(s -> {
                        float[] x = calibration.get(s);
                        float[][] cached = plan.network().stats().outputs(s);
                        float[][] ref = cached != null ? cached : FloatForward.run(model, x);
                        byte[] q = Q7.quantizeTransformed(x, in.c(), in.h(), in.w(), plan.network().inputFrac());
                        return new Run(ref, executor.trace(q));
                    }).toList();
            java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
                for (Run run : runs) {
                    float[][] ref = run.ref();
                    List<Object> trace = run.trace();
                    PlannedLayer l = plan.layers().get(i);
                    boolean output = l.result().equals(Buf.OUTPUT);
                    int frac = output ? plan.network().outputFrac() : l.outFrac();
                    Object values = trace.get(i);
                    int[] order = orders[i];
                    // Math.scalb(x, n) is x times 2^n correctly rounded, as a multiply by the (exact) power gives it;
                    // the multiply is an instruction, scalb a call per value.
                    double down = Math.scalb(1.0, -frac);
                    double up = Math.scalb(1.0, frac);
                    boolean wide = values instanceof short[];
                    double top = wide ? 32767 : 127;
                    double bottom = wide ? -32768 : -128;
                    for (int k = 0; k < order.length; k++) {
                        double r = ref[i][order[k]];
                        double v = values instanceof byte[] b ? b[k] : ((short[]) values)[k];
                        if (l.deferredRelu()) {
                            v = Math.max(v, 0);   // measured as what the pool after it computes with
                        }
                        double d = v * down;
                        signal[i] += r * r;
                        noise[i] += (r - d) * (r - d);
                        // Metrics.saturates: rint(r * 2^frac) outside the q7 (or q15) codes.
                        double scaled = Math.rint(r * up);
                        if (scaled > top || scaled < bottom) {
                            saturated[i]++;
                        }
                        count[i]++;
                    }
                }
            });
        }
        List<LayerQuality> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LayerQuality(Metrics.sqnrDb(signal[i], noise[i]),
                    count[i] == 0 ? Double.NaN : (double) saturated[i] / count[i]));
        }
        return out;
    }

}
