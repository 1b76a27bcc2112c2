package dev.j2cmsis.processor.model;

/** The Cortex-M core the C is built for; it decides which CMSIS-NN code path (DSP or plain C) runs. */
public enum Target {
    CORTEX_M4("cortex-m4", true),
    CORTEX_M7("cortex-m7", true),
    CORTEX_M3("cortex-m3", false),
    CORTEX_M0("cortex-m0", false);

    private final String yamlName;
    private final boolean dsp;

    Target(String yamlName, boolean dsp) {
        this.yamlName = yamlName;
        this.dsp = dsp;
    }

    public String yamlName() {
        return yamlName;
    }

    /** True when CMSIS-NN builds with ARM_MATH_DSP for this core (its compiler sets __ARM_FEATURE_DSP). */
    public boolean dsp() {
        return dsp;
    }
}
