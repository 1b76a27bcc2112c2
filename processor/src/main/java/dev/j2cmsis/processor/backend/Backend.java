package dev.j2cmsis.processor.backend;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.quant.CalibrationStats;
import dev.j2cmsis.processor.quant.stats.ActivationStats;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import dev.j2cmsis.processor.read.config.QuantizationConfig;
import dev.j2cmsis.sim.runtime.InputHashes;
import java.util.List;

/**
 * The seam between what every network shares (the declaration, the model, the calibration data and its statistics)
 * and what a CMSIS-NN generation makes of it: quantization, plan and emitters. The legacy q7/q15 backend
 * (CMSIS_5 5.9.0) and the s8 backend (CMSIS-NN v7.0.0) sit behind it.
 */
public interface Backend {

    /** What a backend starts from, all of it already read and checked. */
    record Input(NetworkDeclaration decl, NetworkConfig config, NetworkModel model, List<float[]> calibration,
                 CalibrationStats stats, List<InputHashes.Input> inputs, String inputsSha256) {
    }

    /**
     * Whether the model's convolutions are range-equalized before calibration ({@link
     * dev.j2cmsis.processor.model.Equalizer}): per-tensor weight formats need it, per-channel weight scales do not.
     */
    boolean equalizes();

    /** Whether its report plots the calibration's signed histograms (collecting them costs a second binning). */
    boolean signedHistograms();

    /**
     * What the calibration statistics must gather for each of the model's tensors (index {@code layers}: the network
     * input), so that it pays only for what it reads; every statistic by default.
     */
    default ActivationStats.Collect[] statistics(NetworkModel model) {
        ActivationStats.Collect[] all = new ActivationStats.Collect[model.layers().size() + 1];
        java.util.Arrays.fill(all, ActivationStats.Collect.HISTOGRAMS);
        return all;
    }

    /** Quantizes, plans and renders every output file of the network; reports problems into {@code report}. */
    Generated generate(Input in, Report report) throws AbortException;

    /** The backend of the YAML's {@code quantization.scheme}. */
    static Backend of(NetworkConfig config) {
        return config.quantization().scheme().value() == QuantizationConfig.Scheme.S8 ? new S8Backend()
                : new LegacyBackend();
    }
}
