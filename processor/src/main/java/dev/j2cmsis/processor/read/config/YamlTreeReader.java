package dev.j2cmsis.processor.read.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Walks Jackson's YAML token stream into a {@link YNode} tree, recording {@code currentTokenLocation()} of each
 * key and value. Databind binding is not used because it drops positions.
 *
 * <p>Duplicate keys are detected here rather than with {@code STRICT_DUPLICATE_DETECTION}: Jackson reports them
 * at the parser's position after the key, while this reports the key itself and where it was first defined.
 *
 * <p>Aliases ({@code *name}) are rejected: Jackson's streaming parser does not expand them (it returns the alias
 * name as a string), so accepting them would silently read the wrong value. Anchors ({@code &name}) and tags are
 * ignored.
 */
final class YamlTreeReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
    /** YAML 1.1 spellings Jackson classifies as floats but cannot convert (jackson-dataformat-yaml 2.17). */
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");
    private static final Pattern INF = Pattern.compile("([-+]?)\\.(inf|Inf|INF)");
    private static final Pattern JACKSON_EVENT_DUMP = Pattern.compile("\\s*<org\\.yaml\\.snakeyaml[^>]*>");

    private final String file;
    private final String content;
    private YAMLParser parser;

    private YamlTreeReader(String file, String content) {
        this.file = file;
        this.content = content;
    }

    /** The root node, or null when the document has no content (empty or comments only). */
    static YNode read(String content, String file) throws ConfigException {
        return new YamlTreeReader(file, content).read();
    }

    private YNode read() throws ConfigException {
        try (YAMLParser p = FACTORY.createParser(content)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            YNode root = value(first, "");
            if (p.nextToken() != null) {
                throw new ConfigException(ConfigMessage.MULTIPLE_DOCUMENTS, here(), ConfigMessage.MULTIPLE_DOCUMENTS.format());
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (YAMLException e) {
            throw syntaxError(e);
        } catch (IOException e) {
            // Parsing a String does no I/O; keep the cause's text rather than a stack trace.
            throw new ConfigException(ConfigMessage.SYNTAX, file, null, ConfigMessage.SYNTAX.format(e.toString()));
        }
    }

    private YNode value(JsonToken token, String path) throws IOException, ConfigException {
        SourcePos pos = here();
        if (parser.isCurrentAlias()) {
            throw new ConfigException(ConfigMessage.ALIAS, pos, ConfigMessage.ALIAS.format(parser.getText()));
        }
        switch (token) {
            case START_OBJECT:
                return mapping(pos, path);
            case START_ARRAY:
                return sequence(pos, path);
            case VALUE_STRING:
                return new YNode.Scalar(pos, YNode.Kind.STRING, parser.getText(), null);
            case VALUE_NUMBER_INT:
                return new YNode.Scalar(pos, YNode.Kind.INT, parser.getText(), parser.getNumberValue());
            case VALUE_NUMBER_FLOAT:
                return new YNode.Scalar(pos, YNode.Kind.FLOAT, parser.getText(), floatValue(pos));
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YNode.Scalar(pos, YNode.Kind.BOOLEAN, parser.getText(), null);
            case VALUE_NULL:
                return new YNode.Scalar(pos, YNode.Kind.NULL, parser.getText(), null);
            default:
                // VALUE_EMBEDDED_OBJECT: a !!binary scalar.
                return new YNode.Scalar(pos, YNode.Kind.BINARY, "", null);
        }
    }

    /** Deeper than any j2cmsis configuration, and far from a stack overflow in this recursive reader. */
    static final int MAX_DEPTH = 64;
    private int depth;

    private void enter(SourcePos pos) throws ConfigException {
        if (++depth > MAX_DEPTH) {
            throw new ConfigException(ConfigMessage.TOO_DEEP, pos, ConfigMessage.TOO_DEEP.format(MAX_DEPTH));
        }
    }

    private YNode.Mapping mapping(SourcePos pos, String path) throws IOException, ConfigException {
        enter(pos);
        Map<String, YNode.Entry> entries = new LinkedHashMap<>();
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            // The YAML parser only yields FIELD_NAME here; complex keys fail inside nextToken().
            String key = parser.currentName();
            SourcePos keyPos = here();
            YNode.Entry first = entries.get(key);
            if (first != null) {
                throw new ConfigException(ConfigMessage.DUPLICATE_KEY, keyPos,
                        ConfigMessage.DUPLICATE_KEY.format(key, ConfigReader.where(path), first.keyPos()));
            }
            YNode v = value(next(), ConfigReader.child(path, key));
            entries.put(key, new YNode.Entry(key, keyPos, v));
        }
        depth--;
        return new YNode.Mapping(pos, entries);
    }

    private YNode.Sequence sequence(SourcePos pos, String path) throws IOException, ConfigException {
        enter(pos);
        List<YNode> items = new ArrayList<>();
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            items.add(value(t, path + "[" + items.size() + "]"));
        }
        depth--;
        return new YNode.Sequence(pos, items);
    }

    private Double floatValue(SourcePos pos) throws IOException, ConfigException {
        String text = parser.getText();
        if (NAN.matcher(text).matches()) {
            return Double.NaN;
        }
        var inf = INF.matcher(text);
        if (inf.matches()) {
            return inf.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        try {
            return parser.getDoubleValue();
        } catch (JsonProcessingException e) {
            throw new ConfigException(ConfigMessage.SYNTAX, pos,
                    ConfigMessage.SYNTAX.format("'" + text + "' is not a valid number; write it like 0.5 or 1e-3"));
        }
    }

    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            // Jackson always closes open containers before the end of input; this guards against a change.
            throw new JsonParseExceptionAtEnd(parser);
        }
        return t;
    }

    private SourcePos here() {
        JsonLocation loc = parser.currentTokenLocation();
        return new SourcePos(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    private ConfigException syntaxError(Exception e) {
        Throwable cause = e instanceof JsonProcessingException ? e.getCause() : e;
        if (cause instanceof MarkedYAMLException m && (m.getProblemMark() != null || m.getContextMark() != null)) {
            // SnakeYAML's problem mark is where the fault is; Jackson's location is often the previous token.
            Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
            StringBuilder detail = new StringBuilder(clean(m.getProblem() != null ? m.getProblem() : m.getContext()));
            if (m.getProblem() != null && m.getContext() != null && m.getContextMark() != null) {
                detail.append(" (").append(clean(m.getContext())).append(" that starts at ")
                        .append(pos(m.getContextMark())).append(')');
            }
            detail.append("; check the indentation (spaces only, each child indented under its key), quotes and"
                    + " brackets here");
            return new ConfigException(ConfigMessage.SYNTAX, pos(mark), ConfigMessage.SYNTAX.format(detail));
        }
        if (cause instanceof ReaderException r) {
            return new ConfigException(ConfigMessage.SYNTAX, posOfIndex(r.getPosition()),
                    ConfigMessage.SYNTAX.format(String.format(java.util.Locale.ROOT,
                            "character U+%04X is not allowed in YAML; remove it", r.getCodePoint())));
        }
        if (e instanceof JsonProcessingException j) {
            String msg = j.getOriginalMessage() == null ? j.toString() : j.getOriginalMessage();
            if (msg.startsWith("Expected a field name")) {
                msg = "keys must be plain names, not lists or mappings";
            }
            msg = clean(JACKSON_EVENT_DUMP.matcher(msg).replaceAll(""));
            JsonLocation loc = j.getLocation();
            SourcePos pos = loc != null && loc.getLineNr() > 0 && loc.getColumnNr() > 0
                    ? new SourcePos(file, loc.getLineNr(), loc.getColumnNr())
                    : null;
            return new ConfigException(ConfigMessage.SYNTAX, file, pos, ConfigMessage.SYNTAX.format(msg));
        }
        return new ConfigException(ConfigMessage.SYNTAX, file, null, ConfigMessage.SYNTAX.format(clean(e.getMessage())));
    }

    private SourcePos pos(Mark m) {
        return new SourcePos(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private SourcePos posOfIndex(int index) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(index, content.length()); i++) {
            if (content.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SourcePos(file, line, col);
    }

    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replace("\n", " ").strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /** Unexpected end of the token stream, reported like any other parse failure. */
    private static final class JsonParseExceptionAtEnd extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseExceptionAtEnd(YAMLParser p) {
            super(p, "unexpected end of the document", p.currentLocation());
        }
    }
}
