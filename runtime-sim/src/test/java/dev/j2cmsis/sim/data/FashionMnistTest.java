package dev.j2cmsis.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST where Debian's dataset-fashion-mnist package installed it; skipped otherwise. */
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private static Path file(String name) {
        Path p = DIR.resolve(name);
        assumeTrue(Files.isReadable(p), p + " is absent (apt-get install dataset-fashion-mnist); skipping");
        return p;
    }

    @Test
    void countsShapesAndBalancedLabels() throws IOException {
        int[] train = IdxReader.readLabels(file("train-labels-idx1-ubyte.gz"));
        int[] test = IdxReader.readLabels(file("t10k-labels-idx1-ubyte.gz"));
        assertEquals(60000, train.length);
        assertEquals(10000, test.length);
        int[] perClass = new int[10];
        for (int l : train) {
            perClass[l]++; // throws on a label outside 0..9
        }
        int[] perClassTest = new int[10];
        for (int l : test) {
            perClassTest[l]++;
        }
        int[] six = new int[10];
        java.util.Arrays.fill(six, 6000);
        assertArrayEquals(six, perClass);
        int[] one = new int[10];
        java.util.Arrays.fill(one, 1000);
        assertArrayEquals(one, perClassTest);

        NdArray images = IdxReader.readImages(file("t10k-images-idx3-ubyte.gz"));
        assertArrayEquals(new int[] {10000, 28, 28}, images.shape());
        NdArray first = IdxReader.readImages(file("train-images-idx3-ubyte.gz"), 100);
        assertArrayEquals(new int[] {100, 28, 28}, first.shape());
        assertEquals(784, first.itemBytes(99).length);
    }
}
