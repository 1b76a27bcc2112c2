package dev.j2cmsis.example;

import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.Sigmoid;
import dev.j2cmsis.annotations.Tanh;

/**
 * The classic LeNet-5 with saturating activations (trained by training/train_breadth.py --net tanh): CMSIS's
 * table-based tanh and sigmoid (arm_nn_activations_direct_q7), their input formats chosen from the calibrated
 * ranges.
 */
@Network(config = "fashion_tanh.yaml", input = {1, 28, 28}, prefix = "fashion_tanh")
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
