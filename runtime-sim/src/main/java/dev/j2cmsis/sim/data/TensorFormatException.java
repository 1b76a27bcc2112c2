package dev.j2cmsis.sim.data;

import java.io.IOException;

/**
 * A tensor or data file could not be read because its content is not what its format promises: bad magic,
 * an unsupported dtype, a truncated body, an inconsistent header. The message names the file (or the
 * source label given to a byte/stream reader), says what was expected and what was found, and starts with
 * the grep-able tag {@value #TAG}.
 *
 * <p>Plain I/O failures (missing file, permission) are not wrapped: they surface as the usual
 * {@link IOException} subclasses such as {@link java.nio.file.NoSuchFileException}.
 */
public class TensorFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The tag every message of this exception starts with. */
    public static final String TAG = "[j2cmsis:data]";

    /**
     * @param source the file name or source label the problem is in
     * @param problem what is wrong and, where it helps, what to do about it
     */
    public TensorFormatException(String source, String problem) {
        this(source, problem, null);
    }

    /** As {@link #TensorFormatException(String, String)}, keeping the low-level cause. */
    public TensorFormatException(String source, String problem, Throwable cause) {
        super(TAG + " " + source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    private final String source;
    private final String problem;

    /** The file name or source label. */
    public String source() {
        return source;
    }

    /** The message without tag and source. */
    public String problem() {
        return problem;
    }
}
