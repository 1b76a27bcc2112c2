package dev.j2cmsis.processor.model;

import java.util.Locale;

/** Kernel, stride and padding of a convolution or pooling window, per axis (y = height, x = width). */
public record Geometry(int kernelY, int kernelX, int strideY, int strideX, int padY, int padX) {
    /** Same value on both axes for kernel, stride and padding (the square CMSIS APIs). */
    public boolean square() {
        return kernelY == kernelX && strideY == strideX && padY == padX;
    }

    public int outY(int inY) {
        return (inY + 2 * padY - kernelY) / strideY + 1;
    }

    public int outX(int inX) {
        return (inX + 2 * padX - kernelX) / strideX + 1;
    }

    public String text() {
        return square() ? String.format(Locale.ROOT, "k%d s%d p%d", kernelY, strideY, padY)
                : String.format(Locale.ROOT, "k%dx%d s%dx%d p%dx%d", kernelY, kernelX, strideY, strideX, padY, padX);
    }
}
