package dev.j2cmsis.processor.model;

import java.util.Locale;

/**
 * A tensor shape for batch 1: channels, height, width. A flat vector of n features is {@code (n, 1, 1)} with
 * {@code flat} set; a spatial tensor keeps {@code flat} false even when it is 1x1.
 */
public record Shape(int c, int h, int w, boolean flat) {
    public static Shape spatial(int c, int h, int w) {
        return new Shape(c, h, w, false);
    }

    public static Shape vector(int n) {
        return new Shape(n, 1, 1, true);
    }

    public int size() {
        return c * h * w;
    }

    /** True when flattening changes the element order (CHW in PyTorch versus HWC in CMSIS). */
    public boolean needsChwToHwcPermutation() {
        return !flat && h * w > 1 && c > 1;
    }

    /** PyTorch-style text: [6, 28, 28] or [120]. */
    @Override
    public String toString() {
        return flat ? String.format(Locale.ROOT, "[%d]", c) : String.format(Locale.ROOT, "[%d, %d, %d]", c, h, w);
    }

    /** CMSIS-style HWC text, as the C buffers hold it: 28x28x6 or 120. */
    public String hwc() {
        return flat ? Integer.toString(c) : String.format(Locale.ROOT, "%dx%dx%d", h, w, c);
    }
}
