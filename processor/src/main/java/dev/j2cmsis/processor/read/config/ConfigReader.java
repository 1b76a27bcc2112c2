package dev.j2cmsis.processor.read.config;

import dev.j2cmsis.processor.read.config.QuantizationConfig.Activations;
import dev.j2cmsis.processor.read.config.QuantizationConfig.Scheme;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.lang.model.SourceVersion;

/**
 * Reads and checks a network's YAML configuration. Every problem becomes a {@link ConfigException} whose message
 * starts with {@code file:line:column} of the offending key or value and says how to fix it; no other exception
 * escapes. The first problem found is reported: first the YAML syntax, then keys and value types and ranges,
 * section by section, and last whether the named files exist (so a broken file is not hidden behind a path error).
 *
 * <p>A missing required key is reported at its parent: the parent's key, or the top-level mapping.
 */
public final class ConfigReader {
    static final List<String> ROOT_KEYS = List.of("weights", "names", "calibration", "quantization", "target");
    static final List<String> CALIBRATION_KEYS = List.of("data", "samples", "transform");
    static final List<String> TRANSFORM_KEYS = List.of("scale", "mean", "std");
    static final List<String> QUANTIZATION_KEYS = List.of("scheme", "activations", "percentile", "search", "layers",
            "rounding");
    static final List<String> LAYER_QUANTIZATION_KEYS = List.of("scheme", "activations", "percentile");
    /** Section of every fixed key, to tell a user whose key is at the wrong indentation where it belongs. */
    private static final Map<String, String> HOME = homes();

    private final Path yamlFile;
    private final Path baseDir;
    private final String file;

    private ConfigReader(Path yamlFile, String displayName) {
        this.yamlFile = yamlFile;
        this.baseDir = yamlFile.getParent();
        this.file = displayName;
    }

