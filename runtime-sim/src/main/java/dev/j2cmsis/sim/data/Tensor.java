package dev.j2cmsis.sim.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A named float32 tensor in row-major (C) order, as read from a weights or fixture file.
 *
 * <p><b>Arrays are shared, not copied.</b> {@code shape} is cloned on the way in and out (it is small), but
 * {@code data} is kept and returned as is, because weight and dataset tensors can be tens of megabytes:
 * treat {@link #data()} as read-only, or {@code clone()} it before changing it. {@link #equals} and
 * {@link #hashCode} compare contents, not array identity.
 *
 * @param name tensor name (the safetensors key, npz entry name without {@code .npy}, or file name)
 * @param shape dimensions, outermost first; empty for a scalar
 * @param data {@code product(shape)} values in C order
 */
public record Tensor(String name, int[] shape, float[] data) {
    /** Validates that {@code data.length} equals the product of {@code shape}. */
    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        int n = Shapes.checkedSize(shape);
        if (n != data.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "tensor '%s': shape %s has %d elements but data has %d", name, Shapes.format(shape), n,
                    data.length));
        }
    }

    /** Convenience factory: {@code Tensor.of("fc.weight", data, 10, 784)}. */
    public static Tensor of(String name, float[] data, int... shape) {
        return new Tensor(name, shape, data);
    }

    /** A copy of the dimensions. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code axis}; negative axes count from the end as in numpy. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** This tensor under another name, sharing the data. */
    public Tensor withName(String newName) {
        return new Tensor(newName, shape, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    /** Name and shape only: the data can be large. */
    @Override
    public String toString() {
        return "Tensor[" + name + " " + Shapes.format(shape) + " float32]";
    }
}
