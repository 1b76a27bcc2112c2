package dev.j2cmsis.processor.read.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code quantization:} section: the network's scheme and activation range method, the percentile for
 * {@code percentile}, whether to run the accuracy-driven format search, and per-layer overrides.
 */
public record QuantizationConfig(Located<Scheme> scheme, Located<Activations> activations, Located<Double> percentile,
                                 Located<Boolean> search, Map<String, LayerOverride> layers,
                                 Located<Rounding> rounding) {

    public QuantizationConfig {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(activations, "activations");
        Objects.requireNonNull(percentile, "percentile");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(rounding, "rounding");
        layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** The default percentile of {@code activations: percentile}. */
    public static final double DEFAULT_PERCENTILE = 99.99;

    /** A layer's overrides (null: the network's value), and where its key is. */
    public record LayerOverride(SourcePos keyPos, Located<Scheme> scheme, Located<Activations> activations,
                                Located<Double> percentile) {
    }

    /** Weight and activation number format. */
    public enum Scheme {
        /** 8-bit Q-format with power-of-two scales, as the legacy CMSIS-NN {@code arm_*_q7} kernels expect. */
        Q7("q7"),
        /** 16-bit weights and activations ({@code arm_*_q15} kernels). */
        Q15("q15"),
        /** q7 weights with q15 activations ({@code arm_fully_connected_mat_q7_vec_q15}; Linear layers only). */
        Q7Q15("q7q15"),
        /**
         * int8 with TFLite semantics for the CMSIS-NN v7.0.0 {@code arm_*_s8} kernels: asymmetric per-tensor
         * activations, symmetric per-channel weights, int32 biases, fixed-point multipliers.
         */
        S8("s8");

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

    /** The requantization rounding of the CMSIS-NN build an s8 network is generated for. */
    public enum Rounding {
        /** TFLite/TFLM reference rounding, CMSIS-NN's default build. */
        DOUBLE("double"),
        /** One rounding, a CMSIS-NN build with {@code CMSIS_NN_USE_SINGLE_ROUNDING}. */
        SINGLE("single");

        public static final Rounding DEFAULT = DOUBLE;
        private final String yamlName;

        Rounding(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /** How activation ranges are taken from the calibration data. */
    public enum Activations {
        /** Observed minimum and maximum over all calibration samples. */
        MINMAX("minmax"),
        /** The given percentile of |x| (key {@code percentile}, default 99.99). */
        PERCENTILE("percentile"),
        /** Entropy calibration: the format whose clipping minimizes the KL divergence. */
        KLD("kld");

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
