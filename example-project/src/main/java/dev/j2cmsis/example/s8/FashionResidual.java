package dev.j2cmsis.example.s8;

import dev.j2cmsis.annotations.Add;
import dev.j2cmsis.annotations.Concat;
import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.ReLU;

/**
 * The same network as {@link dev.j2cmsis.example.FashionResidual}, with the same weights, generated with {@code scheme: s8}
 * for CMSIS-NN v7.0.0 (int8, per-channel weights); its YAML is {@code s8/fashion_residual.yaml}.
 */
@Network(config = "fashion_residual.yaml", input = {1, 28, 28}, prefix = "fashion_residual_s8")
public class FashionResidual {
    @Conv2d(outChannels = 16, kernel = 3, padding = 1) Layer conv1;
    @ReLU Layer relu1;
    @MaxPool(kernel = 2) Layer pool1;
    @Conv2d(outChannels = 16, kernel = 3, padding = 1) Layer conv2a;
    @ReLU Layer relu2;
    @Conv2d(outChannels = 16, kernel = 3, padding = 1) Layer conv2b;
    @Add(inputs = {"pool1", "conv2b"}) Layer add;
    @ReLU Layer relu3;
    @MaxPool(kernel = 2) Layer pool2;
    @Conv2d(outChannels = 8, kernel = 1) Layer c3a;
    @Conv2d(outChannels = 8, kernel = 3, padding = 1, inputs = "pool2") Layer c3b;
    @Concat(inputs = {"c3a", "c3b"}) Layer cat;
    @ReLU Layer relu4;
    @Flatten Layer flatten;
    @Linear(outFeatures = 10) Layer fc;
}
