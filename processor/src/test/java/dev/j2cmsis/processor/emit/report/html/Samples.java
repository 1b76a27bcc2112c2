package dev.j2cmsis.processor.emit.report.html;

import java.util.ArrayList;
import java.util.List;

/** A report shaped like tiny_net's, with made-up but plausible SQNR, saturation and histograms. */
final class Samples {
    private Samples() {
    }

    /** Laplace-shaped counts (peaked at {@code centre}, scale {@code b}) of {@code n} values over [min, max]. */
    static Histogram laplace(double min, double max, int bins, double centre, double b, long n) {
        long[] counts = new long[bins];
        double w = (max - min) / bins;
        double norm = 0;
        double[] dens = new double[bins];
        for (int i = 0; i < bins; i++) {
            double x = min + (i + 0.5) * w;
            dens[i] = Math.exp(-Math.abs(x - centre) / b);
            norm += dens[i];
        }
        for (int i = 0; i < bins; i++) {
            counts[i] = Math.round(n * dens[i] / norm);
        }
        return new Histogram(min, max, counts);
    }

    static LayerRow row(String name, String kind, String shape, long params, long macs, String inQ, String outQ,
            String wQ, String bQ, String bShift, String oShift, String fn, int ram, int flash, double sqnr,
            double sat, int outFrac, double maxAbs, Histogram h) {
        return new LayerRow(name, kind, shape, params, macs, inQ, outQ, wQ, bQ, bShift, oShift, fn, ram, flash,
                sqnr, sat, outFrac, maxAbs, h);
    }

    static ReportData tiny() {
        List<LayerRow> layers = new ArrayList<>();
        Histogram conv1 = laplace(-9.6, 9.1, 96, 0.2, 1.1, 27648);
        layers.add(row("conv1", "Conv2d", "12x12x4", 40, 5184, "Q1.6", "Q3.4", "Q1.6", "Q-2.9", "3", "8",
                "arm_convolve_HWC_q7_basic", 756, 40, 38.24, 0.0021, 4, 7.3, conv1));
        Histogram relu1 = laplace(0, 7.3, 64, 0, 1.1, 15000);
        layers.add(row("relu1", "ReLU", "12x12x4", 0, 0, "Q3.4", "Q3.4", "", "", "", "", "arm_relu_q7", 576, 0,
                Double.POSITIVE_INFINITY, 0, 4, 7.3, relu1));
        layers.add(row("pool1", "MaxPool", "6x6x4", 0, 0, "Q3.4", "Q3.4", "", "", "", "", "arm_maxpool_q7_HWC",
                720, 0, Double.POSITIVE_INFINITY, 0, 4, 7.3, null));
        Histogram conv2 = laplace(-11.8, 14.9, 128, -0.5, 2.0, 6912);
        layers.add(row("conv2", "Conv2d", "6x6x8", 296, 10368, "Q3.4", "Q4.3", "Q0.7", "Q-3.10", "1", "8",
                "arm_convolve_HWC_q7_fast", 576, 296, 31.7, 0, 3, 14.9, conv2));
        layers.add(row("relu2", "ReLU", "6x6x8", 0, 0, "Q4.3", "Q4.3", "", "", "", "", "arm_relu_q7", 288, 0,
                Double.POSITIVE_INFINITY, 0, 3, 14.9, null));
        layers.add(row("pool2", "MaxPool", "6x6x8", 0, 0, "Q4.3", "Q4.3", "", "", "", "",
                "arm_maxpool_q7_HWC (DSP path)", 576, 0, 29.95, 0, 3, 14.9, null));
        layers.add(row("flatten", "Flatten", "288", 0, 0, "Q4.3", "Q4.3", "", "", "", "", "-", 288, 0, Double.NaN,
                Double.NaN, 3, 14.9, null));
        Histogram fc1 = laplace(-19.0, 17.5, 80, 1.0, 4.0, 480);
        layers.add(row("fc1", "Linear", "10", 2890, 2880, "Q4.3", "Q4.3", "Q-1.8", "Q-2.9", "2", "8",
                "arm_fully_connected_q7_opt", 874, 2890, 17.4, 0.0625, 3, 15.2, fc1));
        layers.add(row("softmax", "Softmax", "10", 0, 0, "Q4.3", "Q0.7", "", "", "", "", "arm_softmax_q7", 20, 0,
                12.1, 0, 7, 0.98, laplace(0, 0.98, 50, 0, 0.08, 480)));
        return new ReportData("tiny_net", "tiny.TinyNet", "cortex-m4", "0.1.0", "Q1.6", "Q0.7", 48, "minmax",
                layers, 1440, 3226, List.of("[j2cmsis:target] 'pool2' has padding 1 >= stride 1, where "
                        + "CMSIS-NN's DSP and plain-C max-pool give different results"),
                List.of("[j2cmsis:kernel] 'pool1' averages with j2cmsis_avepool_q7_HWC_nonsquare_shift"),
                List.of(new MethodResult("minmax", 0.9712, 0.9750), new MethodResult("percentile 99.99", 0.9741,
                        0.9750)));
    }
}
