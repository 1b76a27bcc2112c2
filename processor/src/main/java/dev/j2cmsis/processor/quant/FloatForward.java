package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.sim.floatref.FloatKernels;

/** The float network on CHW tensors (PyTorch semantics), layer by layer, for calibration. */
final class FloatForward {
    private FloatForward() {
    }

    /** Runs every layer on one transformed CHW input; {@code out[i]} is layer i's output. */
    static float[][] run(NetworkModel model, float[] input) {
        float[][] outs = new float[model.layers().size()][];
        float[] x = input;
        for (int i = 0; i < outs.length; i++) {
            x = layer(model.layers().get(i), x);
            outs[i] = x;
        }
        return outs;
    }

    static float[] layer(LayerSpec layer, float[] x) {
        if (layer instanceof LayerSpec.Conv2d c) {
            return FloatKernels.conv2d(x, c.in().c(), c.in().h(), c.in().w(), c.weight().data(),
                    c.bias() == null ? null : c.bias().data(), c.out().c(), c.kernel(), c.kernel(), c.stride(),
                    c.stride(), c.padding(), c.padding());
        } else if (layer instanceof LayerSpec.Linear l) {
            return FloatKernels.linear(x, l.weight().data(), l.bias() == null ? null : l.bias().data(),
                    l.out().size());
        } else if (layer instanceof LayerSpec.MaxPool p) {
            return FloatKernels.maxPool2d(x, p.in().c(), p.in().h(), p.in().w(), p.kernel(), p.kernel(), p.stride(),
                    p.stride(), p.padding(), p.padding());
        } else if (layer instanceof LayerSpec.Relu) {
            float[] y = x.clone();
            FloatKernels.relu(y);
            return y;
        } else if (layer instanceof LayerSpec.Softmax) {
            return FloatKernels.softmax(x);
        } else {
            return x;
        }
    }
}
