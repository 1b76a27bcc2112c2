package dev.j2cmsis.processor.read.config;

import dev.j2cmsis.sim.kernels.s8.S8Target;
import java.util.Optional;

/** The CPU the generated C is built for; it decides which CMSIS-NN kernel variants are allowed. */
public enum Target {
    CORTEX_M4("cortex-m4", true, false),
    /** The M7 has the same DSP extension as the M4; legacy CMSIS-NN takes the same SIMD code path. */
    CORTEX_M7("cortex-m7", true, false),
    /** Armv8-M Mainline with the DSP extension: the same CMSIS-NN code path as the M4. */
    CORTEX_M33("cortex-m33", true, false),
    /** No DSP extension: CMSIS-NN compiles the plain-C fallback of every kernel (ARM_MATH_DSP undefined). */
    CORTEX_M3("cortex-m3", false, false),
    CORTEX_M0("cortex-m0", false, false),
    /** Helium (MVE): CMSIS-NN v7.0.0's ARM_MATH_MVEI kernels; s8 only. */
    CORTEX_M55("cortex-m55", true, true),
    CORTEX_M85("cortex-m85", true, true);

    public static final Target DEFAULT = CORTEX_M4;

    private final String yamlName;
    private final boolean dsp;
    private final boolean mve;

    Target(String yamlName, boolean dsp, boolean mve) {
        this.yamlName = yamlName;
        this.dsp = dsp;
        this.mve = mve;
    }

    /** Whether the core has the DSP extension (SIMD {@code __SMLAD} etc.), i.e. {@code ARM_MATH_DSP} is defined. */
    public boolean dsp() {
        return dsp;
    }

    /** Whether the core has Helium, where CMSIS-NN v7.0.0 compiles its MVE kernels ({@code ARM_MATH_MVEI}). */
    public boolean mve() {
        return mve;
    }

    /** The CMSIS-NN v7.0.0 code path this core compiles. */
    public S8Target s8Path() {
        return mve ? S8Target.MVE : dsp ? S8Target.DSP : S8Target.PLAIN_C;
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
