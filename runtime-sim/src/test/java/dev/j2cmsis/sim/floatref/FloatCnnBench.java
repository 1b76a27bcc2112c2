package dev.j2cmsis.sim.floatref;

import java.util.Locale;
import java.util.Random;

/**
 * The float reference's speed on a 1.2 M-parameter MNIST-style CNN (conv 1->32 k3, ReLU, conv 32->64 k3, ReLU,
 * max-pool 2, flatten 9216, linear 128, ReLU, linear 10; random weights), through the same FloatKernels calls a
 * generated {@code <Class>Float.forward} makes, on one thread. BENCHMARKS.md has the numbers and the command.
 *
 * <p>Arguments: images per pass (default 300), passes (default 5, after 2 warm-up passes).
 */
public final class FloatCnnBench {
    private FloatCnnBench() {
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Random r = new Random(1);
        float[] w1 = gaussian(r, 32 * 9, 0.3);
        float[] b1 = gaussian(r, 32, 0.1);
        float[] w2 = gaussian(r, 64 * 32 * 9, 0.06);
        float[] b2 = gaussian(r, 64, 0.1);
        float[] w3 = gaussian(r, 128 * 9216, 0.01);
        float[] b3 = gaussian(r, 128, 0.1);
        float[] w4 = gaussian(r, 10 * 128, 0.1);
        float[] b4 = gaussian(r, 10, 0.1);
        long params = w1.length + b1.length + w2.length + b2.length + w3.length + b3.length + w4.length + b4.length;
        float[][] inputs = new float[images][];
        for (int i = 0; i < images; i++) {
            inputs[i] = gaussian(r, 28 * 28, 1);
        }
        double best = Double.MAX_VALUE;
        long checksum = 0;
        for (int pass = 0; pass < passes + 2; pass++) {
            long t0 = System.nanoTime();
            for (float[] x : inputs) {
                float[] a = FloatKernels.relu(FloatKernels.conv2d(x, 1, 28, 28, w1, b1, 32, 3, 3, 1, 1, 0, 0));
                a = FloatKernels.relu(FloatKernels.conv2d(a, 32, 26, 26, w2, b2, 64, 3, 3, 1, 1, 0, 0));
                a = FloatKernels.maxPool2d(a, 64, 24, 24, 2, 2, 2, 2, 0, 0);
                a = FloatKernels.relu(FloatKernels.linear(a, w3, b3, 128));
                a = FloatKernels.linear(a, w4, b4, 10);
                checksum += FloatKernels.argmax(a);
            }
            double us = (System.nanoTime() - t0) / 1e3 / images;
            if (pass >= 2) {
                best = Math.min(best, us);
            }
        }
        System.out.printf(Locale.ROOT, "%,d parameters: %.1f us/image (best of %d passes of %d images), "
                + "10,000 images in %.1f s (checksum %d)%n", params, best, passes, images, best * 10_000 / 1e6,
                checksum);
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * std);
        }
        return x;
    }
}
