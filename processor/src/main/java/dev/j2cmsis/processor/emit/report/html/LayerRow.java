package dev.j2cmsis.processor.emit.report.html;

import java.util.Objects;

/**
 * One layer of the report.
 *
 * @param name the layer's name
 * @param kind the layer kind, e.g. {@code Conv2d}
 * @param shape the output shape, e.g. {@code 12x12x4} (HWC)
 * @param params weights and biases
 * @param macs multiply-accumulates per inference
 * @param inQ the input's Q format
 * @param outQ the output's Q format
 * @param weightQ the weights' Q format, {@code ""} for a layer without weights
 * @param biasQ the bias's Q format, {@code ""} for a layer without weights
 * @param biasShift the left shift of the bias, {@code ""} if none
 * @param outShift the right shift of the accumulator, {@code ""} if none
 * @param function the CMSIS-NN function the C calls
 * @param ramBytes the RAM live while the layer runs
 * @param flashBytes the layer's weights and biases
 * @param sqnrDb signal to quantization-noise ratio of the q7 output against the float reference, in dB;
 *     {@code NaN} when not computed, {@code +Infinity} when the output is exact
 * @param saturation fraction (0..1) of output values that saturated, {@code NaN} when not known
 * @param outFrac fractional bits of the output: its q7 range is [-128, 127] / 2^outFrac
 * @param calibratedMaxAbs the largest |x| of the float output seen in calibration
 * @param histogram the float output's value distribution, or {@code null}
 */
public record LayerRow(String name, String kind, String shape, long params, long macs, String inQ, String outQ,
        String weightQ, String biasQ, String biasShift, String outShift, String function, int ramBytes,
        int flashBytes, double sqnrDb, double saturation, int outFrac, double calibratedMaxAbs,
        Histogram histogram) {
    public LayerRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(inQ, "inQ");
        Objects.requireNonNull(outQ, "outQ");
        Objects.requireNonNull(weightQ, "weightQ");
        Objects.requireNonNull(biasQ, "biasQ");
        Objects.requireNonNull(biasShift, "biasShift");
        Objects.requireNonNull(outShift, "outShift");
        Objects.requireNonNull(function, "function");
    }
}
