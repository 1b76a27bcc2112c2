package dev.j2cmsis.sim.kernels.s8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One data set of CMSIS-NN's stored TFLite reference vectors, {@code Tests/UnitTest/TestCases/TestData/<set>/*.h}
 * of CMSIS-NN v7.0.0, read in place (nothing is copied into this repository). The headers were written by CMSIS-NN's
 * {@code generate_test_data.py} / {@code test_settings.py} from a TFLite interpreter run: {@code #define <SET>_<NAME>
 * value} configuration (dims, offsets, activation range, per-tensor multiplier and shift) and C arrays
 * {@code const int8_t|int16_t|int32_t|int64_t <set>_<name>[N] = {...};} (input, weights, biases, per-channel
 * multipliers and shifts, expected output), and pointer aliases {@code const int32_t *const <set>_biases =
 * <set>_bias;} or {@code = NULL;} by which newer generators map their names onto the ones the Unity tests use.
 * {@code <SET>} is the directory name upper-cased, {@code <set>} the directory name; every set of v7.0.0 but the
 * DS-CNN networks follows this. Only the headers {@code test_data.h} includes are read: some directories also hold
 * the files of an older generator run ({@code fully_connected} has both), which the Unity tests do not see.
 */
final class TfliteTestData {

    private static final Pattern DEFINE = Pattern.compile("(?m)^\\s*#define\\s+(\\w+)[ \\t]+(\\S[^\\r\\n]*?)\\s*$");
    private static final Pattern ARRAY = Pattern.compile(
            "(?:const\\s+)?(u?int(?:8|16|32|64)_t)\\s+(\\w+)\\s*\\[\\s*(\\d*)\\s*]\\s*=\\s*\\{([^}]*)}\\s*;");
    private static final Pattern ALIAS = Pattern.compile(
            "(?:const\\s+)?u?int(?:8|16|32|64)_t\\s*\\*\\s*(?:const\\s+)?(\\w+)\\s*=\\s*(\\w+)\\s*;");
    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*#include\\s+\"([^\"]+)\"");
    private static final String NULL = "NULL";

    /** A parsed C array: its element type and values (int64 values must fit a long). */
    record Array(String type, long[] values) {
    }

    private final String name;
    private final Map<String, String> defines;
    private final Map<String, Array> arrays;
    private final Map<String, String> aliases;

    private TfliteTestData(String name, Map<String, String> defines, Map<String, Array> arrays,
            Map<String, String> aliases) {
        this.name = name;
        this.defines = defines;
        this.arrays = arrays;
        this.aliases = aliases;
    }

