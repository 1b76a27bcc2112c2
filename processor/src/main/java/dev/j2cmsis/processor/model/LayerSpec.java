package dev.j2cmsis.processor.model;

/**
 * One layer of the network as the user declared it, with its weights resolved and its shapes inferred.
 * {@code index} is the position among the network's layer fields; errors of later stages point back to it.
 */
public sealed interface LayerSpec permits LayerSpec.Conv2d, LayerSpec.Linear, LayerSpec.MaxPool, LayerSpec.Relu,
        LayerSpec.Softmax, LayerSpec.Flatten {
    String name();

    int index();

    Shape in();

    Shape out();

    /** The annotation's simple name, for messages and reports. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** Layers that compute a new tensor (the others work in place or only reinterpret). */
    default boolean producesTensor() {
        return this instanceof Conv2d || this instanceof Linear || this instanceof MaxPool || this instanceof Softmax;
    }

    /** Square conv: kernel, stride, padding per axis are equal (non-square is reserved for later). */
    record Conv2d(String name, int index, Shape in, Shape out, int kernel, int stride, int padding,
                  FloatTensor weight, FloatTensor bias) implements LayerSpec {
        /** Multiply-accumulates for one inference. */
        public long macs() {
            return (long) out.size() * in.c() * kernel * kernel;
        }
    }

    record Linear(String name, int index, Shape in, Shape out, FloatTensor weight, FloatTensor bias)
            implements LayerSpec {
        public long macs() {
            return (long) in.size() * out.size();
        }
    }

    record MaxPool(String name, int index, Shape in, Shape out, int kernel, int stride, int padding)
            implements LayerSpec {
    }

    record Relu(String name, int index, Shape in, Shape out) implements LayerSpec {
        @Override
        public String kind() {
            return "ReLU";
        }
    }

    record Softmax(String name, int index, Shape in, Shape out) implements LayerSpec {
    }

    record Flatten(String name, int index, Shape in, Shape out) implements LayerSpec {
    }
}
