package dev.j2cmsis.processor.read;

import java.util.Arrays;
import java.util.Optional;

/** The layer annotations the processor knows, by qualified name. */
public enum LayerKind {
    CONV2D("Conv2d"), LINEAR("Linear"), MAXPOOL("MaxPool"), AVGPOOL("AvgPool"), RELU("ReLU"), SIGMOID("Sigmoid"),
    TANH("Tanh"), SOFTMAX("Softmax"), FLATTEN("Flatten"), BATCHNORM("BatchNorm"), ADD("Add"), CONCAT("Concat");

    public static final String PACKAGE = "dev.j2cmsis.annotations";
    private final String simpleName;

    LayerKind(String simpleName) {
        this.simpleName = simpleName;
    }

    public String simpleName() {
        return simpleName;
    }

    public String qualifiedName() {
        return PACKAGE + "." + simpleName;
    }

    public static Optional<LayerKind> of(String qualifiedName) {
        return Arrays.stream(values()).filter(k -> k.qualifiedName().equals(qualifiedName)).findFirst();
    }
}
