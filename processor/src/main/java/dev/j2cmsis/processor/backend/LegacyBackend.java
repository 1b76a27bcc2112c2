package dev.j2cmsis.processor.backend;

import dev.j2cmsis.processor.Version;
import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Suggest;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.emit.c.BuildFragment;
import dev.j2cmsis.processor.emit.c.CEmitter;
import dev.j2cmsis.processor.emit.c.Harness;
import dev.j2cmsis.processor.emit.java.SimulatorWriter;
import dev.j2cmsis.processor.emit.report.ReportWriter;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.plan.Plan;
import dev.j2cmsis.processor.plan.PlanExecutor;
import dev.j2cmsis.processor.read.config.SourcePos;
import dev.j2cmsis.processor.plan.Planner;
import dev.j2cmsis.processor.quant.LayerQuality;
import dev.j2cmsis.processor.quant.Precision;
import dev.j2cmsis.processor.quant.QuantOptions;
import dev.j2cmsis.processor.quant.QuantizedNetwork;
import dev.j2cmsis.processor.quant.Quantizer;
import dev.j2cmsis.processor.quant.stats.ActivationStats;
import dev.j2cmsis.processor.quant.stats.RangeMethod;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import dev.j2cmsis.processor.read.config.QuantizationConfig;
import dev.j2cmsis.sim.runtime.NetworkId;
import dev.j2cmsis.sim.runtime.Q7;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The legacy backend: power-of-two q7/q15 formats for the {@code arm_*_q7/_q15} kernels of CMSIS_5 5.9.0
 * (quantize, optional format search, plan, then the C, the {@code <Class>Q7} simulator and the report).
 */
final class LegacyBackend implements Backend {
    /** Golden vectors in the generated C harness. */
    static final int HARNESS_VECTORS = 16;

    @Override
    public boolean signedHistograms() {
        return true;
    }

    /**
     * The report plots every layer's signed histogram; the range methods read the |x| histogram of the input and of
     * the layers that decide a format ({@link Quantizer#decidedBy}), not of a convolution whose only reader is a ReLU
     * (or a batch norm): those tensors are binned once instead of twice.
     */
    @Override
    public ActivationStats.Collect[] statistics(NetworkModel model) {
        int n = model.layers().size();
        ActivationStats.Collect[] what = new ActivationStats.Collect[n + 1];
        java.util.Arrays.fill(what, ActivationStats.Collect.PLOT);
        what[n] = ActivationStats.Collect.HISTOGRAMS;
        for (int d : Quantizer.decidedBy(model.layers())) {
            what[d] = ActivationStats.Collect.HISTOGRAMS;
        }
        return what;
    }

    /** Per-tensor power-of-two weight formats: depthwise layers after a batch norm need equalized channels. */
    @Override
    public boolean equalizes() {
        return true;
    }

