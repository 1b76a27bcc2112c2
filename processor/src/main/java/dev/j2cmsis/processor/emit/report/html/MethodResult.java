package dev.j2cmsis.processor.emit.report.html;

import java.util.Objects;

/**
 * Accuracy of the network with ranges chosen by one method, beside the float network's.
 *
 * @param method the range method, e.g. {@code minmax}
 * @param q7Accuracy accuracy of the q7 network, a fraction in [0, 1]
 * @param floatAccuracy accuracy of the float network, a fraction in [0, 1]
 */
public record MethodResult(String method, double q7Accuracy, double floatAccuracy) {
    public MethodResult {
        Objects.requireNonNull(method, "method");
    }
}
