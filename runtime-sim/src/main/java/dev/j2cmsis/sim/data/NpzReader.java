package dev.j2cmsis.sim.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads numpy {@code .npz} archives ({@code np.savez}, stored, and {@code np.savez_compressed}, deflated):
 * a zip whose entries are {@code .npy} files. Keys are the entry names without {@code .npy}, in the
 * archive's order (the order the arrays were passed to {@code np.savez}).
 */
public final class NpzReader {
    private NpzReader() {}

    /**
     * Reads every array of the archive.
     *
     * @throws TensorFormatException when the file is not a readable zip, an entry is not {@code .npy}, two
     *     entries have the same name, or an entry is corrupt (CRC) or not valid {@code .npy}
     */
    public static LinkedHashMap<String, NdArray> read(Path file) throws IOException {
        String source = file.toString();
        LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new TensorFormatException(source, "not a readable .npz (zip) archive (" + e.getMessage()
                    + "); the file may be truncated or not an .npz at all", e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (ZipException | EOFException ex) {
                    throw new TensorFormatException(source, "entry '" + e.getName() + "' is corrupt ("
                            + ex.getMessage() + "); write the archive again", ex);
                }
                // ZipFile does not verify CRCs (ZipInputStream does), so a flipped bit would pass unseen.
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                    throw new TensorFormatException(source, String.format(Locale.ROOT,
                            "entry '%s' is corrupt: CRC-32 is %08x, the archive says %08x; write the archive again",
                            e.getName(), crc.getValue(), e.getCrc()));
                }
                put(out, source, e.getName(), bytes);
            }
        }
        return out;
    }

    /** Reads an archive held in memory; {@code source} names it in error messages. */
    public static LinkedHashMap<String, NdArray> read(byte[] bytes, String source) throws IOException {
        LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
        boolean any = false;
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                any = true;
                if (!e.isDirectory()) {
                    put(out, source, e.getName(), zin.readAllBytes());
                }
            }
        } catch (ZipException | EOFException ex) {
            throw new TensorFormatException(source, "not a readable .npz (zip) archive (" + ex.getMessage()
                    + "); the data may be truncated", ex);
        }
        if (!any && !(bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K')) {
            throw new TensorFormatException(source, "not an .npz (zip) archive: it does not start with PK");
        }
        return out;
    }

    /** Reads the whole stream (left open) as an archive; {@code source} names it in error messages. */
    public static LinkedHashMap<String, NdArray> read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    /** Reads every array of the archive as float32 tensors named by entry. */
    public static LinkedHashMap<String, Tensor> readTensors(Path file) throws IOException {
        return toTensors(read(file));
    }

    static LinkedHashMap<String, Tensor> toTensors(Map<String, NdArray> arrays) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> out.put(k, v.toTensorNoCopy(k)));
        return out;
    }

    private static void put(Map<String, NdArray> out, String source, String entry, byte[] bytes)
            throws TensorFormatException {
        if (!entry.endsWith(".npy")) {
            throw new TensorFormatException(source, "entry '" + entry
                    + "' is not a .npy array; an .npz should only hold arrays written by np.savez");
        }
        String key = entry.substring(0, entry.length() - 4);
        if (out.containsKey(key)) {
            throw new TensorFormatException(source, "holds two entries named '" + entry + "'");
        }
        out.put(key, NpyReader.read(bytes, source + "[" + entry + "]"));
    }
}
