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
        Sums[] all = new Sums[n];
        PlanExecutor executor = new PlanExecutor(plan);
        int[][] orders = new int[n][];
        for (int i = 0; i < n; i++) {
            all[i] = new Sums();
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
                PlannedLayer l = plan.layers().get(i);
                int frac = l.result().equals(Buf.OUTPUT) ? plan.network().outputFrac() : l.outFrac();
                Sums sums = all[i];
                for (Run run : runs) {
                    Object trace = run.trace().get(i);
                    sums.add(run.ref()[i], orders[i], values(trace, l.deferredRelu()), frac, trace instanceof short[]);
                }
            });
        }
        List<LayerQuality> out = new ArrayList<>();
        for (Sums sums : all) {
            out.add(new LayerQuality(Metrics.sqnrDb(sums.signal, sums.noise),
                    sums.count == 0 ? Double.NaN : (double) sums.saturated / sums.count));
        }
        return out;
    }

    /**
     * A q7 or q15 trace's values as ints; where the layer's ReLU is deferred, as the pool after it computes with
     * (measured so).
     */
    private static int[] values(Object trace, boolean deferredRelu) {
        int[] v;
        if (trace instanceof byte[] b) {
            v = new int[b.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = b[k];
            }
        } else {
            short[] h = (short[]) trace;
            v = new int[h.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = h[k];
            }
        }
        if (deferredRelu) {
            for (int k = 0; k < v.length; k++) {
                v[k] = Math.max(v[k], 0);
            }
        }
        return v;
    }

    /** One layer's sums over the samples, in sample order; each value added in the buffer's (HWC) order. */
    private static final class Sums {
        private double signal;
        private double noise;
        private long saturated;
        private long count;

        /**
         * Adds a buffer's values {@code v} in format {@code frac} against the float reference in CHW order. The sums
         * are taken in locals, in the same order as into the fields, so the figures are the same bit for bit; a
         * loop over fields and a type test per value took about 20 ns a value. {@code wide}: a q15 buffer.
         */
        void add(float[] ref, int[] order, int[] v, int frac, boolean wide) {
            // Math.scalb(x, n) is x times 2^n correctly rounded, as a multiply by the (exact) power gives it.
            double down = Math.scalb(1.0, -frac);
            double up = Math.scalb(1.0, frac);
            // Metrics.saturates: rint(r * 2^frac) outside the q7 (or q15) codes.
            double top = wide ? 32767 : 127;
            double bottom = wide ? -32768 : -128;
            double s = signal;
            double e = noise;
            long sat = saturated;
            for (int k = 0; k < order.length; k++) {
                double r = ref[order[k]];
                double d = v[k] * down;
                s += r * r;
                e += (r - d) * (r - d);
                double scaled = Math.rint(r * up);
                if (scaled > top || scaled < bottom) {
                    sat++;
                }
            }
            signal = s;
            noise = e;
            saturated = sat;
            count += order.length;
        }
    }

}
