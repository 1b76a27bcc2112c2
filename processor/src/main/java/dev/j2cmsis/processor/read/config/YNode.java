package dev.j2cmsis.processor.read.config;

import java.util.List;
import java.util.Map;

/** The YAML document as a tiny tree that remembers the position of every key and value. */
sealed interface YNode permits YNode.Mapping, YNode.Sequence, YNode.Scalar {

    SourcePos pos();

    /** @param entries in file order */
    record Mapping(SourcePos pos, Map<String, Entry> entries) implements YNode {
    }

    record Entry(String key, SourcePos keyPos, YNode value) {
    }

    record Sequence(SourcePos pos, List<YNode> items) implements YNode {
    }

    /**
     * @param text the scalar as written (numbers keep their spelling)
     * @param number the value of {@code INT} (Integer, Long or BigInteger) and {@code FLOAT} (Double) scalars
     */
    record Scalar(SourcePos pos, Kind kind, String text, Number number) implements YNode {
        boolean isEmpty() {
            return kind == Kind.NULL || (kind == Kind.STRING && text.isEmpty());
        }
    }

    enum Kind { STRING, INT, FLOAT, BOOLEAN, NULL, BINARY }
}
