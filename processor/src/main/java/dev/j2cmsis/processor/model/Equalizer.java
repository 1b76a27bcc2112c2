package dev.j2cmsis.processor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Cross-layer range equalization (Nagel et al., "Data-Free Quantization", 2019): where a convolution A feeds
 * a convolution B only through ReLUs, max-pools and folded batch norms, output channel c of A is divided by
 * {@code s_c = sqrt(r1_c / r2_c)} and input channel c of B multiplied by it ({@code r1_c}: max |w| of A's
 * channel c, {@code r2_c}: max |w| of B's weights reading channel c). ReLU and max-pool commute with a
 * positive per-channel scale, so the float network computes the same function, but both layers' channels end
 * up with equal ranges {@code sqrt(r1_c r2_c)}: per-tensor q7 weights then lose far less, which matters most
 * for depthwise convolutions after a batch norm, whose channels differ widely.
 */
public final class Equalizer {
    private Equalizer() {
    }

    public static NetworkModel equalize(NetworkModel model) {
        List<LayerSpec> layers = new ArrayList<>(model.layers());
        int n = layers.size();
        for (int a = 0; a < n; a++) {
            if (!(layers.get(a) instanceof LayerSpec.Conv2d convA)) {
                continue;
            }
            int b = consumerThroughPassThroughs(layers, a);
            if (b < 0 || !(layers.get(b) instanceof LayerSpec.Conv2d convB)) {
                continue;
            }
            int channels = convA.out().c();
            float[] wa = convA.weight().data().clone();
            float[] ba = convA.bias() == null ? null : convA.bias().data().clone();
            float[] wb = convB.weight().data().clone();
            int perA = wa.length / channels;
            int outB = convB.out().c();
            int inB = convB.depthwise() ? 1 : channels;
            int taps = convB.geometry().kernelY() * convB.geometry().kernelX();
            boolean changed = false;
            for (int c = 0; c < channels; c++) {
                double r1 = 0;
                for (int j = 0; j < perA; j++) {
                    r1 = Math.max(r1, Math.abs(wa[c * perA + j]));
                }
                double r2 = 0;
                for (int o = 0; o < outB; o++) {
                    if (convB.depthwise() && o != c) {
                        continue;
                    }
                    int ci = convB.depthwise() ? 0 : c;
                    for (int t = 0; t < taps; t++) {
                        r2 = Math.max(r2, Math.abs(wb[(o * inB + ci) * taps + t]));
                    }
                }
                if (!(r1 > 0) || !(r2 > 0)) {
                    continue;
                }
                double s = Math.sqrt(r1 / r2);
                changed = true;
                for (int j = 0; j < perA; j++) {
                    wa[c * perA + j] = (float) (wa[c * perA + j] / s);
                }
                if (ba != null) {
                    ba[c] = (float) (ba[c] / s);
                }
                for (int o = 0; o < outB; o++) {
                    if (convB.depthwise() && o != c) {
                        continue;
                    }
                    int ci = convB.depthwise() ? 0 : c;
                    for (int t = 0; t < taps; t++) {
                        int k = (o * inB + ci) * taps + t;
                        wb[k] = (float) (wb[k] * s);
                    }
                }
            }
            if (!changed) {
                continue;
            }
            layers.set(a, new LayerSpec.Conv2d(convA.name(), convA.index(), convA.inputs(), convA.ins(), convA.out(),
                    convA.geometry(), convA.depthwise(), new FloatTensor(convA.weight().key(), convA.weight().shape(),
                    wa), ba == null ? null : new FloatTensor(convA.bias().key(), convA.bias().shape(), ba)));
            layers.set(b, new LayerSpec.Conv2d(convB.name(), convB.index(), convB.inputs(), convB.ins(), convB.out(),
                    convB.geometry(), convB.depthwise(), new FloatTensor(convB.weight().key(), convB.weight().shape(),
                    wb), convB.bias()));
        }
        return new NetworkModel(model.packageName(), model.simpleName(), model.cName(), model.input(), layers,
                model.transform(), model.target(), model.sourceDescription());
    }

    /**
     * The layer that reads A's output through a chain of ReLUs, max-pools and folded batch norms, each the
     * only reader of the one before; -1 when there is none.
     */
    private static int consumerThroughPassThroughs(List<LayerSpec> layers, int a) {
        int cur = a;
        while (true) {
            int reader = -1;
            int readers = 0;
            for (LayerSpec l : layers) {
                if (l.inputs().contains(cur)) {
                    readers++;
                    reader = l.index();
                    if (l.inputs().size() > 1) {
                        return -1;
                    }
                }
            }
            if (readers != 1) {
                return -1;
            }
            LayerSpec r = layers.get(reader);
            boolean passes = r instanceof LayerSpec.BatchNorm
                    || r instanceof LayerSpec.Activation act && act.function() == LayerSpec.Activation.Function.RELU
                    || r instanceof LayerSpec.Pool p && p.max();
            if (!passes) {
                return reader;
            }
            cur = reader;
        }
    }
}
