package dev.j2cmsis.processor.read.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code calibration.transform:} section: {@code float_input[c] = (raw * scale - mean[c]) / std[c]}.
 *
 * <p>{@code mean} and {@code std} each hold either one value (used for every channel) or one value per input
 * channel; the reader checks that two per-channel lists agree in length, the model stage checks them against the
 * network's input channel count (use {@link #meanPos()}/{@link #stdPos()} to report there).
 *
 * @param scale finite and non-zero
 * @param mean finite values, length at least 1
 * @param std finite values, each {@code > 0}, length at least 1
 * @param pos the {@code transform} key, or the {@code calibration} key when the section is left out
 * @param scalePos the {@code scale} value, or {@code pos} when defaulted
 * @param meanPos one position per {@code mean} value ({@code pos} when defaulted)
 * @param stdPos one position per {@code std} value ({@code pos} when defaulted)
 */
public record TransformConfig(
        double scale,
        double[] mean,
        double[] std,
        SourcePos pos,
        SourcePos scalePos,
        List<SourcePos> meanPos,
        List<SourcePos> stdPos) {

    public TransformConfig {
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(scalePos, "scalePos");
        mean = mean.clone();
        std = std.clone();
        meanPos = List.copyOf(meanPos);
        stdPos = List.copyOf(stdPos);
        if (mean.length == 0 || std.length == 0) {
            throw new IllegalArgumentException("mean and std need at least one value");
        }
        if (meanPos.size() != mean.length || stdPos.size() != std.length) {
            throw new IllegalArgumentException("one position per mean/std value");
        }
    }

    /** {@code scale 1, mean 0, std 1}: raw values are fed unchanged. */
    public static TransformConfig identity(SourcePos pos) {
        return new TransformConfig(1.0, new double[] {0.0}, new double[] {1.0}, pos, pos, List.of(pos), List.of(pos));
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /**
     * The number of channels the lists name: 1 when both are single values (they then apply to any channel
     * count), otherwise the length of the per-channel list.
     */
    public int channels() {
        return Math.max(mean.length, std.length);
    }

    public double meanFor(int channel) {
        return mean.length == 1 ? mean[0] : mean[channel];
    }

    public double stdFor(int channel) {
        return std.length == 1 ? std[0] : std[channel];
    }

    /** {@code (raw * scale - mean[c]) / std[c]}. */
    public double apply(double raw, int channel) {
        return (raw * scale - meanFor(channel)) / stdFor(channel);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformConfig t
                && Double.compare(scale, t.scale) == 0
                && Arrays.equals(mean, t.mean)
                && Arrays.equals(std, t.std)
                && pos.equals(t.pos)
                && scalePos.equals(t.scalePos)
                && meanPos.equals(t.meanPos)
                && stdPos.equals(t.stdPos);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scale, Arrays.hashCode(mean), Arrays.hashCode(std), pos, scalePos, meanPos, stdPos);
    }

    @Override
    public String toString() {
        return "TransformConfig[scale=" + scale + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std)
                + ", pos=" + pos + "]";
    }
}
