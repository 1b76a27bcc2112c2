package dev.j2cmsis.example.s8;

import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.Sigmoid;
import dev.j2cmsis.annotations.Tanh;

/**
 * The same network as {@link dev.j2cmsis.example.FashionTanh}, with the same weights, generated with {@code scheme: s8}
 * for CMSIS-NN v7.0.0 (int8, per-channel weights); its YAML is {@code s8/fashion_tanh.yaml}.
 */
@Network(config = "fashion_tanh.yaml", input = {1, 28, 28}, prefix = "fashion_tanh_s8")
public class FashionTanh {
    @Conv2d(outChannels = 6, kernel = 5, padding = 2) Layer conv1;
    @Tanh Layer tanh1;
    @MaxPool(kernel = 2) Layer pool1;
    @Conv2d(outChannels = 16, kernel = 5) Layer conv2;
    @Tanh Layer tanh2;
    @MaxPool(kernel = 2) Layer pool2;
    @Flatten Layer flatten;
    @Linear(outFeatures = 120) Layer fc1;
    @Sigmoid Layer sig3;
    @Linear(outFeatures = 84) Layer fc2;
    @Tanh Layer tanh4;
    @Linear(outFeatures = 10) Layer fc3;
}
