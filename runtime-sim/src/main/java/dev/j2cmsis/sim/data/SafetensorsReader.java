package dev.j2cmsis.sim.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code .safetensors} files: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}),
 * then the raw little-endian data, offsets counted from the end of the header.
 *
 * <p>Tensors are returned in the order their keys appear in the JSON header (which for files written by
 * the {@code safetensors} library is not necessarily the order of the data). Float dtypes F16, BF16, F32
 * and F64 and integer dtypes U8, I8, I16, I32, I64 are read; {@link #read(Path)} converts all to float32.
 *
 * <p>Checked: the header length fits the file and is at most {@value #MAX_HEADER} bytes (the limit of the
 * reference implementation); every tensor's offsets lie inside the data section, its byte length equals
 * {@code product(shape) * dtype size}, and no two tensors overlap. Gaps between tensors are tolerated.
 */
public final class SafetensorsReader {
    /** Largest header accepted, as in the safetensors reference implementation. */
    public static final int MAX_HEADER = 100_000_000;

    private static final String METADATA = "__metadata__";

    private SafetensorsReader() {}

    /** Reads every tensor as float32, in header order. */
    public static LinkedHashMap<String, Tensor> read(Path file) throws IOException {
        return NpzReader.toTensors(readArrays(file));
    }

    /** Reads every tensor as float32, in header order; {@code source} names the bytes in messages. */
    public static LinkedHashMap<String, Tensor> read(byte[] bytes, String source) throws TensorFormatException {
        return NpzReader.toTensors(readArrays(bytes, source));
    }

    /** Reads the whole stream (left open); {@code source} names it in messages. */
    public static LinkedHashMap<String, Tensor> read(InputStream in, String source) throws IOException {
        return read(Streams.readAll(in, source), source);
    }

    /** Reads every tensor keeping its stored dtype, in header order. */
    public static LinkedHashMap<String, NdArray> readArrays(Path file) throws IOException {
        return readArrays(readAll(file), file.toString());
    }

    /** Reads every tensor keeping its stored dtype, in header order. */
    public static LinkedHashMap<String, NdArray> readArrays(byte[] bytes, String source)
            throws TensorFormatException {
        Header h = header(bytes, source);
        LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
        for (Entry e : h.entries) {
            ByteBuffer buf = ByteBuffer.wrap(bytes, (int) (h.dataStart + e.begin), (int) (e.end - e.begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            out.put(e.name, NdArray.decode(e.dtype, e.shape, buf));
        }
        return out;
    }

    /** The {@code __metadata__} string map of the header (empty when absent), in header order. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        return readMetadata(readAll(file), file.toString());
    }

    /** As {@link #readMetadata(Path)} for bytes in memory. */
    public static Map<String, String> readMetadata(byte[] bytes, String source) throws TensorFormatException {
        return header(bytes, source).metadata;
    }

    private static byte[] readAll(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Streams.MAX_BYTES) {
            throw new TensorFormatException(file.toString(), String.format(Locale.ROOT,
                    "is %d bytes; files over %d bytes (512 MiB) are not supported", size, Streams.MAX_BYTES));
        }
        return Files.readAllBytes(file);
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    private static Header header(byte[] bytes, String source) throws TensorFormatException {
        if (bytes.length < 8) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "not a safetensors file: it is %d bytes long, shorter than the 8-byte header length",
                    bytes.length));
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8L) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "not a safetensors file, or truncated: its first 8 bytes give a JSON header length of %s, "
                            + "but %d bytes follow them (and at most %d are allowed)",
                    Long.toUnsignedString(n), bytes.length - 8L, MAX_HEADER));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new TensorFormatException(source, "the JSON header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new TensorFormatException(source, "not a safetensors file: the header does not start with '{'");
        }
        Object root = Json.parse(text, source);
        if (!(root instanceof Map<?, ?> map)) {
            throw new TensorFormatException(source, "the JSON header is not an object");
        }
        long dataStart = 8 + n;
        long dataLen = bytes.length - dataStart;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> me : map.entrySet()) {
            String name = (String) me.getKey();
            if (name.equals(METADATA)) {
                if (!(me.getValue() instanceof Map<?, ?> md)) {
                    throw new TensorFormatException(source, "\"__metadata__\" must be an object of strings");
                }
                for (Map.Entry<?, ?> m : md.entrySet()) {
                    if (!(m.getValue() instanceof String v)) {
                        throw new TensorFormatException(source, "\"__metadata__\" value of \"" + m.getKey()
                                + "\" is not a string");
                    }
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            entries.add(entry(name, me.getValue(), dataLen, source));
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin < a.end && b.end > b.begin) {
                throw new TensorFormatException(source, String.format(Locale.ROOT,
                        "tensors '%s' [%d, %d) and '%s' [%d, %d) overlap in the data section", a.name, a.begin,
                        a.end, b.name, b.begin, b.end));
            }
        }
        return new Header(List.copyOf(entries), Collections.unmodifiableMap(metadata), dataStart);
    }

    private static Entry entry(String name, Object v, long dataLen, String source) throws TensorFormatException {
        String where = "tensor '" + name + "'";
        if (!(v instanceof Map<?, ?> m)) {
            throw new TensorFormatException(source, where + ": expected an object with dtype, shape and "
                    + "data_offsets");
        }
        if (!(m.get("dtype") instanceof String dt)) {
            throw new TensorFormatException(source, where + ": missing or non-string \"dtype\"");
        }
        DType dtype = DType.fromSafetensorsName(dt);
        if (dtype == null) {
            throw new TensorFormatException(source, where + ": dtype " + dt + " is not supported; use F32, F64, "
                    + "F16, BF16 or U8, I8, I16, I32, I64 (e.g. convert with tensor.float() before saving)");
        }
        int[] shape = ints(m.get("shape"), -1, where + ": \"shape\"", source);
        long[] off = longs(m.get("data_offsets"), where + ": \"data_offsets\"", source);
        long count = Shapes.product(shape);
        if (count < 0) {
            throw new TensorFormatException(source, where + ": shape " + Shapes.format(shape)
                    + " is too large for one Java array");
        }
        long begin = off[0];
        long end = off[1];
        if (begin > end || end > dataLen) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "%s: data_offsets [%d, %d] do not lie within the %d-byte data section; the file may be "
                            + "truncated", where, begin, end, dataLen));
        }
        long need = count * dtype.byteSize();
        if (end - begin != need) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "%s: shape %s of %s needs %d bytes but data_offsets [%d, %d] span %d", where,
                    Shapes.format(shape), dt, need, begin, end, end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static int[] ints(Object o, int len, String what, String source) throws TensorFormatException {
        long[] l = longArray(o, len, what, source);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] > Integer.MAX_VALUE) {
                throw new TensorFormatException(source, what + " entry " + l[i] + " is too large");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    private static long[] longs(Object o, String what, String source) throws TensorFormatException {
        return longArray(o, 2, what, source);
    }

    private static long[] longArray(Object o, int len, String what, String source) throws TensorFormatException {
        if (!(o instanceof List<?> list) || (len >= 0 && list.size() != len)) {
            throw new TensorFormatException(source, what + " must be an array"
                    + (len >= 0 ? " of " + len : "") + " non-negative integers, found " + o);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw new TensorFormatException(source, what + " must hold non-negative integers, found "
                        + list.get(i));
            }
            out[i] = l;
        }
        return out;
    }
}
