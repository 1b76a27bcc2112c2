package dev.j2cmsis.example;

import dev.j2cmsis.sim.data.IdxReader;
import dev.j2cmsis.sim.data.NdArray;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Fashion-MNIST test set (10,000 images, committed under example-project/data as published).
 *
 * @param images raw pixels 0..255, one float[784] (CHW, 1x28x28) per image
 */
public record FashionMnist(float[][] images, int[] labels) {
    public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
        "Shirt", "Sneaker", "Bag", "Ankle boot"};

    public static FashionMnist testSet(Path dataDir) throws IOException {
        NdArray images = IdxReader.readImages(dataDir.resolve("t10k-images-idx3-ubyte.gz"));
        int[] labels = IdxReader.readLabels(dataDir.resolve("t10k-labels-idx1-ubyte.gz"));
        float[][] x = new float[images.items()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = images.itemFloats(i);
        }
        if (x.length != labels.length) {
            throw new IOException("test set has " + x.length + " images but " + labels.length + " labels");
        }
        return new FashionMnist(x, labels);
    }

    public int size() {
        return labels.length;
    }
}
