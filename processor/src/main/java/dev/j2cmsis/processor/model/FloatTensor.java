package dev.j2cmsis.processor.model;

/** A float32 weight tensor as read from the weights file (PyTorch layout), with its key. */
public record FloatTensor(String key, int[] shape, float[] data) {
    public FloatTensor {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public float maxAbs() {
        float m = 0f;
        for (float v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
