package dev.j2cmsis.example.s8;

import dev.j2cmsis.annotations.AvgPool;
import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.ReLU;

/**
 * The same network as {@link dev.j2cmsis.example.FashionNonSquare}, with the same weights, generated with {@code scheme: s8}
 * for CMSIS-NN v7.0.0 (int8, per-channel weights); its YAML is {@code s8/fashion_nonsquare.yaml}.
 */
@Network(config = "fashion_nonsquare.yaml", input = {1, 28, 28}, prefix = "fashion_nonsquare_s8")
public class FashionNonSquare {
    @Conv2d(outChannels = 8, kernel = {3, 5}, padding = {1, 2}) Layer conv1;
    @ReLU Layer relu1;
    @MaxPool(kernel = 2) Layer pool1;
    @Conv2d(outChannels = 16, kernel = {5, 3}, padding = {2, 1}) Layer conv2;
    @ReLU Layer relu2;
    @AvgPool(kernel = {2, 4}, stride = {2, 4}) Layer pool2;
    @Flatten Layer flatten;
    @Linear(outFeatures = 64) Layer fc1;
    @ReLU Layer relu3;
    @Linear(outFeatures = 10) Layer fc2;
}