    /**
     * Parses {@code dir/test_data.h} and the headers it includes (every {@code .h} of {@code dir} if it has no
     * test_data.h); fails on an array whose declared size differs from its count.
     */
    static TfliteTestData read(Path dir) {
        Map<String, String> defines = new TreeMap<>();
        Map<String, Array> arrays = new TreeMap<>();
        Map<String, String> aliases = new TreeMap<>();
        try {
            for (Path file : headers(dir)) {
                String text = stripComments(Files.readString(file, StandardCharsets.UTF_8));
                Matcher p = ALIAS.matcher(text);
                while (p.find()) {
                    aliases.put(p.group(1), p.group(2));
                }
                Matcher d = DEFINE.matcher(text);
                while (d.find()) {
                    defines.put(d.group(1), d.group(2));
                }
                Matcher a = ARRAY.matcher(text);
                while (a.find()) {
                    long[] values = parseValues(a.group(4), file, a.group(2));
                    if (!a.group(3).isEmpty() && Integer.parseInt(a.group(3)) != values.length) {
                        throw new IllegalStateException(file + ": " + a.group(2) + " declares " + a.group(3)
                                + " elements but lists " + values.length);
                    }
                    arrays.put(a.group(2), new Array(a.group(1), values));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TfliteTestData(dir.getFileName().toString(), defines, arrays, aliases);
    }

    private static List<Path> headers(Path dir) throws IOException {
        Path top = dir.resolve("test_data.h");
        if (!Files.isRegularFile(top)) {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.toString().endsWith(".h")).sorted().toList();
            }
        }
        Set<Path> seen = new LinkedHashSet<>();
        collect(top, seen);
        return List.copyOf(seen);
    }

    /** {@code file} and, depth first, the local headers it includes that exist (not {@code <stdint.h>}). */
    private static void collect(Path file, Set<Path> seen) throws IOException {
        if (!seen.add(file)) {
            return;
        }
        Matcher m = INCLUDE.matcher(stripComments(Files.readString(file, StandardCharsets.UTF_8)));
        while (m.find()) {
            Path included = file.resolveSibling(m.group(1)).normalize();
            if (!Files.isRegularFile(included)) {
                throw new IllegalStateException(file + " includes missing " + m.group(1));
            }
            collect(included, seen);
        }
    }

    private static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\r\\n]*", "");
    }

    private static long[] parseValues(String body, Path file, String array) {
        String trimmed = body.strip();
        if (trimmed.isEmpty()) {
            return new long[0];
        }
        String[] items = trimmed.split(",");
        int n = items.length;
        if (items[n - 1].isBlank()) {
            n--; // trailing comma
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = parseNumber(items[i].strip(), file + ": " + array);
        }
        return values;
    }

    private static long parseNumber(String s, String where) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("(ll|l|u)+$", "");
        boolean negative = t.startsWith("-");
        if (negative) {
            t = t.substring(1).strip();
        }
        try {
            long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": not a number: " + s, e);
        }
    }

    String name() {
        return name;
    }

    private String prefix() {
        return name.toUpperCase(Locale.ROOT) + "_";
    }

    /** The raw text of {@code #define <SET>_<suffix>}, if present. */
    Optional<String> defineText(String suffix) {
        return Optional.ofNullable(defines.get(prefix() + suffix));
    }

    boolean has(String suffix) {
        return defines.containsKey(prefix() + suffix);
    }

    /** {@code #define <SET>_<suffix>} as an int; fails if missing or not an integer. */
    int def(String suffix) {
        String text = defineText(suffix).orElseThrow(
                () -> new IllegalStateException(name + ": no #define " + prefix() + suffix));
        return Math.toIntExact(parseNumber(text.replaceAll("^\\((.*)\\)$", "$1").strip(), name + " " + suffix));
    }

    /** {@code #define <SET>_<suffix>}, or {@code fallback} when the set does not define it. */
    int def(String suffix, int fallback) {
        return has(suffix) ? def(suffix) : fallback;
    }

    /** Follows pointer aliases; {@link #NULL} for a NULL pointer. */
    private String resolve(String symbol) {
        String s = symbol;
        for (int hops = 0; aliases.containsKey(s); hops++) {
            if (hops > 8) {
                throw new IllegalStateException(name + ": alias cycle at " + symbol);
            }
            s = aliases.get(s);
        }
        return s;
    }

    boolean hasArray(String suffix) {
        return arrays.containsKey(resolve(name + "_" + suffix));
    }

    /** True if {@code <set>_<suffix>} is declared as a NULL pointer (e.g. a set without bias). */
    boolean isNull(String suffix) {
        return resolve(name + "_" + suffix).equals(NULL);
    }

    private Array array(String suffix, String type) {
        Array a = arrays.get(resolve(name + "_" + suffix));
        if (a == null) {
            throw new IllegalStateException(name + ": no array " + name + "_" + suffix + " (has " + arrays.keySet()
                    + ")");
        }
        if (!a.type().equals(type)) {
            throw new IllegalStateException(name + "_" + suffix + " is " + a.type() + ", not " + type);
        }
        return a;
    }

    /** The {@code int8_t} array {@code <set>_<suffix>}; fails on a value outside int8. */
    byte[] int8(String suffix) {
        long[] v = array(suffix, "int8_t").values();
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < Byte.MIN_VALUE || v[i] > Byte.MAX_VALUE) {
                throw new IllegalStateException(name + "_" + suffix + "[" + i + "] = " + v[i] + " is not int8");
            }
            out[i] = (byte) v[i];
        }
        return out;
    }

    /** The {@code int32_t} array {@code <set>_<suffix>}, or null where the set declares it NULL. */
    int[] int32OrNull(String suffix) {
        return isNull(suffix) ? null : int32(suffix);
    }

    /** The {@code int32_t} array {@code <set>_<suffix>}. */
    int[] int32(String suffix) {
        long[] v = array(suffix, "int32_t").values();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.toIntExact(v[i]);
        }
        return out;
    }

    /** The element type of the arrays this set stores, e.g. to tell int16 sets apart. */
    Map<String, Array> arrays() {
        return arrays;
    }
}
