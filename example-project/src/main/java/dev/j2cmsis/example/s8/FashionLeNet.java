package dev.j2cmsis.example.s8;

import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.ReLU;

/**
 * The same network as {@link dev.j2cmsis.example.FashionLeNet}, with the same weights, generated with {@code scheme: s8}
 * for CMSIS-NN v7.0.0 (int8, per-channel weights); its YAML is {@code s8/fashion_lenet.yaml}.
 */
@Network(config = "fashion_lenet.yaml", input = {1, 28, 28}, prefix = "fashion_lenet_s8")
public class FashionLeNet {
    @Conv2d(outChannels = 6, kernel = 5, padding = 2) Layer conv1;
    @ReLU Layer relu1;
    @MaxPool(kernel = 2) Layer pool1;
    @Conv2d(outChannels = 16, kernel = 5) Layer conv2;
    @ReLU Layer relu2;
    @MaxPool(kernel = 2) Layer pool2;
    @Conv2d(outChannels = 120, kernel = 5) Layer conv3;
    @ReLU Layer relu3;
    @Flatten Layer flatten;
    @Linear(outFeatures = 84) Layer fc1;
    @ReLU Layer relu4;
    @Linear(outFeatures = 10) Layer fc2;
}
