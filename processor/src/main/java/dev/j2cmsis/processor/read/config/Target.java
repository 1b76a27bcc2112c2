package dev.j2cmsis.processor.read.config;

import java.util.Optional;

/** The CPU the generated C is built for; it decides which CMSIS-NN kernel variants are allowed. */
public enum Target {
    CORTEX_M4("cortex-m4", true),
    /** The M7 has the same DSP extension as the M4; legacy CMSIS-NN takes the same SIMD code path. */
    CORTEX_M7("cortex-m7", true),
    /** No DSP extension: CMSIS-NN compiles the plain-C fallback of every kernel (ARM_MATH_DSP undefined). */
    CORTEX_M3("cortex-m3", false),
    CORTEX_M0("cortex-m0", false);

    public static final Target DEFAULT = CORTEX_M4;

    private final String yamlName;
    private final boolean dsp;

    Target(String yamlName, boolean dsp) {
        this.yamlName = yamlName;
        this.dsp = dsp;
    }

    /** Whether the core has the DSP extension (SIMD {@code __SMLAD} etc.), i.e. {@code ARM_MATH_DSP} is defined. */
    public boolean dsp() {
        return dsp;
    }

    /** The spelling used in the YAML {@code target:} key. */
    public String yamlName() {
        return yamlName;
    }

    public static Optional<Target> fromYamlName(String name) {
        for (Target t : values()) {
            if (t.yamlName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