    /**
     * Reads {@code yamlFile} (UTF-8) and resolves relative paths against its directory.
     *
     * @param displayName how the file is named in messages, e.g. {@code dev/x/fashion_lenet.yaml}
     */
    public static NetworkConfig read(Path yamlFile, String displayName) throws ConfigException {
        Path abs = yamlFile.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new ConfigException(ConfigMessage.UNREADABLE_FILE, displayName, null,
                    ConfigMessage.UNREADABLE_FILE.format(abs, "it is a directory"));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(abs);
        } catch (NoSuchFileException e) {
            throw new ConfigException(ConfigMessage.UNREADABLE_FILE, displayName, null,
                    ConfigMessage.UNREADABLE_FILE.format(abs, "no such file"));
        } catch (IOException | SecurityException e) {
            throw new ConfigException(ConfigMessage.UNREADABLE_FILE, displayName, null,
                    ConfigMessage.UNREADABLE_FILE.format(abs, e.toString()));
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notUtf8(bytes, displayName, e);
        }
        return new ConfigReader(abs, displayName).parse(content);
    }

    /** The first malformed byte sequence, at its line:column (columns counted in characters). */
    private static ConfigException notUtf8(byte[] bytes, String displayName, CharacterCodingException e) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (!r.isError()) {
            return new ConfigException(ConfigMessage.NOT_UTF8, displayName, null,
                    ConfigMessage.NOT_UTF8.format(e.toString()));
        }
        int line = 1;
        int column = 1;
        out.flip();
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "0x%02X",
                    bytes[in.position() + i] & 0xFF));
        }
        return new ConfigException(ConfigMessage.NOT_UTF8_AT, new SourcePos(displayName, line, column),
                ConfigMessage.NOT_UTF8_AT.format(hex));
    }

    /**
     * Reads YAML text, e.g. a resource the processor obtained from the {@code Filer}. Relative paths are resolved
     * against {@code baseDir}; {@link NetworkConfig#yamlFile()} is {@code baseDir} plus the last segment of
     * {@code displayName}.
     */
    public static NetworkConfig read(String content, Path baseDir, String displayName) throws ConfigException {
        String name = displayName.substring(displayName.lastIndexOf('/') + 1);
        Path yaml;
        try {
            yaml = baseDir.toAbsolutePath().normalize().resolve(name.isEmpty() ? "config.yaml" : name);
        } catch (InvalidPathException e) {
            yaml = baseDir.toAbsolutePath().normalize().resolve("config.yaml");
        }
        return new ConfigReader(yaml, displayName).parse(content);
    }

    private NetworkConfig parse(String content) throws ConfigException {
        // A BOM is legal at the start of a UTF-8 YAML file, but would become part of the first key.
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        YNode root = YamlTreeReader.read(text, file);
        if (root == null) {
            SourcePos start = new SourcePos(file, 1, 1);
            throw new ConfigException(ConfigMessage.EMPTY_FILE, start, ConfigMessage.EMPTY_FILE.format());
        }
        if (!(root instanceof YNode.Mapping top)) {
            throw new ConfigException(ConfigMessage.ROOT_NOT_MAPPING, root.pos(),
                    ConfigMessage.ROOT_NOT_MAPPING.format(describe(root)));
        }
        checkKeys(top, "", ROOT_KEYS);
        require(top, "", top.pos(), "weights", "weights: model.safetensors");
        require(top, "", top.pos(), "calibration", "calibration: {data: calib-images-idx3-ubyte.gz}");

        YNode.Entry weightsEntry = top.entries().get("weights");
        String weightsText = text(weightsEntry.value(), "weights", "a file path");
        Names names = names(top.entries().get("names"));
        YNode.Entry calEntry = top.entries().get("calibration");
        YNode.Mapping cal = section(calEntry, "calibration", CALIBRATION_KEYS);
        require(cal, "calibration", calEntry.keyPos(), "data", "data: calib-images-idx3-ubyte.gz");
        YNode.Entry dataEntry = cal.entries().get("data");
        String dataText = text(dataEntry.value(), "calibration.data", "a file path");
        checkDataFormat(dataText, dataEntry.value().pos());
        Optional<Located<Integer>> samples = samples(cal.entries().get("samples"));
        TransformConfig transform = transform(cal.entries().get("transform"), calEntry.keyPos());
        QuantizationConfig quantization = quantization(top.entries().get("quantization"), top.pos());
        Located<Target> target = enumValue(top.entries().get("target"), "target", "target", top.pos(),
                Target.DEFAULT, Target.values(), Target::yamlName);

        Located<Path> weights = file(weightsText, weightsEntry.value().pos(), "weights");
        Located<Path> data = file(dataText, dataEntry.value().pos(), "calibration.data");
        return new NetworkConfig(yamlFile, top.pos(), weights, names.prefixes, names.keys,
                new CalibrationConfig(data, samples, transform, calEntry.keyPos()), quantization, target);
    }

    // ---- sections ----

    private record Names(Map<String, Located<String>> prefixes, Map<String, SourcePos> keys) {
    }

    private Names names(YNode.Entry entry) throws ConfigException {
        Map<String, Located<String>> prefixes = new LinkedHashMap<>();
        Map<String, SourcePos> keys = new LinkedHashMap<>();
        if (entry != null) {
            if (!(entry.value() instanceof YNode.Mapping m)) {
                throw wrongType("names", entry.value(), "a mapping of layer field names to weight key prefixes");
            }
            for (YNode.Entry e : m.entries().values()) {
                if (!SourceVersion.isIdentifier(e.key()) || SourceVersion.isKeyword(e.key())) {
                    throw new ConfigException(ConfigMessage.NOT_IDENTIFIER, e.keyPos(),
                            ConfigMessage.NOT_IDENTIFIER.format(e.key()));
                }
                String prefix = text(e.value(), "names." + e.key(), "a weight key prefix such as 'features.0'");
                prefixes.put(e.key(), Located.of(prefix, e.value().pos()));
                keys.put(e.key(), e.keyPos());
            }
        }
        return new Names(prefixes, keys);
    }

    private Optional<Located<Integer>> samples(YNode.Entry entry) throws ConfigException {
        if (entry == null) {
            return Optional.empty();
        }
        YNode v = entry.value();
        if (!(v instanceof YNode.Scalar s) || s.kind() != YNode.Kind.INT) {
            throw wrongType("calibration.samples", v, "a positive integer");
        }
        BigInteger n = s.number() instanceof BigInteger b ? b : BigInteger.valueOf(s.number().longValue());
        if (n.signum() <= 0) {
            throw new ConfigException(ConfigMessage.SAMPLES_NOT_POSITIVE, s.pos(),
                    ConfigMessage.SAMPLES_NOT_POSITIVE.format(s.text()));
        }
        if (n.bitLength() > 31) {
            throw new ConfigException(ConfigMessage.SAMPLES_TOO_LARGE, s.pos(),
                    ConfigMessage.SAMPLES_TOO_LARGE.format(s.text()));
        }
        return Optional.of(Located.of(n.intValue(), s.pos()));
    }

    private TransformConfig transform(YNode.Entry entry, SourcePos calibrationPos) throws ConfigException {
        if (entry == null) {
            return TransformConfig.identity(calibrationPos);
        }
        YNode.Mapping m = section(entry, "calibration.transform", TRANSFORM_KEYS);
        SourcePos pos = entry.keyPos();
        double scale = 1.0;
        SourcePos scalePos = pos;
        YNode.Entry scaleEntry = m.entries().get("scale");
        if (scaleEntry != null) {
            scale = number(scaleEntry.value(), "calibration.transform.scale", "a number");
            scalePos = scaleEntry.value().pos();
            if (scale == 0.0 || !Double.isFinite(scale)) {
                throw new ConfigException(ConfigMessage.SCALE_INVALID, scalePos,
                        ConfigMessage.SCALE_INVALID.format(((YNode.Scalar) scaleEntry.value()).text()));
            }
        }
        Values mean = values(m.entries().get("mean"), "calibration.transform.mean", 0.0, pos, false);
        YNode.Entry stdEntry = m.entries().get("std");
        Values std = values(stdEntry, "calibration.transform.std", 1.0, pos, true);
        if (mean.values.length > 1 && std.values.length > 1 && mean.values.length != std.values.length) {
            throw new ConfigException(ConfigMessage.CHANNEL_MISMATCH, stdEntry.value().pos(),
                    ConfigMessage.CHANNEL_MISMATCH.format(mean.values.length, std.values.length));
        }
        return new TransformConfig(scale, mean.values, std.values, pos, scalePos, mean.positions, std.positions);
    }

    private record Values(double[] values, List<SourcePos> positions) {
    }

    /** A number or a list of numbers (one per channel). */
    private Values values(YNode.Entry entry, String path, double dflt, SourcePos dfltPos, boolean positive)
            throws ConfigException {
        if (entry == null) {
            return new Values(new double[] {dflt}, List.of(dfltPos));
        }
        String expected = "a number or a list of numbers (one per input channel)";
        List<YNode> items;
        boolean list = entry.value() instanceof YNode.Sequence;
        if (entry.value() instanceof YNode.Sequence seq) {
            if (seq.items().isEmpty()) {
                throw new ConfigException(ConfigMessage.EMPTY_LIST, seq.pos(), ConfigMessage.EMPTY_LIST.format(path));
            }
            items = seq.items();
        } else {
            items = List.of(entry.value());
        }
        double[] values = new double[items.size()];
        List<SourcePos> positions = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            YNode item = items.get(i);
            String itemPath = list ? path + "[" + i + "]" : path;
            values[i] = number(item, itemPath, list ? "a number" : expected);
            String written = ((YNode.Scalar) item).text();
            if (!Double.isFinite(values[i])) {
                throw new ConfigException(ConfigMessage.NOT_FINITE, item.pos(),
                        ConfigMessage.NOT_FINITE.format(itemPath, written));
            }
            if (positive && !(values[i] > 0)) {
                throw new ConfigException(ConfigMessage.STD_NOT_POSITIVE, item.pos(),
                        ConfigMessage.STD_NOT_POSITIVE.format(itemPath, written));
            }
            positions.add(item.pos());
        }
        return new Values(values, positions);
    }

    private QuantizationConfig quantization(YNode.Entry entry, SourcePos rootPos) throws ConfigException {
        YNode.Mapping m = null;
        SourcePos dflt = rootPos;
        if (entry != null) {
            m = section(entry, "quantization", QUANTIZATION_KEYS);
            dflt = entry.keyPos();
        }
        YNode.Entry searchEntry = m == null ? null : m.entries().get("search");
        Located<Boolean> search = Located.of(false, dflt);
        if (searchEntry != null) {
            if (!(searchEntry.value() instanceof YNode.Scalar s) || s.kind() != YNode.Kind.BOOLEAN) {
                throw wrongType("quantization.search", searchEntry.value(), "true or false");
            }
            search = Located.of(Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT)),
                    searchEntry.value().pos());
        }
        Map<String, QuantizationConfig.LayerOverride> layers = new LinkedHashMap<>();
        YNode.Entry layersEntry = m == null ? null : m.entries().get("layers");
        if (layersEntry != null) {
            if (!(layersEntry.value() instanceof YNode.Mapping lm)) {
                throw wrongType("quantization.layers", layersEntry.value(),
                        "a mapping of layer field names to {scheme, activations, percentile}");
            }
            for (YNode.Entry e : lm.entries().values()) {
                if (!SourceVersion.isIdentifier(e.key()) || SourceVersion.isKeyword(e.key())) {
                    throw new ConfigException(ConfigMessage.NOT_IDENTIFIER, e.keyPos(),
                            ConfigMessage.NOT_IDENTIFIER.format(e.key()));
                }
                String path = "quantization.layers." + e.key();
                YNode.Mapping one = section(e, path, LAYER_QUANTIZATION_KEYS);
                YNode.Entry sc = one.entries().get("scheme");
                YNode.Entry ac = one.entries().get("activations");
                YNode.Entry pc = one.entries().get("percentile");
                layers.put(e.key(), new QuantizationConfig.LayerOverride(e.keyPos(),
                        sc == null ? null : enumValue(sc, path + ".scheme", "quantization scheme", null, null,
                                Scheme.values(), Scheme::yamlName),
                        ac == null ? null : enumValue(ac, path + ".activations", "activation range method", null,
                                null, Activations.values(), Activations::yamlName),
                        pc == null ? null : percentile(pc, path + ".percentile")));
            }
        }
        YNode.Entry pEntry = m == null ? null : m.entries().get("percentile");
        return new QuantizationConfig(
                enumValue(m == null ? null : m.entries().get("scheme"), "quantization.scheme", "quantization scheme",
                        dflt, Scheme.DEFAULT, Scheme.values(), Scheme::yamlName),
                enumValue(m == null ? null : m.entries().get("activations"), "quantization.activations",
                        "activation range method", dflt, Activations.DEFAULT, Activations.values(),
                        Activations::yamlName),
                pEntry == null ? Located.of(QuantizationConfig.DEFAULT_PERCENTILE, dflt)
                        : percentile(pEntry, "quantization.percentile"),
                search, layers, enumValue(m == null ? null : m.entries().get("rounding"), "quantization.rounding",
                        "rounding", dflt, QuantizationConfig.Rounding.DEFAULT, QuantizationConfig.Rounding.values(),
                        QuantizationConfig.Rounding::yamlName));
    }

    private Located<Double> percentile(YNode.Entry e, String path) throws ConfigException {
        double p = number(e.value(), path, "a percentile in (0, 100], e.g. 99.99");
        if (!(p > 0 && p <= 100)) {
            throw new ConfigException(ConfigMessage.PERCENTILE_RANGE, e.value().pos(),
                    ConfigMessage.PERCENTILE_RANGE.format(path, e.value() instanceof YNode.Scalar s ? s.text() : p));
        }
        return Located.of(p, e.value().pos());
    }

    // ---- value helpers ----

    private <E> Located<E> enumValue(YNode.Entry entry, String path, String what, SourcePos dfltPos, E dflt,
            E[] all, Function<E, String> yamlName) throws ConfigException {
        List<String> names = Arrays.stream(all).map(yamlName).toList();
        if (entry == null) {
            return Located.of(dflt, dfltPos);
        }
        String value = text(entry.value(), path, "one of " + String.join(", ", names));
        for (E e : all) {
            if (yamlName.apply(e).equals(value)) {
                return Located.of(e, entry.value().pos());
            }
        }
        String hint = Suggest.closest(value, names).map(s -> "did you mean '" + s + "'? ").orElse("");
        throw new ConfigException(ConfigMessage.UNKNOWN_VALUE, entry.value().pos(),
                ConfigMessage.UNKNOWN_VALUE.format(what, value, path, hint, String.join(", ", names)));
    }

    /** The text of a non-empty scalar; numbers and booleans count as their spelling. */
    private String text(YNode v, String path, String expected) throws ConfigException {
        if (v instanceof YNode.Scalar s && !s.isEmpty() && s.kind() != YNode.Kind.BINARY) {
            return s.text();
        }
        throw wrongType(path, v, expected);
    }

    private double number(YNode v, String path, String expected) throws ConfigException {
        if (v instanceof YNode.Scalar s && (s.kind() == YNode.Kind.INT || s.kind() == YNode.Kind.FLOAT)) {
            return s.number().doubleValue();
        }
        throw wrongType(path, v, expected);
    }

    /** The mapping under a section key, with unknown keys rejected. */
    private YNode.Mapping section(YNode.Entry entry, String path, List<String> keys) throws ConfigException {
        if (!(entry.value() instanceof YNode.Mapping m)) {
            throw wrongType(path, entry.value(), "a mapping with the keys " + String.join(", ", keys));
        }
        checkKeys(m, path, keys);
        return m;
    }

    private void checkKeys(YNode.Mapping m, String path, List<String> allowed) throws ConfigException {
        for (YNode.Entry e : m.entries().values()) {
            if (allowed.contains(e.key())) {
                continue;
            }
            String home = HOME.get(e.key());
            String hint;
            if (home != null && !home.equals(path)) {
                hint = home.isEmpty()
                        ? "'" + e.key() + "' belongs at the top level; remove its indentation "
                        : "'" + e.key() + "' belongs in '" + home + "'; move it there (indented under '"
                                + home.substring(home.lastIndexOf('.') + 1) + ":') ";
            } else {
                hint = Suggest.closest(e.key(), allowed)
                        .map(s -> "did you mean '" + s + "'? ")
                        .orElse("remove it or fix its spelling ");
            }
            throw new ConfigException(ConfigMessage.UNKNOWN_KEY, e.keyPos(),
                    ConfigMessage.UNKNOWN_KEY.format(e.key(), where(path), hint, String.join(", ", allowed)));
        }
    }

    private void require(YNode.Mapping m, String path, SourcePos at, String key, String example)
            throws ConfigException {
        if (!m.entries().containsKey(key)) {
            throw new ConfigException(ConfigMessage.MISSING_KEY, at,
                    ConfigMessage.MISSING_KEY.format(key, where(path), example));
        }
    }

    private ConfigException wrongType(String path, YNode v, String expected) {
        String hint = "";
        if (v instanceof YNode.Scalar s && s.isEmpty()) {
            hint = expected.startsWith("a mapping") ? "; write its keys on the following lines, indented under it"
                    : "; write the value after the colon";
        } else if (v instanceof YNode.Scalar s && s.kind() == YNode.Kind.STRING && isNumber(s.text())
                && (expected.contains("number") || expected.contains("integer"))) {
            hint = "; remove the quotes";
        } else if (v instanceof YNode.Sequence && !expected.contains("list")) {
            hint = "; remove the brackets or dashes";
        }
        return new ConfigException(ConfigMessage.WRONG_TYPE, v.pos(),
                ConfigMessage.WRONG_TYPE.format(path, expected, describe(v), hint));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return !s.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String describe(YNode v) {
        if (v instanceof YNode.Mapping) {
            return "a mapping";
        }
        if (v instanceof YNode.Sequence) {
            return "a list";
        }
        YNode.Scalar s = (YNode.Scalar) v;
        return switch (s.kind()) {
            case STRING -> s.text().isEmpty() ? "empty" : "the string '" + abbreviate(s.text()) + "'";
            case INT -> "the integer " + s.text();
            case FLOAT -> "the number " + s.text();
            case BOOLEAN -> "the boolean '" + s.text() + "'";
            case NULL -> "empty";
            case BINARY -> "a binary value";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    // ---- files ----

    private void checkDataFormat(String text, SourcePos pos) throws ConfigException {
        String name = text.toLowerCase(Locale.ROOT);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        if (!(name.endsWith("-ubyte") || name.endsWith("-ubyte.gz") || name.endsWith(".npy"))) {
            throw new ConfigException(ConfigMessage.DATA_FORMAT, pos, ConfigMessage.DATA_FORMAT.format(text));
        }
    }

    private Located<Path> file(String text, SourcePos pos, String path) throws ConfigException {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigException(ConfigMessage.INVALID_PATH, pos,
                    ConfigMessage.INVALID_PATH.format(path, text, e.getReason()));
        }
        Path abs = (p.isAbsolute() ? p : baseDir.resolve(p)).normalize();
        if (!Files.exists(abs)) {
            throw new ConfigException(ConfigMessage.FILE_NOT_FOUND, pos,
                    ConfigMessage.FILE_NOT_FOUND.format(path, abs, notFoundHint(abs, p.isAbsolute())));
        }
        if (Files.isDirectory(abs)) {
            throw new ConfigException(ConfigMessage.NOT_A_FILE, pos, ConfigMessage.NOT_A_FILE.format(path, abs));
        }
        try {
            if (!Files.isReadable(abs)) {
                throw new ConfigException(ConfigMessage.FILE_NOT_READABLE, pos,
                        ConfigMessage.FILE_NOT_READABLE.format(path, abs));
            }
            if (Files.size(abs) == 0) {
                throw new ConfigException(ConfigMessage.FILE_EMPTY, pos, ConfigMessage.FILE_EMPTY.format(path, abs));
            }
        } catch (IOException | SecurityException e) {
            throw new ConfigException(ConfigMessage.FILE_NOT_READABLE, pos,
                    ConfigMessage.FILE_NOT_READABLE.format(path, abs));
        }
        return Located.of(abs, pos);
    }

    private String notFoundHint(Path abs, boolean absolute) {
        String relative = absolute ? "" : "relative paths are resolved against the YAML file's directory " + baseDir;
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return "directory " + dir + " does not exist" + (relative.isEmpty() ? "" : "; " + relative);
        }
        List<String> siblings = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                siblings.add(e.getFileName().toString());
            }
        } catch (IOException | SecurityException e) {
            // Only a hint; the error is reported either way.
        }
        siblings.sort(null);
        String name = abs.getFileName().toString();
        Optional<String> close = Suggest.closest(name, siblings);
        String mean = close.map(s -> "did you mean '" + s + "'? ").orElse("");
        return (mean + relative).isEmpty() ? "check the path" : (mean + relative).strip();
    }

    // ---- naming ----

    static String where(String path) {
        return path.isEmpty() ? "at the top level" : "in '" + path + "'";
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Map<String, String> homes() {
        Map<String, String> m = new LinkedHashMap<>();
        ROOT_KEYS.forEach(k -> m.put(k, ""));
        CALIBRATION_KEYS.forEach(k -> m.put(k, "calibration"));
        TRANSFORM_KEYS.forEach(k -> m.put(k, "calibration.transform"));
        QUANTIZATION_KEYS.forEach(k -> m.put(k, "quantization"));
        return Map.copyOf(m);
    }
}
