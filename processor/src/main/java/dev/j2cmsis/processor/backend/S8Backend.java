package dev.j2cmsis.processor.backend;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.emit.c.Harness;
import dev.j2cmsis.processor.emit.c.S8CEmitter;
import dev.j2cmsis.processor.emit.java.S8SimulatorWriter;
import dev.j2cmsis.processor.emit.java.SimulatorWriter;
import dev.j2cmsis.processor.emit.report.S8ReportWriter;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.quant.CalibrationStats;
import dev.j2cmsis.processor.quant.FloatForward;
import dev.j2cmsis.processor.quant.LayerQuality;
import dev.j2cmsis.processor.quant.stats.ActivationStats;
import dev.j2cmsis.processor.quant.stats.Metrics;
import dev.j2cmsis.processor.quant.stats.RangeMethod;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import dev.j2cmsis.processor.read.config.QuantizationConfig;
import dev.j2cmsis.processor.s8.S8Plan;
import dev.j2cmsis.processor.s8.S8Planner;
import dev.j2cmsis.sim.kernels.s8.S8Rounding;
import dev.j2cmsis.sim.runtime.LayerTrace;
import dev.j2cmsis.sim.runtime.NetworkId;
import dev.j2cmsis.sim.runtime.s8.S8Network;
import dev.j2cmsis.sim.runtime.s8.S8Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The s8 backend: TFLite int8 quantization (asymmetric per-tensor activations from the shared calibration
 * statistics and range methods, symmetric per-channel weights) for the {@code arm_*_s8} kernels of CMSIS-NN
 * v7.0.0, then the C, the {@code <Class>S8} simulator and the report, all from one {@link S8Plan}.
 */
final class S8Backend implements Backend {
    @Override
    public boolean signedHistograms() {
        return false;
    }

