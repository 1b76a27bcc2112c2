package dev.j2cmsis.processor.read.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad input per message; each asserts the kind, the exact line:column and what the message says. */
class ConfigReaderErrorsTest {
    private static final String NAME = "net.yaml";
    /** A valid file to append to or edit; lines 1-3. */
    private static final String VALID = """
            weights: w.safetensors
            calibration:
              data: calib.npy
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("w.safetensors"), "w");
        Files.writeString(dir.resolve("calib.npy"), "d");
    }

    private ConfigException read(String yaml) throws IOException {
        Path file = dir.resolve(NAME);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return assertThrows(ConfigException.class, () -> ConfigReader.read(file, NAME));
    }

    private ConfigException assertError(String yaml, ConfigMessage kind, int line, int column, String... parts)
            throws IOException {
        ConfigException e = read(yaml);
        String prefix = NAME + ":" + line + ":" + column + ": ";
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected " + prefix + " in: " + e.getMessage());
        assertEquals(new SourcePos(NAME, line, column), e.pos(), e::getMessage);
        assertEquals(kind, e.kind(), e::getMessage);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
        assertEquals(prefix + e.detail(), e.getMessage());
        return e;
    }

    private String abs(String name) {
        return dir.resolve(name).toAbsolutePath().normalize().toString();
    }

    // ---- the file and its syntax ----

    @Test
    void unreadableFileHasNoPosition() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigReader.read(dir.resolve("missing.yaml"), NAME));
        assertNull(e.pos());
        assertEquals(ConfigMessage.UNREADABLE_FILE, e.kind());
        assertEquals(NAME + ": cannot read the configuration file " + abs("missing.yaml")
                + ": no such file; check that the path in @Network names an existing, readable file", e.getMessage());
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve(NAME);
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file, NAME));
        // The first bad byte, at its line:column: 'a', ':', ' ' come before it.
        assertEquals(new SourcePos(NAME, 1, 4), e.pos());
        assertEquals(ConfigMessage.NOT_UTF8_AT, e.kind());
        assertTrue(e.getMessage().contains("byte(s) 0xFF here are not valid UTF-8; save the file with UTF-8 encoding"),
                e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        assertError("", ConfigMessage.EMPTY_FILE, 1, 1, "the file is empty", "weights: <file>");
    }

    @Test
    void commentsOnlyFileIsEmpty() throws IOException {
        assertError("# nothing yet\n\n", ConfigMessage.EMPTY_FILE, 1, 1, "the file is empty");
    }

    @Test
    void unclosedFlowList() throws IOException {
        assertError("""
                weights: [a, b
                calibration: x
                """, ConfigMessage.SYNTAX, 2, 12,
                "invalid YAML: expected ',' or ']', but got :",
                "while parsing a flow sequence that starts at net.yaml:1:10", "check the indentation");
    }

    @Test
    void tabIndentation() throws IOException {
        assertError("weights: w.safetensors\ncalibration:\n\tdata: calib.npy\n", ConfigMessage.SYNTAX, 3, 1,
                "invalid YAML:", "Do not use \\t(TAB) for indentation");
    }

    @Test
    void badIndentation() throws IOException {
        assertError("""
                calibration:
                  data: calib.npy
                 samples: 3
                """, ConfigMessage.SYNTAX, 3, 2, "invalid YAML: expected <block end>",
                "while parsing a block mapping that starts at net.yaml:1:1");
    }

    @Test
    void mappingValueInPlainScalar() throws IOException {
        assertError("weights: a: b\n", ConfigMessage.SYNTAX, 1, 11, "invalid YAML: mapping values are not allowed here");
    }

    @Test
    void complexKey() throws IOException {
        assertError(VALID + "? [a]\n: b\n", ConfigMessage.SYNTAX, 4, 4,
                "invalid YAML: keys must be plain names, not lists or mappings");
    }

    @Test
    void controlCharacter() throws IOException {
        assertError(VALID + "target: a\u0001\n", ConfigMessage.SYNTAX, 4, 10,
                "invalid YAML: character U+0001 is not allowed in YAML; remove it");
    }

    @Test
    void aliasIsRejected() throws IOException {
        assertError("""
                weights: &w w.safetensors
                calibration:
                  data: *w
                """, ConfigMessage.ALIAS, 3, 9, "YAML aliases are not supported ('*w')", "write the value out");
    }

    @Test
    void secondDocument() throws IOException {
        assertError(VALID + "---\ntarget: cortex-m0\n", ConfigMessage.MULTIPLE_DOCUMENTS, 5, 1,
                "a second YAML document starts here", "remove the '---'");
    }

    @Test
    void rootIsAList() throws IOException {
        assertError("\n- weights: w.safetensors\n", ConfigMessage.ROOT_NOT_MAPPING, 2, 1,
                "the top level must be a mapping of keys", "but is a list");
    }

    @Test
    void rootIsAScalar() throws IOException {
        assertError("weights\n", ConfigMessage.ROOT_NOT_MAPPING, 1, 1, "but is the string 'weights'");
    }

    // ---- keys ----

    @Test
    void unknownTopLevelKey() throws IOException {
        assertError("""
                weights: w.safetensors
                calibation:
                  data: calib.npy
                """, ConfigMessage.UNKNOWN_KEY, 2, 1,
                "unknown key 'calibation' at the top level; did you mean 'calibration'? "
                        + "(allowed keys: weights, names, calibration, quantization, target)");
    }

    @Test
    void unknownNestedKey() throws IOException {
        assertError("""
                weights: w.safetensors
                calibration:
                  data: calib.npy
                  transform:
                    scael: 2
                """, ConfigMessage.UNKNOWN_KEY, 5, 5,
                "unknown key 'scael' in 'calibration.transform'; did you mean 'scale'? (allowed keys: scale, mean, std)");
    }

    @Test
    void unknownKeyWithoutSuggestion() throws IOException {
        assertError(VALID + "quantization:\n  bits: 8\n", ConfigMessage.UNKNOWN_KEY, 5, 3,
                "unknown key 'bits' in 'quantization'; remove it or fix its spelling (allowed keys: scheme, activations, percentile, search, layers, rounding)");
    }

    @Test
    void keyAtWrongLevel() throws IOException {
        assertError("""
                weights: w.safetensors
                calibration:
                  data: calib.npy
                samples: 10
                """, ConfigMessage.UNKNOWN_KEY, 4, 1,
                "unknown key 'samples' at the top level; 'samples' belongs in 'calibration'; "
                        + "move it there (indented under 'calibration:')");
    }

    @Test
    void duplicateTopLevelKey() throws IOException {
        assertError(VALID + "weights: other.safetensors\n", ConfigMessage.DUPLICATE_KEY, 4, 1,
                "duplicate key 'weights' at the top level, first defined at net.yaml:1:1; keep only one of them");
    }

    @Test
    void duplicateNestedKey() throws IOException {
        assertError(VALID + "  transform: {std: 1, std: 2}\n", ConfigMessage.DUPLICATE_KEY, 4, 23,
                "duplicate key 'std' in 'calibration.transform', first defined at net.yaml:4:15");
    }

    @Test
    void missingWeights() throws IOException {
        assertError("# net\ncalibration:\n  data: calib.npy\n", ConfigMessage.MISSING_KEY, 2, 1,
                "missing required key 'weights' at the top level; add it, e.g. 'weights: model.safetensors'");
    }

    @Test
    void missingCalibration() throws IOException {
        assertError("weights: w.safetensors\n", ConfigMessage.MISSING_KEY, 1, 1,
                "missing required key 'calibration' at the top level");
    }

    @Test
    void missingCalibrationData() throws IOException {
        assertError("""
                weights: w.safetensors
                calibration:
                  samples: 10
                """, ConfigMessage.MISSING_KEY, 2, 1,
                "missing required key 'data' in 'calibration'; add it, e.g. 'data: calib-images-idx3-ubyte.gz'");
    }

    @Test
    void namesKeyNotAFieldName() throws IOException {
        assertError(VALID + "names:\n  conv.1: features.0\n", ConfigMessage.NOT_IDENTIFIER, 5, 3,
                "'names' key 'conv.1' is not a Java field name");
    }

    // ---- value types ----

    @Test
    void samplesNotANumber() throws IOException {
        assertError(VALID + "  samples: many\n", ConfigMessage.WRONG_TYPE, 4, 12,
                "'calibration.samples' must be a positive integer, but is the string 'many'");
    }

    @Test
    void samplesQuoted() throws IOException {
        assertError(VALID + "  samples: \"100\"\n", ConfigMessage.WRONG_TYPE, 4, 12,
                "but is the string '100'; remove the quotes");
    }

    @Test
    void samplesNotAnInteger() throws IOException {
        assertError(VALID + "  samples: 1e3\n", ConfigMessage.WRONG_TYPE, 4, 12,
                "'calibration.samples' must be a positive integer, but is the number 1e3");
    }

    @Test
    void scaleIsAList() throws IOException {
        assertError(VALID + "  transform:\n    scale: [1]\n", ConfigMessage.WRONG_TYPE, 5, 12,
                "'calibration.transform.scale' must be a number, but is a list; remove the brackets or dashes");
    }

    @Test
    void weightsIsAMapping() throws IOException {
        assertError("weights: {a: 1}\ncalibration:\n  data: calib.npy\n", ConfigMessage.WRONG_TYPE, 1, 10,
                "'weights' must be a file path, but is a mapping");
    }

    @Test
    void weightsIsEmpty() throws IOException {
        assertError("weights:\ncalibration:\n  data: calib.npy\n", ConfigMessage.WRONG_TYPE, 1, 9,
                "'weights' must be a file path, but is empty; write the value after the colon");
    }

    @Test
    void calibrationIsEmpty() throws IOException {
        assertError("weights: w.safetensors\ncalibration: ~\n", ConfigMessage.WRONG_TYPE, 2, 14,
                "'calibration' must be a mapping with the keys data, samples, transform, but is empty; "
                        + "write its keys on the following lines, indented under it");
    }

    @Test
    void namesIsAList() throws IOException {
        assertError(VALID + "names: [conv1]\n", ConfigMessage.WRONG_TYPE, 4, 8,
                "'names' must be a mapping of layer field names to weight key prefixes, but is a list");
    }

    @Test
    void namePrefixIsAMapping() throws IOException {
        assertError(VALID + "names:\n  conv1: {a: b}\n", ConfigMessage.WRONG_TYPE, 5, 10,
                "'names.conv1' must be a weight key prefix such as 'features.0', but is a mapping");
    }

    @Test
    void meanListItemNotANumber() throws IOException {
        assertError(VALID + "  transform:\n    mean: [0.5, x]\n", ConfigMessage.WRONG_TYPE, 5, 17,
                "'calibration.transform.mean[1]' must be a number, but is the string 'x'");
    }

    @Test
    void stdIsAMapping() throws IOException {
        assertError(VALID + "  transform:\n    std: {r: 1}\n", ConfigMessage.WRONG_TYPE, 5, 10,
                "'calibration.transform.std' must be a number or a list of numbers (one per input channel), "
                        + "but is a mapping");
    }

    @Test
    void targetIsAList() throws IOException {
        assertError(VALID + "target:\n  - cortex-m4\n", ConfigMessage.WRONG_TYPE, 5, 3,
                "'target' must be one of cortex-m4, cortex-m7, cortex-m33, cortex-m3, cortex-m0, cortex-m55, cortex-m85, but is a "
                        + "list");
    }

    // ---- value ranges ----

    @Test
    void samplesZero() throws IOException {
        assertError(VALID + "  samples: 0\n", ConfigMessage.SAMPLES_NOT_POSITIVE, 4, 12,
                "'calibration.samples' must be a positive number of samples, but is 0; remove the key");
    }

    @Test
    void samplesNegative() throws IOException {
        assertError(VALID + "  samples: -5\n", ConfigMessage.SAMPLES_NOT_POSITIVE, 4, 12, "but is -5");
    }

    @Test
    void samplesTooLarge() throws IOException {
        assertError(VALID + "  samples: 3000000000\n", ConfigMessage.SAMPLES_TOO_LARGE, 4, 12,
                "'calibration.samples' is 3000000000, more than the maximum of 2147483647");
    }

    @Test
    void stdZero() throws IOException {
        assertError(VALID + "  transform:\n    std: 0\n", ConfigMessage.STD_NOT_POSITIVE, 5, 10,
                "'calibration.transform.std' must be > 0 (the input is divided by it), but is 0; use 1");
    }

    @Test
    void stdNegativeInList() throws IOException {
        assertError(VALID + "  transform:\n    std:\n      - 0.5\n      - -0.25\n", ConfigMessage.STD_NOT_POSITIVE,
                7, 9, "'calibration.transform.std[1]' must be > 0", "but is -0.25");
    }

    @Test
    void stdNaN() throws IOException {
        assertError(VALID + "  transform: {std: .nan}\n", ConfigMessage.NOT_FINITE, 4, 20,
                "'calibration.transform.std' must be a finite number, but is .nan");
    }

    @Test
    void meanInfinite() throws IOException {
        assertError(VALID + "  transform: {mean: [1, -.inf]}\n", ConfigMessage.NOT_FINITE, 4, 25,
                "'calibration.transform.mean[1]' must be a finite number, but is -.inf");
    }

    @Test
    void meanEmptyList() throws IOException {
        assertError(VALID + "  transform: {mean: []}\n", ConfigMessage.EMPTY_LIST, 4, 21,
                "'calibration.transform.mean' is an empty list; give one number for all channels");
    }

    @Test
    void meanAndStdDisagree() throws IOException {
        assertError(VALID + "  transform:\n    mean: [1, 2, 3]\n    std: [1, 2]\n", ConfigMessage.CHANNEL_MISMATCH,
                6, 10, "'calibration.transform.mean' has 3 values but 'std' has 2");
    }

    @Test
    void scaleZero() throws IOException {
        assertError(VALID + "  transform:\n    scale: 0.0\n", ConfigMessage.SCALE_INVALID, 5, 12,
                "'calibration.transform.scale' must be a finite, non-zero number, but is 0.0",
                "0.00392156862745098 (1/255)");
    }

    @Test
    void scaleNaN() throws IOException {
        assertError(VALID + "  transform:\n    scale: .NaN\n", ConfigMessage.SCALE_INVALID, 5, 12, "but is .NaN");
    }

    // ---- enumerated values ----

    @Test
    void unknownScheme() throws IOException {
        assertError(VALID + "quantization:\n  scheme: q8\n", ConfigMessage.UNKNOWN_VALUE, 5, 11,
                "unknown quantization scheme 'q8' for 'quantization.scheme'; did you mean 'q7'? (supported: q7, q15, q7q15, s8)");
    }

    @Test
    void unknownActivations() throws IOException {
        assertError(VALID + "quantization: {activations: entropy}\n", ConfigMessage.UNKNOWN_VALUE, 4, 29,
                "unknown activation range method 'entropy' for 'quantization.activations'; (supported: minmax, "
                        + "percentile, kld)");
    }

    @Test
    void percentileOutOfRange() throws IOException {
        assertError(VALID + "quantization:\n  percentile: 101\n", ConfigMessage.PERCENTILE_RANGE, 5, 15,
                "'quantization.percentile' must be a percentile in (0, 100], e.g. 99.99, but is 101");
    }

    @Test
    void unknownKeyInALayerOverride() throws IOException {
        assertError(VALID + "quantization:\n  layers:\n    fc1: {schme: q15}\n", ConfigMessage.UNKNOWN_KEY, 6, 11,
                "unknown key 'schme' in 'quantization.layers.fc1'; did you mean 'scheme'?");
    }

    @Test
    void searchIsABoolean() throws IOException {
        assertError(VALID + "quantization:\n  search: maybe\n", ConfigMessage.WRONG_TYPE, 5, 11,
                "'quantization.search' must be true or false, but is");
    }

    @Test
    void unknownTarget() throws IOException {
        assertError("target: cortex-m444\n" + VALID, ConfigMessage.UNKNOWN_VALUE, 1, 9,
                "unknown target 'cortex-m444' for 'target'; did you mean 'cortex-m4'? "
                        + "(supported: cortex-m4, cortex-m7, cortex-m33, cortex-m3, cortex-m0, cortex-m55, cortex-m85)");
    }

    @Test
    void targetInWrongCase() throws IOException {
        assertError(VALID + "target: Cortex-M4\n", ConfigMessage.UNKNOWN_VALUE, 4, 9, "did you mean 'cortex-m4'?");
    }

    // ---- files ----

    @Test
    void weightsFileMissing() throws IOException {
        assertError("weights: model.safetensors\ncalibration:\n  data: calib.npy\n", ConfigMessage.FILE_NOT_FOUND,
                1, 10, "'weights' file not found: " + abs("model.safetensors"),
                "relative paths are resolved against the YAML file's directory " + abs(""));
    }

    @Test
    void weightsFileMissingSuggestsSibling() throws IOException {
        assertError("weights: w.safetensor\ncalibration:\n  data: calib.npy\n", ConfigMessage.FILE_NOT_FOUND,
                1, 10, "did you mean 'w.safetensors'?");
    }

    @Test
    void dataFileMissing() throws IOException {
        assertError("weights: w.safetensors\ncalibration:\n  data: data/calib-images-idx3-ubyte.gz\n",
                ConfigMessage.FILE_NOT_FOUND, 3, 9,
                "'calibration.data' file not found: " + abs("data/calib-images-idx3-ubyte.gz"),
                "directory " + abs("data") + " does not exist");
    }

    @Test
    void weightsIsADirectory() throws IOException {
        Files.createDirectory(dir.resolve("weights"));
        assertError("weights: weights/\ncalibration:\n  data: calib.npy\n", ConfigMessage.NOT_A_FILE, 1, 10,
                "'weights' must name a file, but " + abs("weights") + " is a directory");
    }

    @Test
    void dataFileEmpty() throws IOException {
        Files.writeString(dir.resolve("empty.npy"), "");
        assertError("weights: w.safetensors\ncalibration:\n  data: empty.npy\n", ConfigMessage.FILE_EMPTY, 3, 9,
                "'calibration.data' file " + abs("empty.npy") + " is empty (0 bytes)");
    }

    @Test
    void dataFormatUnknown() throws IOException {
        assertError("weights: w.safetensors\ncalibration:\n  data: calib.csv\n", ConfigMessage.DATA_FORMAT, 3, 9,
                "'calibration.data' must be an IDX file (name ending in '-ubyte' or '-ubyte.gz') or a NumPy '.npy' "
                        + "file, but is 'calib.csv'");
    }

    @Test
    void invalidPath() throws IOException {
        assertError("weights: \"a\\0b\"\ncalibration:\n  data: calib.npy\n", ConfigMessage.INVALID_PATH, 1, 10,
                "'weights' value", "is not a valid path");
    }
}
