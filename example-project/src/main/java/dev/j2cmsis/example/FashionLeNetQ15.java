package dev.j2cmsis.example;

import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.ReLU;

/**
 * The same trained LeNet-5 as {@link FashionLeNet}, generated as a q15 network with a mixed layer
 * (fashion_lenet_q15.yaml): CMSIS's q15 convolutions and fully connected kernels, j2cmsis's q15 max-pool,
 * a q7-weights/q15-activations fc1 (arm_fully_connected_mat_q7_vec_q15_opt), and the conversions between the
 * widths.
 */
@Network(config = "fashion_lenet_q15.yaml", input = {1, 28, 28}, prefix = "fashion_lenet_q15")
public class FashionLeNetQ15 {
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
