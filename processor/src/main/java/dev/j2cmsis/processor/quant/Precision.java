package dev.j2cmsis.processor.quant;

/** A layer's number formats: q7 throughout, q15 throughout, or q7 weights with q15 activations. */
public enum Precision {
    Q7, Q15, Q7Q15;

    /** True when the layer's output (and input) tensors are 16-bit. */
    public boolean q15Activations() {
        return this != Q7;
    }
}
