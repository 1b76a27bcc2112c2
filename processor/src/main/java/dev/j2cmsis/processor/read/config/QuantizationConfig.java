package dev.j2cmsis.processor.read.config;

import java.util.Objects;
import java.util.Optional;

/** The {@code quantization:} section. Both keys have a single supported value today; they exist so files stay valid. */
public record QuantizationConfig(Located<Scheme> scheme, Located<Activations> activations) {

    public QuantizationConfig {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(activations, "activations");
    }

    /** Weight and activation number format. */
    public enum Scheme {
        /** 8-bit Q-format with power-of-two scales, as the legacy CMSIS-NN {@code arm_*_q7} kernels expect. */
        Q7("q7");

        public static final Scheme DEFAULT = Q7;
        private final String yamlName;

        Scheme(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Optional<Scheme> fromYamlName(String name) {
            for (Scheme s : values()) {
                if (s.yamlName.equals(name)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** How activation ranges are taken from the calibration data. */
    public enum Activations {
        /** Observed minimum and maximum over all calibration samples. */
        MINMAX("minmax");

        public static final Activations DEFAULT = MINMAX;
        private final String yamlName;

        Activations(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Optional<Activations> fromYamlName(String name) {
            for (Activations a : values()) {
                if (a.yamlName.equals(name)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }
}
