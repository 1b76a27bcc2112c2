package dev.j2cmsis.processor.model;

/**
 * Maps raw input data to the float network input: {@code x = (raw * scale - mean[c]) / std[c]}; mean and std
 * hold one value per input channel.
 */
public record Transform(double scale, double[] mean, double[] std) {
    public Transform {
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }
}
