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
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads numpy {@code .npz} archives ({@code np.savez}, stored, and {@code np.savez_compressed}, deflated):
 * a zip whose entries are {@code .npy} files. Keys are the entry names without {@code .npy}, in the
 * archive's order (the order the arrays were passed to {@code np.savez}). An entry is inflated only as far
 * as its {@code .npy} header declares (plus one byte to detect more), so a zip bomb fails fast and small.
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
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            // EOFException: ZipFile's search for the end record in a file of a few bytes starting with PK.
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
                String key = key(out, source, e.getName());
                NdArray array;
                // ZipFile does not verify CRCs (ZipInputStream does), so a flipped bit would pass unseen.
                CheckedInputStream in;
                try {
                    in = new CheckedInputStream(zip.getInputStream(e), new CRC32());
                } catch (ZipException | IllegalArgumentException ex) {
                    throw corrupt(source, e.getName(), ex);
                }
                try (in) {
                    array = NpyReader.readBounded(in, entrySource(source, e.getName()));
                } catch (ZipException | EOFException ex) {
                    throw corrupt(source, e.getName(), ex);
                }
                long crc = in.getChecksum().getValue();
                if (e.getCrc() != -1 && crc != e.getCrc()) {
                    throw new TensorFormatException(source, String.format(Locale.ROOT,
                            "entry '%s' is corrupt: CRC-32 is %08x, the archive says %08x; write the archive again",
                            e.getName(), crc, e.getCrc()));
                }
                out.put(key, array);
            }
        } catch (IllegalArgumentException | IllegalStateException ex) {
            // ZipFile's lazy entry decoding rejects names that are not UTF-8 with unchecked exceptions.
            throw new TensorFormatException(source, "not a readable .npz (zip) archive (" + ex.getMessage()
                    + ")", ex);
        }
        return out;
    }

    private static TensorFormatException corrupt(String source, String entry, Exception ex) {
        return new TensorFormatException(source, "entry '" + entry + "' is corrupt (" + ex.getMessage()
                + "); write the archive again", ex);
    }

    private static String entrySource(String source, String entry) {
        return source + "[" + entry + "]";
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
                    String key = key(out, source, e.getName());
                    out.put(key, NpyReader.readBounded(zin, entrySource(source, e.getName())));
                }
            }
        } catch (ZipException | EOFException | IllegalArgumentException ex) {
            // IllegalArgumentException: ZipInputStream's answer to an entry name that is not UTF-8.
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
        return read(Streams.readAll(in, source), source);
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

    /** The array name of an entry, checked to be a .npy and not a duplicate. */
    private static String key(Map<String, NdArray> out, String source, String entry) throws TensorFormatException {
        if (!entry.endsWith(".npy")) {
            throw new TensorFormatException(source, "entry '" + entry
                    + "' is not a .npy array; an .npz should only hold arrays written by np.savez");
        }
        String key = entry.substring(0, entry.length() - 4);
        if (out.containsKey(key)) {
            throw new TensorFormatException(source, "holds two entries named '" + entry + "'");
        }
        return key;
    }
}
