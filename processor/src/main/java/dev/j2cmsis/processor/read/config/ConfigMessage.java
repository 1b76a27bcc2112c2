package dev.j2cmsis.processor.read.config;

import java.util.Locale;

/**
 * Every message the YAML reader can produce, in one place (as MapStruct's {@code Message} does), so the catalogue
 * can be reviewed as a whole and each entry has a test. Each message says what is wrong and how to fix it.
 */
public enum ConfigMessage {
    /** The YAML file itself cannot be read. Args: absolute path, reason. */
    UNREADABLE_FILE("cannot read the configuration file %s: %s; check that the path in @Network names an existing, readable file"),
    /** Args: decoder detail. */
    NOT_UTF8("the file is not valid UTF-8 (%s); save it with UTF-8 encoding"),
    /** Args: the offending bytes in hex. */
    NOT_UTF8_AT("byte(s) %s here are not valid UTF-8; save the file with UTF-8 encoding"),
    EMPTY_FILE("the file is empty; it needs at least 'weights: <file>' and 'calibration:' with 'data: <file>'"),
    /** Args: parser problem. */
    SYNTAX("invalid YAML: %s"),
    /** Args: alias name. */
    ALIAS("YAML aliases are not supported ('*%s'); write the value out in full"),
    /** Args: the nesting limit. */
    TOO_DEEP("mappings and lists are nested more than %d levels deep here; a j2cmsis configuration needs at most 4"),
    MULTIPLE_DOCUMENTS("a second YAML document starts here, but only one is allowed; remove the '---' and put all keys into one mapping"),
    /** Args: description of what was found. */
    ROOT_NOT_MAPPING("the top level must be a mapping of keys ('weights: ...', 'calibration: ...'), but is %s"),
    /** Args: key, where, hint, allowed keys. */
    UNKNOWN_KEY("unknown key '%s' %s; %s(allowed keys: %s)"),
    /** Args: key, where, position of the first occurrence. */
    DUPLICATE_KEY("duplicate key '%s' %s, first defined at %s; keep only one of them"),
    /** Args: key, where, example. */
    MISSING_KEY("missing required key '%s' %s; add it, e.g. '%s'"),
    /** Args: key path, expected, description of what was found, hint. */
    WRONG_TYPE("'%s' must be %s, but is %s%s"),
    /** Args: what, value, key path, hint, allowed values. */
    UNKNOWN_VALUE("unknown %s '%s' for '%s'; %s(supported: %s)"),
    /** Args: key path, found value. */
    PERCENTILE_RANGE("'%s' must be a percentile in (0, 100], e.g. 99.99, but is %s"),
    /** Args: found value. */
    SAMPLES_NOT_POSITIVE("'calibration.samples' must be a positive number of samples, but is %s; remove the key to use all samples in the file"),
    /** Args: found value. */
    SAMPLES_TOO_LARGE("'calibration.samples' is %s, more than the maximum of 2147483647; remove the key to use all samples in the file"),
    /** Args: found value. */
    SCALE_INVALID("'calibration.transform.scale' must be a finite, non-zero number, but is %s; use 1 to keep raw values, or e.g. 0.00392156862745098 (1/255) to map bytes to [0, 1]"),
    /** Args: key path (with index), found value. */
    NOT_FINITE("'%s' must be a finite number, but is %s"),
    /** Args: key path (with index), found value. */
    STD_NOT_POSITIVE("'%s' must be > 0 (the input is divided by it), but is %s; use 1 for no scaling"),
    /** Args: key path. */
    EMPTY_LIST("'%s' is an empty list; give one number for all channels or one per input channel"),
    /** Args: mean count, std count. */
    CHANNEL_MISMATCH("'calibration.transform.mean' has %d values but 'std' has %d; give one value per input channel in both, or a single number"),
    /** Args: key. */
    NOT_IDENTIFIER("'names' key '%s' is not a Java field name; use the name of the layer field in the @Network class"),
    /** Args: key path, value, reason. */
    INVALID_PATH("'%s' value '%s' is not a valid path (%s)"),
    /** Args: key path, absolute path, hint. */
    FILE_NOT_FOUND("'%s' file not found: %s; %s"),
    /** Args: key path, absolute path. */
    NOT_A_FILE("'%s' must name a file, but %s is a directory"),
    /** Args: key path, absolute path. */
    FILE_EMPTY("'%s' file %s is empty (0 bytes); point it at the real file"),
    /** Args: key path, absolute path. */
    FILE_NOT_READABLE("'%s' file %s is not readable; check its permissions"),
    /** Args: file name. */
    DATA_FORMAT("'calibration.data' must be an IDX file (name ending in '-ubyte' or '-ubyte.gz') or a NumPy '.npy' file, but is '%s'; convert it or rename it if it is one of these");

    /** A grep-able tag for this class of errors, for the processor's diagnostics. */
    public static final String TAG = "j2cmsis:config";

    private final String format;

    ConfigMessage(String format) {
        this.format = format;
    }

    public String format(Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
