package dev.j2cmsis.processor.quant;

import dev.j2cmsis.processor.model.Geometry;
import dev.j2cmsis.processor.model.LayerSpec;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.sim.floatref.FloatKernels;

/** The float network on CHW tensors (PyTorch semantics), layer by layer, for calibration. */
public final class FloatForward {
    private FloatForward() {
    }

    /** Runs every layer on one transformed CHW input; {@code out[i]} is layer i's output. */
    public static float[][] run(NetworkModel model, float[] input) {
        return complete(model, input, new float[model.layers().size()][]);
    }

    /**
     * Computes the outputs missing (null) from {@code outs}, in layer order, from the input and the outputs
     * present; returns {@code outs}. The kernels are deterministic, so a completed row equals a full run.
     */
    public static float[][] complete(NetworkModel model, float[] input, float[][] outs) {
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] != null) {
                continue;
            }
            LayerSpec l = model.layers().get(i);
            float[][] ins = new float[l.inputs().size()][];
            for (int j = 0; j < ins.length; j++) {
                int src = l.inputs().get(j);
                ins[j] = src == LayerSpec.INPUT ? input : outs[src];
            }
            outs[i] = layer(l, ins);
        }
        return outs;
    }

    /** Layers with weights hold nearly all of a forward pass's time; the others are cheap to recompute. */
    static boolean expensive(LayerSpec layer) {
        return layer instanceof LayerSpec.Conv2d || layer instanceof LayerSpec.Linear;
    }

    static float[] layer(LayerSpec layer, float[][] ins) {
        float[] x = ins[0];
        if (layer instanceof LayerSpec.Conv2d c) {
            Geometry g = c.geometry();
            float[] bias = c.bias() == null ? null : c.bias().data();
            if (c.depthwise()) {
                return FloatKernels.depthwiseConv2d(x, c.in().c(), c.in().h(), c.in().w(), c.weight().data(), bias,
                        g.kernelY(), g.kernelX(), g.strideY(), g.strideX(), g.padY(), g.padX());
            }
            return FloatKernels.conv2d(x, c.in().c(), c.in().h(), c.in().w(), c.weight().data(), bias, c.out().c(),
                    g.kernelY(), g.kernelX(), g.strideY(), g.strideX(), g.padY(), g.padX());
        } else if (layer instanceof LayerSpec.Linear l) {
            return FloatKernels.linear(x, l.weight().data(), l.bias() == null ? null : l.bias().data(),
                    l.out().size());
        } else if (layer instanceof LayerSpec.Pool p) {
            Geometry g = p.geometry();
            return p.max()
                    ? FloatKernels.maxPool2d(x, p.in().c(), p.in().h(), p.in().w(), g.kernelY(), g.kernelX(),
                            g.strideY(), g.strideX(), g.padY(), g.padX(), p.ceilMode())
                    : FloatKernels.avgPool2d(x, p.in().c(), p.in().h(), p.in().w(), g.kernelY(), g.kernelX(),
                            g.strideY(), g.strideX(), g.padY(), g.padX(), true, p.ceilMode());
        } else if (layer instanceof LayerSpec.Activation a) {
            return switch (a.function()) {
                case RELU -> FloatKernels.relu(x.clone());
                case SIGMOID -> FloatKernels.sigmoid(x.clone());
                case TANH -> FloatKernels.tanh(x.clone());
            };
        } else if (layer instanceof LayerSpec.Softmax) {
            return FloatKernels.softmax(x);
        } else if (layer instanceof LayerSpec.Add) {
            return FloatKernels.add(ins[0], ins[1]);
        } else if (layer instanceof LayerSpec.Concat) {
            return FloatKernels.concatChannels(ins);
        } else {
            return x;
        }
    }
}
