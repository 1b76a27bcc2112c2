package dev.j2cmsis.example;

import dev.j2cmsis.annotations.Conv2d;
import dev.j2cmsis.annotations.Flatten;
import dev.j2cmsis.annotations.Layer;
import dev.j2cmsis.annotations.Linear;
import dev.j2cmsis.annotations.MaxPool;
import dev.j2cmsis.annotations.Network;
import dev.j2cmsis.annotations.ReLU;

/**
 * LeNet-5 for Fashion-MNIST, declared for j2cmsis: one field per layer, in order; the field names are the
 * PyTorch state_dict names of the trained weights (training/train_lenet.py). Compiling this class generates
 * {@code fashion_lenet.c} and friends (CMSIS-NN legacy q7) and {@code FashionLeNetQ7}, their bit-exact
 * simulator, plus {@code FashionLeNetFloat}, the float reference.
 */
@Network(config = "fashion_lenet.yaml", input = {1, 28, 28}, prefix = "fashion_lenet")
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
