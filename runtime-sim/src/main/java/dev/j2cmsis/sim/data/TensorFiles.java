package dev.j2cmsis.sim.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * Reads a weights file in any of the supported formats, recognised by content rather than by name:
 * {@code .npz} (zip, starts with {@code PK}), {@code .npy} (starts with {@code \x93NUMPY}), otherwise
 * {@code .safetensors}.
 */
public final class TensorFiles {
    /** The container formats {@link #detect(Path)} tells apart. */
    public enum Format {
        NPZ,
        NPY,
        SAFETENSORS
    }

    private TensorFiles() {}

    /** The format of {@code file}, judged from its first bytes. */
    public static Format detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(6);
        }
        return detect(head);
    }

    static Format detect(byte[] head) {
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return Format.NPZ;
        }
        if (NpyReader.startsWithMagic(head)) {
            return Format.NPY;
        }
        return Format.SAFETENSORS;
    }

    /**
     * Every tensor of {@code file} as float32, in file order (npz entry order, or safetensors header order).
     * A {@code .npy} file gives one tensor named after the file without {@code .npy}.
     *
     * @throws TensorFormatException when the content is none of the three formats or is damaged; for a
     *     file that is neither npz nor npy the message explains why it is not valid safetensors either
     */
    public static LinkedHashMap<String, Tensor> read(Path file) throws IOException {
        return NpzReader.toTensors(readArrays(file));
    }

    /** As {@link #read(Path)}, keeping each array's stored dtype. */
    public static LinkedHashMap<String, NdArray> readArrays(Path file) throws IOException {
        switch (detect(file)) {
            case NPZ:
                return NpzReader.read(file);
            case NPY: {
                LinkedHashMap<String, NdArray> one = new LinkedHashMap<>();
                one.put(NpyReader.baseName(file), NpyReader.read(file));
                return one;
            }
            default:
                try {
                    return SafetensorsReader.readArrays(file);
                } catch (TensorFormatException e) {
                    throw new TensorFormatException(e.source(), "not .npz (starts with PK) or .npy (starts with "
                            + "\\x93NUMPY), and as .safetensors: " + e.problem(), e);
                }
        }
    }
}