    @Override
    public Generated generate(Input in, Report report) throws AbortException {
        NetworkConfig config = in.config();
        NetworkModel model = in.model();
        if (model.target().mve()) {
            throw new AbortException(Tag.TARGET, Where.network("config"), config.target().pos() + ": target "
                    + model.target().yamlName() + " has Helium, which the legacy q7/q15 kernels of CMSIS_5 5.9.0 "
                    + "do not use and j2cmsis has not verified there. Fix: use quantization.scheme: s8 (CMSIS-NN "
                    + "v7.0.0, with MVE kernels), or target cortex-m7 / cortex-m4 for q7.");
        }
        List<float[]> calibration = in.calibration();
        long t1 = System.nanoTime();
        QuantOptions options = options(config, model);
        Map<Integer, int[]> nudges = Map.of();
        if (config.quantization().search().value()) {
            FormatSearch.Result search = new FormatSearch(model, in.stats(), calibration, options).search();
            nudges = search.nudges();
            report.note(Tag.QUANT, Where.network("config"), String.format(Locale.ROOT,
                    "the format search (quantization.search) %s; arg-max agreement with the float network on %d "
                            + "held-back calibration samples %.1f%% -> %.1f%% (%d evaluations).",
                    search.changes().isEmpty() ? "kept every format"
                            : "changed " + String.join("; ", search.changes()), search.samples(),
                    100 * search.agreementBefore(), 100 * search.agreementAfter(), search.evaluations()));
        }
        QuantizedNetwork q = new Quantizer(report).quantize(model, in.stats(), calibration.size(), options, nudges);
        long t2 = System.nanoTime();
        Plan plan = new Planner(report).plan(q);
        Budget.check(in.decl(), plan.ramBytes(), plan.flashBytes(), plan.layers().stream()
                .map(l -> new Budget.Cost(l.index(), l.name(), l.kind(), l.ramBytes(), l.flashBytes())).toList());
        long t3 = System.nanoTime();
        Harness harness = harness(plan, calibration);
        List<LayerQuality> quality = LegacyQuality.measure(plan, calibration);
        long t4 = System.nanoTime();
        String cName = model.cName();
        Map<String, String> cFiles = new LinkedHashMap<>(new CEmitter(plan, harness, in.inputsSha256()).files());
        cFiles.putAll(BuildFragment.files(cName, in.decl().type().getQualifiedName().toString(), Version.VERSION));
        String reportName = cName + "_report.md";
        ReportWriter reports = new ReportWriter(plan, report.problems(), quality, method(config));
        cFiles.put(reportName, reports.markdown());
        cFiles.put(cName + "_report.html", reports.html());
        SimulatorWriter sim = new SimulatorWriter(plan, in.inputs());
        SimulatorWriter.Output q7 = sim.q7();
        SimulatorWriter.Output fl = sim.floatReference();
        Map<String, byte[]> resources = new LinkedHashMap<>();
        for (SimulatorWriter.Output o : List.of(q7, fl)) {
            resources.put(o.resourceName(), o.resource());
            if (o.resource15Name() != null) {
                resources.put(o.resource15Name(), o.resource15());
            }
        }
        String summary = String.format(Locale.ROOT, "calibrate+quantize %d ms, plan %d ms, harness+quality %d ms; "
                + "RAM %d bytes, flash %d bytes", (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                (t4 - t3) / 1_000_000, plan.ramBytes(), plan.flashBytes());
        return new Generated(cName, cFiles, reportName, List.of(q7.source(), fl.source()), resources,
                q.calibrationSamples(), summary);
    }

    /** How the report names the range method. */
    private static String method(NetworkConfig config) {
        var qc = config.quantization();
        return qc.activations().value().yamlName()
                + (qc.activations().value() == QuantizationConfig.Activations.PERCENTILE
                ? " " + qc.percentile().value() : "") + (qc.layers().isEmpty() ? "" : ", per-layer overrides")
                + (qc.search().value() ? ", then the format search" : "");
    }

    /** The per-layer precisions of the YAML's quantization section, checked against the network's layers. */
    static QuantOptions options(NetworkConfig config, NetworkModel model) throws AbortException {
        var q = config.quantization();
        Map<Integer, Precision> explicit = new LinkedHashMap<>();
        Map<Integer, RangeMethod> methods = new LinkedHashMap<>();
        List<String> names = model.layers().stream().map(l -> l.name()).toList();
        for (var e : q.layers().entrySet()) {
            int index = layerIndex(e, names);
            if (e.getValue().scheme() != null) {
                explicit.put(index, precision(e.getValue().scheme().value(), e.getValue().scheme().pos()));
            }
            if (e.getValue().activations() != null || e.getValue().percentile() != null) {
                var a = e.getValue().activations() != null ? e.getValue().activations().value()
                        : q.activations().value();
                double p = e.getValue().percentile() != null ? e.getValue().percentile().value()
                        : q.percentile().value();
                methods.put(index, method(a, p));
            }
        }
        return new QuantOptions(precision(q.scheme().value(), q.scheme().pos()), explicit,
                method(q.activations().value(), q.percentile().value()), methods);
    }

    /** The index of the layer a {@code quantization.layers} entry names; an error on its key if there is none. */
    static int layerIndex(Map.Entry<String, QuantizationConfig.LayerOverride> e, List<String> names)
            throws AbortException {
        int index = names.indexOf(e.getKey());
        if (index < 0) {
            throw new AbortException(Tag.YAML, Where.network("config"), e.getValue().keyPos()
                    + ": quantization.layers names '" + e.getKey() + "', which is not a layer of this network."
                    + Suggest.didYouMean(e.getKey(), names) + " Layers: " + String.join(", ", names) + ".");
        }
        return index;
    }

    /** A range method of the YAML. */
    static RangeMethod method(QuantizationConfig.Activations a, double percentile) {
        return switch (a) {
            case MINMAX -> RangeMethod.minmax();
            case PERCENTILE -> RangeMethod.percentile(percentile);
            case KLD -> RangeMethod.kld();
        };
    }

    private static Precision precision(QuantizationConfig.Scheme s, SourcePos pos) throws AbortException {
        return switch (s) {
            case Q7 -> Precision.Q7;
            case Q15 -> Precision.Q15;
            case Q7Q15 -> Precision.Q7Q15;
            case S8 -> throw new AbortException(Tag.YAML, Where.network("config"), pos + ": scheme s8 is a "
                    + "network-wide choice (another backend, CMSIS-NN v7.0.0); it cannot be mixed with q7/q15 layers. "
                    + "Fix: set quantization.scheme: s8 for the whole network, or use q7/q15 for this layer.");
        };
    }

    /**
     * The first calibration samples, quantized, with the outputs the simulator's kernels give for them, and the
     * network's fingerprint for the serial handshake.
     */
    private static Harness harness(Plan plan, List<float[]> calibration) {
        Shape in = plan.network().model().input();
        PlanExecutor executor = new PlanExecutor(plan);
        List<byte[]> inputs = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (float[] x : calibration.subList(0, Math.min(HARNESS_VECTORS, calibration.size()))) {
            byte[] q = Q7.quantizeTransformed(x, in.c(), in.h(), in.w(), plan.network().inputFrac());
            inputs.add(q);
            expected.add(executor.run(q));
        }
        return new Harness(inputs, expected, "the first " + inputs.size() + " calibration samples",
                NetworkId.of(executor::run, plan.inputSize(), plan.outputSize()));
    }
}