    /**
     * What {@link S8Planner} reads: the range of the input and of every tensor it quantizes (the last layer aliasing
     * each storage tensor, after a folded ReLU), and the |x| histogram of those but the output, for the range
     * methods. A convolution's output before its folded ReLU, or a batch norm folded into it, is never read: about
     * half of a CNN's values, whose statistics are not collected.
     */
    @Override
    public ActivationStats.Collect[] statistics(NetworkModel model) {
        int n = model.layers().size();
        int[] storage = S8Planner.storage(model.layers());
        ActivationStats.Collect[] what = new ActivationStats.Collect[n + 1];
        java.util.Arrays.fill(what, ActivationStats.Collect.COUNT);
        what[n] = ActivationStats.Collect.RANGE;
        boolean[] seen = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            if (!seen[storage[i]]) {
                seen[storage[i]] = true;   // i is the last layer aliasing it
                what[i] = storage[i] == storage[n - 1] ? ActivationStats.Collect.RANGE
                        : ActivationStats.Collect.HISTOGRAMS;
            }
        }
        return what;
    }

    /**
     * Per-channel weight scales already give every output channel its own range; equalizing would only move
     * range differences into the per-tensor activations (TFLite's converter does not equalize either).
     */
    @Override
    public boolean equalizes() {
        return false;
    }

    @Override
    public Generated generate(Input in, Report report) throws AbortException {
        NetworkConfig config = in.config();
        NetworkModel model = in.model();
        var q = config.quantization();
        if (q.search().value()) {
            report.warning(Tag.QUANT, Where.network("config"), q.search().pos() + ": quantization.search tunes the "
                    + "power-of-two formats of the q7/q15 schemes; scheme s8 ignores it (its scales come straight from "
                    + "the calibrated ranges). Fix: remove 'search: true'.");
        }
        Map<Integer, RangeMethod> methods = new HashMap<>();
        List<String> names = model.layers().stream().map(l -> l.name()).toList();
        for (var e : q.layers().entrySet()) {
            int index = LegacyBackend.layerIndex(e, names);
            var o = e.getValue();
            if (o.scheme() != null && o.scheme().value() != QuantizationConfig.Scheme.S8) {
                throw new AbortException(Tag.YAML, Where.network("config"), o.scheme().pos() + ": quantization.layers."
                        + e.getKey() + ".scheme is " + o.scheme().value().yamlName() + ", but the network's scheme is "
                        + "s8, which is network-wide (CMSIS-NN v7.0.0 has no q7/q15 kernels). Fix: remove the "
                        + "layer's scheme, or use a q7/q15 scheme for the whole network.");
            }
            if (o.activations() != null || o.percentile() != null) {
                methods.put(index, LegacyBackend.method(o.activations() != null ? o.activations().value()
                        : q.activations().value(), o.percentile() != null ? o.percentile().value()
                        : q.percentile().value()));
            }
        }
        RangeMethod dflt = LegacyBackend.method(q.activations().value(), q.percentile().value());
        S8Rounding rounding = q.rounding().value() == QuantizationConfig.Rounding.SINGLE ? S8Rounding.SINGLE
                : S8Rounding.DOUBLE;
        long t1 = System.nanoTime();
        S8Plan plan = new S8Planner(report, model, in.stats(), rounding, i -> methods.getOrDefault(i, dflt),
                S8Planner.outputFloor(in.stats(), model.layers().size() - 1, in.calibration().size()))
                .plan(in.calibration().size());
        Budget.check(in.decl(), plan.ramBytes(), plan.flashBytes(), plan.layers().stream()
                .map(l -> new Budget.Cost(l.index(), l.name(), l.kind(), l.ramBytes(), l.flashBytes())).toList());
        long t2 = System.nanoTime();
        Harness harness = harness(plan, in.calibration());
        List<LayerQuality> quality = quality(plan, in);
        long t3 = System.nanoTime();
        String cName = model.cName();
        Map<String, String> cFiles = new LinkedHashMap<>(new S8CEmitter(plan, harness, in.inputsSha256()).files());
        String reportName = cName + "_report.md";
        S8ReportWriter reports = new S8ReportWriter(plan, report.problems(), quality, rangeText(config));
        cFiles.put(reportName, reports.markdown());
        cFiles.put(cName + "_report.html", reports.html());
        S8SimulatorWriter sim = new S8SimulatorWriter(plan, in.inputs());
        SimulatorWriter.Output s8 = sim.s8();
        SimulatorWriter.Output fl = sim.floatReference();
        Map<String, byte[]> resources = new LinkedHashMap<>();
        resources.put(s8.resourceName(), s8.resource());
        resources.put(fl.resourceName(), fl.resource());
        String summary = String.format(Locale.ROOT, "quantize+plan %d ms, harness+quality %d ms; RAM %d bytes, "
                + "flash %d bytes", (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, plan.ramBytes(), plan.flashBytes());
        return new Generated(cName, cFiles, reportName, List.of(s8.source(), fl.source()), resources,
                in.calibration().size(), summary);
    }

    private static String rangeText(NetworkConfig config) {
        var qc = config.quantization();
        return qc.activations().value().yamlName()
                + (qc.activations().value() == QuantizationConfig.Activations.PERCENTILE
                ? " " + qc.percentile().value() : "") + (qc.layers().isEmpty() ? "" : ", per-layer overrides");
    }

    private static byte[] quantize(S8Program p, Shape in, float[] x) {
        return S8Network.quantizeTransformed(x, in.c(), in.h(), in.w(), p.inputScale(), p.inputZeroPoint());
    }

    /** The first calibration samples, quantized, with the outputs the program gives for them. */
    private static Harness harness(S8Plan plan, List<float[]> calibration) {
        S8Program p = plan.program();
        List<byte[]> inputs = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (float[] x : calibration.subList(0, Math.min(LegacyBackend.HARNESS_VECTORS, calibration.size()))) {
            byte[] qin = quantize(p, plan.model().input(), x);
            inputs.add(qin);
            expected.add(p.run(qin));
        }
        return new Harness(inputs, expected, "the first " + inputs.size() + " calibration samples",
                NetworkId.of(p::run, p.inputSize(), p.outputSize()));
    }

    /**
     * Per layer, the SQNR of what the program (and so the C) leaves in the layer's tensor against the float layer
     * output, and the share of float values outside the tensor's int8 range, on the first calibration samples.
     */
    private static List<LayerQuality> quality(S8Plan plan, Input in) {
        S8Program p = plan.program();
        int n = p.layers().size();
        double[] signal = new double[n];
        double[] noise = new double[n];
        long[] saturated = new long[n];
        long[] count = new long[n];
        int[][] orders = new int[n][];
        for (int i = 0; i < n; i++) {
            orders[i] = LayerQuality.hwcToChw(plan.layers().get(i).layout(), p.layers().get(i).size());
        }
        int samples = Math.min(LayerQuality.SAMPLES, in.calibration().size());
        record Run(float[][] ref, List<LayerTrace> trace) {
        }
        // The float and simulator runs of a chunk of samples in parallel; then each layer's sums (the layers in
        // parallel) in sample order, as one sequential loop takes them, so the figures do not depend on scheduling.
        for (int from = 0; from < samples; from += CalibrationStats.chunk()) {
            List<Run> runs = IntStream.range(from, Math.min(samples, from + CalibrationStats.chunk())).parallel()
                    .mapToObj(s -> {
                        float[] x = in.calibration().get(s);
                        float[][] cached = in.stats().outputs(s);
                        return new Run(cached != null ? cached : FloatForward.run(plan.model(), x),
                                p.trace(quantize(p, plan.model().input(), x)));
                    }).toList();
            IntStream.range(0, n).parallel().forEach(i -> {
                S8Program.Layer l = p.layers().get(i);
                double lo = l.scale() * (-128 - l.zeroPoint());
                double hi = l.scale() * (127 - l.zeroPoint());
                double below = lo - l.scale() / 2;
                double above = hi + l.scale() / 2;
                int[] order = orders[i];
                // The sums in locals, in the same order as into the arrays (the same figures): a loop over array
                // elements kept each sum in memory.
                double sig = signal[i];
                double err = noise[i];
                long sat = saturated[i];
                for (Run run : runs) {
                    float[] d = run.trace().get(i).dequantize();
                    float[] ref = run.ref()[i];
                    for (int k = 0; k < order.length; k++) {
                        double r = ref[order[k]];
                        sig += r * r;
                        err += (r - d[k]) * (r - d[k]);
                        if (r < below || r > above) {
                            sat++;
                        }
                    }
                    count[i] += order.length;
                }
                signal[i] = sig;
                noise[i] = err;
                saturated[i] = sat;
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
