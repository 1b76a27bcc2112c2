package dev.j2cmsis.sim.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads numpy {@code .npy} files, format versions 1.0, 2.0 and 3.0.
 *
 * <p>Supported dtypes (any byte order, {@code '='} taken as little-endian): {@code f2 f4 f8} (float16/32/64),
 * {@code u1 i1 i2 i4 i8}. Arrays must be in C order: a {@code fortran_order: True} file of rank 2 or more is
 * rejected with a hint to save {@code np.ascontiguousarray(a)} instead. Structured and object dtypes are
 * rejected. The header dictionary is parsed as the Python literal it is, so spacing, quote style, key order
 * and trailing commas do not matter.
 */
public final class NpyReader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyReader() {}

    /** Reads a {@code .npy} file. */
    public static NdArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readBounded(in, file.toString());
        }
    }

    /** Reads a {@code .npy} file as a float32 tensor named after the file, without {@code .npy}. */
    public static Tensor readTensor(Path file) throws IOException {
        return read(file).toTensorNoCopy(baseName(file));
    }

    /** Reads the whole stream (left open) as {@code .npy}; {@code source} names it in error messages. */
    public static NdArray read(InputStream in, String source) throws IOException {
        return readBounded(in, source);
    }

    /**
     * Parses {@code .npy} content.
     *
     * @param source names the content in error messages (a file name, an npz entry)
     * @throws TensorFormatException on bad magic, an unsupported version or dtype, Fortran order, or a body
     *     that is shorter or longer than the header's shape says
     */
    public static NdArray read(byte[] bytes, String source) throws TensorFormatException {
        Header h = header(bytes, source);
        long have = bytes.length - h.dataStart;
        checkLength(h, have, source);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(h.order);
        buf.position(h.dataStart);
        return NdArray.decode(h.dtype, h.shape, buf);
    }

    /**
     * Reads one {@code .npy} from a stream (an npz entry, a file) holding no more than the header declares:
     * an entry that inflates beyond its header's shape fails after one byte too many, never after gigabytes.
     */
    static NdArray readBounded(InputStream in, String source) throws IOException {
        byte[] pre = Streams.readUpTo(in, 12, source);
        int preamble = pre.length >= 8 && (pre[6] & 0xFF) >= 2 ? 12 : 10;
        long headerLen = 0;
        if (pre.length >= preamble && startsWithMagic(pre)) {
            ByteBuffer b = ByteBuffer.wrap(pre).order(ByteOrder.LITTLE_ENDIAN).position(8);
            headerLen = preamble == 10 ? b.getShort() & 0xFFFF : b.getInt() & 0xFFFFFFFFL;
            if (headerLen > MAX_HEADER) {
                throw new TensorFormatException(source, String.format(Locale.ROOT, "the header is declared as %d "
                        + "bytes; more than %d is not a numpy header", headerLen, MAX_HEADER));
            }
        }
        long extra = pre.length == 12 ? Math.max(0, preamble + headerLen - pre.length) : 0;
        byte[] head = concat(pre, Streams.readUpTo(in, extra, source));
        Header h = header(head, source).reading();
        long need = h.need;
        byte[] data = Streams.readUpTo(in, need + 1, source);
        checkLength(h, data.length, source);
        ByteBuffer buf = ByteBuffer.wrap(data).order(h.order);
        return NdArray.decode(h.dtype, h.shape, buf);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Longest header text accepted; numpy itself refuses more than 10000 bytes by default (numpy 1.24+). */
    static final int MAX_HEADER = 1 << 20;

    private record Header(String descr, DType dtype, ByteOrder order, int[] shape, long need, int dataStart,
                          boolean bounded) {
        Header reading() {
            return new Header(descr, dtype, order, shape, need, dataStart, true);
        }
    }

    private static void checkLength(Header h, long have, String source) throws TensorFormatException {
        long need = h.need;
        if (have < need) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "truncated: shape %s of '%s' needs %d data bytes after the %d-byte header, found %d",
                    Shapes.format(h.shape), h.descr, need, h.dataStart, have));
        }
        if (have > need) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "%s follow the %d data bytes of shape %s of '%s'; the header or the file is damaged",
                    h.bounded ? "more bytes" : (have - need) + " bytes", need,
                    Shapes.format(h.shape), h.descr));
        }
    }

    /** Parses magic, version and header dictionary; {@code bytes} need hold only the header. */
    private static Header header(byte[] bytes, String source) throws TensorFormatException {
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new TensorFormatException(source, "not a .npy file: it does not start with \\x93NUMPY"
                    + (bytes.length < 10 ? " (only " + bytes.length + " bytes long)" : ""));
        }
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        if (major < 1 || major > 3) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    ".npy format version %d.%d is not supported; versions 1.0, 2.0 and 3.0 are", major, minor));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(8);
        long headerLen;
        if (major == 1) {
            headerLen = buf.getShort() & 0xFFFF;
        } else {
            if (bytes.length < 12) {
                throw new TensorFormatException(source, "truncated: a version " + major
                        + " .npy header needs 12 bytes before the header text, found " + bytes.length);
            }
            headerLen = buf.getInt() & 0xFFFFFFFFL;
        }
        int dataStart = buf.position();
        if (headerLen > bytes.length - dataStart) {
            throw new TensorFormatException(source, String.format(Locale.ROOT,
                    "truncated: the header is declared as %d bytes but only %d bytes follow the preamble",
                    headerLen, bytes.length - dataStart));
        }
        String header = new String(bytes, dataStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        dataStart += (int) headerLen;

        Map<String, Object> dict = new HeaderParser(header, source).parseDict();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeObj = dict.get("shape");
        if (descr == null || fortran == null || shapeObj == null) {
            throw new TensorFormatException(source, "the header " + header.strip()
                    + " lacks one of the keys 'descr', 'fortran_order', 'shape'");
        }
        if (!(descr instanceof String d)) {
            throw new TensorFormatException(source, "structured dtype " + descr
                    + " is not supported; save a plain numeric array");
        }
        if (!(shapeObj instanceof int[] shape)) {
            throw new TensorFormatException(source, "'shape' must be a tuple of ints, found " + shapeObj);
        }
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw new TensorFormatException(source, "'fortran_order' must be True or False, found " + fortran);
        }
        if (fortranOrder && shape.length > 1) {
            throw new TensorFormatException(source, "the array is stored in Fortran (column-major) order, "
                    + "which is not supported; save it with np.save(path, np.ascontiguousarray(a))");
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        String code = d;
        if (!d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0) {
            order = d.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            code = d.substring(1);
        }
        DType dtype = DType.fromNumpyCode(code);
        if (dtype == null) {
            throw new TensorFormatException(source, "dtype '" + d + "' is not supported; use one of "
                    + "float16/32/64 ('<f2' '<f4' '<f8'), uint8 '|u1', int8 '|i1', int16 '<i2', int32 '<i4', "
                    + "int64 '<i8' (e.g. a.astype(np.float32))");
        }
        long n = Shapes.product(shape);
        if (n < 0) {
            throw new TensorFormatException(source, "shape " + Shapes.format(shape)
                    + (n == -1 ? " has a negative dimension" : " is too large for one Java array"));
        }
        long need = n * dtype.byteSize();
        Streams.checkSize(need, source);
        return new Header(d, dtype, order, shape, need, dataStart, false);
    }

    static boolean startsWithMagic(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }

    /**
     * The subset of Python literal syntax numpy writes in headers: a dict of string keys to strings,
     * booleans, None, ints and tuples/lists. Tuples of ints become {@code int[]}; lists become
     * {@code List<Object>} (only to reject structured dtypes with a clear message).
     */
    private static final class HeaderParser {
        private final String s;
        private final String source;
        private int pos;
        private int depth;

        HeaderParser(String s, String source) {
            this.s = s;
            this.source = source;
        }

        Map<String, Object> parseDict() throws TensorFormatException {
            skipWs();
            expect('{');
            Map<String, Object> map = new HashMap<>();
            while (true) {
                skipWs();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                Object key = parseValue();
                if (!(key instanceof String k)) {
                    throw error("dictionary key must be a string");
                }
                skipWs();
                expect(':');
                map.put(k, parseValue());
                skipWs();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            return map;
        }

        private Object parseValue() throws TensorFormatException {
            skipWs();
            char c = peek();
            if (c == '\'' || c == '"') {
                return parseString(c);
            }
            if (c == '(' || c == '[') {
                return parseSequence(c == '(' ? ')' : ']', c == '(');
            }
            if (c == '-' || Character.isDigit(c)) {
                int start = pos;
                if (c == '-') {
                    pos++;
                }
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                long v;
                try {
                    v = Long.parseLong(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    throw error("bad integer");
                }
                if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                    pos++; // Python 2 long suffix, written by old numpy.
                }
                return v;
            }
            for (String word : new String[] {"True", "False", "None"}) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("None") ? "None" : Boolean.valueOf(word.equals("True"));
                }
            }
            throw error("unexpected character '" + c + "'");
        }

        private Object parseSequence(char close, boolean tuple) throws TensorFormatException {
            // numpy writes at most a list of tuples; deeper nesting is damage and would overflow the stack.
            if (++depth > 32) {
                throw error("nested more than 32 levels deep");
            }
            pos++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipWs();
                if (peek() == close) {
                    pos++;
                    break;
                }
                items.add(parseValue());
                skipWs();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
            depth--;
            if (!tuple) {
                return items;
            }
            int[] ints = new int[items.size()];
            for (int i = 0; i < ints.length; i++) {
                if (!(items.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                    throw error("shape entries must be ints from 0 to " + Integer.MAX_VALUE + ", found "
                            + items.get(i));
                }
                ints[i] = (int) (long) l;
            }
            return ints;
        }

        private String parseString(char quote) throws TensorFormatException {
            pos++;
            StringBuilder b = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != quote) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                b.append(c);
            }
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            pos++;
            return b.toString();
        }

        private void skipWs() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() throws TensorFormatException {
            if (pos >= s.length()) {
                throw error("unexpected end of header");
            }
            return s.charAt(pos);
        }

        private void expect(char c) throws TensorFormatException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private TensorFormatException error(String what) {
            return new TensorFormatException(source, String.format(Locale.ROOT,
                    "cannot parse the .npy header at character %d: %s; header was: %s", pos, what, s.strip()));
        }
    }
}
