package dev.j2cmsis.example.s8;

import dev.j2cmsis.annotations.AvgPool;
import dev.j2cmsis.annotations.BatchNorm;
import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.ReLU;

/**
 * The same network as {@link dev.j2cmsis.example.FashionDepthwise}, with the same weights, generated with {@code scheme: s8}
 * for CMSIS-NN v7.0.0 (int8, per-channel weights); its YAML is {@code s8/fashion_depthwise.yaml}.
 */
@Network(config = "fashion_depthwise.yaml", input = {1, 28, 28}, prefix = "fashion_depthwise_s8")
public class FashionDepthwise {
    @Conv2d(outChannels = 16, kernel = 3, padding = 1) Layer conv1;
    @ReLU Layer relu1;
    @MaxPool(kernel = 2) Layer pool1;
    @Conv2d(outChannels = 16, kernel = 3, padding = 1, groups = 16, bias = false) Layer dw2;
    @BatchNorm Layer bn2;
    @ReLU Layer relu2;
    @Conv2d(outChannels = 32, kernel = 1) Layer pw2;
    @ReLU Layer relu3;
    @MaxPool(kernel = 2) Layer pool2;
    @Conv2d(outChannels = 32, kernel = 3, padding = 1, groups = 32, bias = false) Layer dw3;
    @BatchNorm Layer bn3;
    @ReLU Layer relu4;
    @Conv2d(outChannels = 64, kernel = 1) Layer pw3;
    @ReLU Layer relu5;
    @AvgPool(kernel = 7) Layer pool3;
    @Flatten Layer flatten;
    @Linear(outFeatures = 10) Layer fc;
}
