package dev.j2cmsis.processor.read.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code calibration:} section.
 *
 * @param data the calibration data file (IDX {@code *-ubyte}/{@code *-ubyte.gz} or {@code .npy}), absolute and
 *     normalized; it existed, was a regular file and was not empty when the YAML was read
 * @param samples how many samples to use; empty means all samples in the file
 * @param transform how raw values become float network inputs
 * @param pos the position of the {@code calibration} key
 */
public record CalibrationConfig(
        Located<Path> data, Optional<Located<Integer>> samples, TransformConfig transform, SourcePos pos) {

    public CalibrationConfig {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(pos, "pos");
    }
}
