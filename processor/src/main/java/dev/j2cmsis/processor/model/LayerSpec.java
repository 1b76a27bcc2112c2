package dev.j2cmsis.processor.model;

import java.util.List;

/**
 * One layer of the network as the user declared it, with its inputs resolved, its weights read (and batch
 * norms folded) and its shapes inferred. {@code index} is the position among the network's layer fields;
 * errors of later stages point back to it. {@code inputs} are the indices of the layers read ({@link #INPUT}
 * for the network input), always earlier ones, so declaration order is a topological order.
 */
public sealed interface LayerSpec permits LayerSpec.Conv2d, LayerSpec.Linear, LayerSpec.Pool, LayerSpec.Activation,
        LayerSpec.Softmax, LayerSpec.Flatten, LayerSpec.BatchNorm, LayerSpec.Add, LayerSpec.Concat {
    /** The pseudo layer index of the network input. */
    int INPUT = -1;

    String name();

    int index();

    List<Integer> inputs();

    /** Shapes of the inputs, in {@link #inputs()} order. */
    List<Shape> ins();

    Shape out();

    default Shape in() {
        return ins().get(0);
    }

    /** The annotation's simple name, for messages and reports. */
    String kind();

    /** Layers that compute a new tensor; the others work in place (activations) or only reinterpret. */
    default boolean producesTensor() {
        return this instanceof Conv2d || this instanceof Linear || this instanceof Pool || this instanceof Softmax
                || this instanceof Add || this instanceof Concat;
    }

    /** Convolution; {@code depthwise} when groups == channels (weights [C, 1, kh, kw]). */
    record Conv2d(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out, Geometry geometry,
                  boolean depthwise, FloatTensor weight, FloatTensor bias) implements LayerSpec {
        @Override
        public String kind() {
            return "Conv2d";
        }

        public long macs() {
            return (long) out.size() * (depthwise ? 1 : in().c()) * geometry.kernelY() * geometry.kernelX();
        }
    }

    record Linear(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out, FloatTensor weight,
                  FloatTensor bias) implements LayerSpec {
        @Override
        public String kind() {
            return "Linear";
        }

        public long macs() {
            return (long) in().size() * out.size();
        }
    }

    /** Max or average pooling; padded positions are ignored (never part of a max or an average). */
    record Pool(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out, Geometry geometry,
                boolean max, boolean ceilMode) implements LayerSpec {
        @Override
        public String kind() {
            return max ? "MaxPool" : "AvgPool";
        }
    }

    /** An element-wise activation, applied in place. */
    record Activation(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out, Function function)
            implements LayerSpec {
        public enum Function {
            RELU("ReLU"), SIGMOID("Sigmoid"), TANH("Tanh");

            private final String kind;

            Function(String kind) {
                this.kind = kind;
            }
        }

        @Override
        public String kind() {
            return function.kind;
        }
    }

    record Softmax(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out) implements LayerSpec {
        @Override
        public String kind() {
            return "Softmax";
        }
    }

    record Flatten(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out) implements LayerSpec {
        @Override
        public String kind() {
            return "Flatten";
        }
    }

    /** A batch norm already folded into the layer it follows: it passes its input through. */
    record BatchNorm(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out, String foldedInto)
            implements LayerSpec {
        @Override
        public String kind() {
            return "BatchNorm";
        }
    }

    record Add(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out) implements LayerSpec {
        @Override
        public String kind() {
            return "Add";
        }
    }

    /** Channel concatenation of spatial tensors with equal height and width. */
    record Concat(String name, int index, List<Integer> inputs, List<Shape> ins, Shape out) implements LayerSpec {
        @Override
        public String kind() {
            return "Concat";
        }
    }
}
