package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.Shape;

/**
 * How well each layer's quantized output follows the float network, measured at compile time on calibration
 * samples by each backend: the SQNR of what the simulator (and so the C) leaves in the layer's buffer against the
 * float layer output, and the fraction of float values outside the layer's format (saturated).
 *
 * @param sqnrDb     10 log10(signal / noise); +Infinity when exact, NaN for an all-zero signal
 * @param saturation fraction of float values that do not fit the format
 */
public record LayerQuality(double sqnrDb, double saturation) {
    /** Samples measured; enough for stable figures, few enough for the processor's time budget. */
    public static final int SAMPLES = 200;

    /** For each value of a buffer in HWC order, the index of the same value in PyTorch's CHW order. */
    public static int[] hwcToChw(Shape layout, int size) {
        int[] order = new int[size];
        if (layout.flat() || layout.h() * layout.w() == 1) {
            for (int k = 0; k < size; k++) {
                order[k] = k;
            }
            return order;
        }
        int c = layout.c();
        int h = layout.h();
        int w = layout.w();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    order[(y * w + x) * c + ch] = (ch * h + y) * w + x;
                }
            }
        }
        return order;
    }
}
