package dev.j2cmsis.sim.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Loads the binary weight resource written beside a generated class and checks its length and CRC-32, so a
 * stale or truncated resource fails loudly instead of giving wrong outputs. (Weights live in a resource
 * because a Java method, static initializers included, is limited to 64 KB of bytecode.)
 */
public final class WeightBlob {
    private WeightBlob() {
    }

    public static byte[] load(Class<?> owner, String resource, int length, long crc32) {
        byte[] data;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("weight resource " + resource + " of " + owner.getName()
                        + " is missing from the class path; it is generated beside the class: rebuild the project");
            }
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weight resource " + resource, e);
        }
        if (data.length != length) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "weight resource %s has %d bytes, expected %d: it does not belong to this build of %s; rebuild",
                    resource, data.length, length, owner.getName()));
        }
        long crc = crc32(data);
        if (crc != crc32) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "weight resource %s has CRC-32 %08x, expected %08x: it is corrupt or stale; rebuild",
                    resource, crc, crc32));
        }
        return data;
    }

    /** The same check, for a resource of little-endian float32 values. */
    public static float[] loadFloats(Class<?> owner, String resource, int count, long crc32) {
        byte[] b = load(owner, resource, count * 4, crc32);
        float[] f = new float[count];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /** The same check, for a resource of little-endian int16 (q15) values. */
    public static short[] loadShorts(Class<?> owner, String resource, int count, long crc32) {
        byte[] b = load(owner, resource, count * 2, crc32);
        short[] s = new short[count];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    /** Little-endian bytes of int16 values, as {@link #loadShorts} reads them. */
    public static byte[] bytes(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        return b.array();
    }

    /** A text resource beside a generated class (UTF-8). */
    public static String text(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " of " + owner.getName() + " is missing");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    /** Cuts a concatenation of tensors into its parts. */
    public static float[][] split(float[] all, int[] lengths) {
        float[][] out = new float[lengths.length][];
        int off = 0;
        for (int i = 0; i < lengths.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(all, off, off + lengths[i]);
            off += lengths[i];
        }
        if (off != all.length) {
            throw new IllegalStateException("weight resource holds " + all.length + " values, expected " + off);
        }
        return out;
    }

    public static long crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }
}
