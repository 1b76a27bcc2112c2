package dev.j2cmsis.sim.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes float32 ({@code F32}) {@code .safetensors} files deterministically: tensors in the map's iteration
 * order, data packed in that order, the JSON header without whitespace except the trailing spaces that pad
 * it to a multiple of 8 bytes (as the safetensors library does, so data stays aligned). The map keys are
 * the tensor names; {@link Tensor#name()} is not used.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Writes {@code tensors} to {@code file}. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        Files.write(file, toBytes(tensors, Map.of()));
    }

    /** Writes {@code tensors} with a {@code __metadata__} object (placed first; empty map: none). */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Files.write(file, toBytes(tensors, metadata));
    }

    /** The file bytes for {@code tensors}. */
    public static byte[] toBytes(Map<String, Tensor> tensors) {
        return toBytes(tensors, Map.of());
    }

    /** The file bytes for {@code tensors} and {@code metadata} (iterated in map order). */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                h.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':')
                        .append(Json.quote(e.getValue()));
                first = false;
            }
            h.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            long end = offset + 4L * t.size();
            h.append(h.length() > 1 ? "," : "").append(Json.quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                h.append(i == 0 ? "" : ",").append(shape[i]);
            }
            h.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        if (8L + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensors total more than 2 GiB; write them to several files");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            ByteBuffer slice = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().put(t.data());
            buf.position(buf.position() + 4 * t.size());
        }
        return buf.array();
    }
}
