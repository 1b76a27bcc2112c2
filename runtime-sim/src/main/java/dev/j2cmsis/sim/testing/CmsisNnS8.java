package dev.j2cmsis.sim.testing;

import dev.j2cmsis.sim.testing.NativeToolchain.Core;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where tests find the real CMSIS-NN for the s8 kernels: a checkout of ARM-software/CMSIS-NN at tag
 * {@value #VERSION} named by the {@code CMSIS_NN_PATH} environment variable (the directory with
 * {@code Include/}, {@code Source/} and {@code Tests/}; nothing of CMSIS-NN is shipped with j2cmsis).
 * Lists the sources the s8 kernels and their test driver link, and compiles them once per target and
 * rounding mode into object files that every test of a run (and later runs, while nothing changed)
 * reuses.
 *
 * <p>The version check: the v7 API is recognised by {@code arm_fully_connected_wrapper_s8} and the
 * {@code upscale_dims} parameter of {@code arm_convolve_s8}, both new in v7.0.0; v7.0.0 itself by the
 * revisions its headers carry ({@code arm_nnfunctions.h} V.18.0.0, {@code arm_nnsupportfunctions.h}
 * V.22.7.0). Later, untagged trees are refused too: they changed bytes (the single-rounding
 * requantize overflow fix after v7.0.0), and the Java kernels reproduce v7.0.0.
 */
public final class CmsisNnS8 {
    public static final String ENV = "CMSIS_NN_PATH";
    public static final String VERSION = "v7.0.0";

    /** Compile-time switch of CMSIS-NN that changes {@code arm_nn_requantize} (and so output bytes). */
    public static final String SINGLE_ROUNDING_DEFINE = "CMSIS_NN_USE_SINGLE_ROUNDING";

    static final String FUNCTIONS_REVISION = "V.18.0.0";
    static final String SUPPORT_REVISION = "V.22.7.0";

    /**
     * The CMSIS-NN v7.0.0 sources (under {@code Source/}) of the s8 kernels j2cmsis reproduces and of
     * everything they call on any of the plain-C, DSP and MVE paths: the union over host, Cortex-M3,
     * Cortex-M4 and Cortex-M55 of the transitive closure, found with {@code nm}, of the conv and
     * depthwise wrappers with every kernel they dispatch to and their buffer-size functions, fully
     * connected (per tensor, per channel, wrapper, {@code arm_vector_sum_s8}), average and max pooling,
     * softmax, elementwise add and mul, {@code arm_relu6_s8} and the four concatenations. A file a
     * target does not use compiles to (almost) nothing there.
     */
    public static final List<String> SOURCES = List.of(
            "ActivationFunctions/arm_relu6_s8.c",
            "BasicMathFunctions/arm_elementwise_add_s8.c",
            "BasicMathFunctions/arm_elementwise_mul_s8.c",
            "ConcatenationFunctions/arm_concatenation_s8_w.c",
            "ConcatenationFunctions/arm_concatenation_s8_x.c",
            "ConcatenationFunctions/arm_concatenation_s8_y.c",
            "ConcatenationFunctions/arm_concatenation_s8_z.c",
            "ConvolutionFunctions/arm_convolve_1_x_n_s8.c",
            "ConvolutionFunctions/arm_convolve_1x1_s8.c",
            "ConvolutionFunctions/arm_convolve_1x1_s8_fast.c",
            "ConvolutionFunctions/arm_convolve_get_buffer_sizes_s8.c",
            "ConvolutionFunctions/arm_convolve_s8.c",
            "ConvolutionFunctions/arm_convolve_wrapper_s8.c",
            "ConvolutionFunctions/arm_depthwise_conv_3x3_s8.c",
            "ConvolutionFunctions/arm_depthwise_conv_get_buffer_sizes_s8.c",
            "ConvolutionFunctions/arm_depthwise_conv_s8.c",
            "ConvolutionFunctions/arm_depthwise_conv_s8_opt.c",
            "ConvolutionFunctions/arm_depthwise_conv_wrapper_s8.c",
            "ConvolutionFunctions/arm_nn_mat_mult_kernel_row_offset_s8_s16.c",
            "ConvolutionFunctions/arm_nn_mat_mult_kernel_s8_s16.c",
            "FullyConnectedFunctions/arm_fully_connected_get_buffer_sizes_s8.c",
            "FullyConnectedFunctions/arm_fully_connected_per_channel_s8.c",
            "FullyConnectedFunctions/arm_fully_connected_s8.c",
            "FullyConnectedFunctions/arm_fully_connected_wrapper_s8.c",
            "FullyConnectedFunctions/arm_vector_sum_s8.c",
            "NNSupportFunctions/arm_nn_depthwise_conv_nt_t_s8.c",
            "NNSupportFunctions/arm_nn_mat_mult_nt_t_s8.c",
            "NNSupportFunctions/arm_nn_vec_mat_mult_t_per_ch_s8.c",
            "NNSupportFunctions/arm_nn_vec_mat_mult_t_s8.c",
            "NNSupportFunctions/arm_q7_to_q15_with_offset.c",
            "NNSupportFunctions/arm_s8_to_s16_unordered_with_offset.c",
            "PoolingFunctions/arm_avgpool_get_buffer_sizes_s8.c",
            "PoolingFunctions/arm_avgpool_s8.c",
            "PoolingFunctions/arm_max_pool_s8.c",
            "SoftmaxFunctions/arm_nn_softmax_common_s8.c",
            "SoftmaxFunctions/arm_softmax_s8.c",
            "TransposeFunctions/arm_transpose_s8.c");

    private static final Map<String, List<Path>> BUILT = new ConcurrentHashMap<>();

    private CmsisNnS8() {
    }

    /** The checkout, or empty; {@link #missingReason()} says why. */
    public static Optional<Path> path() {
        return missingReason().isPresent() ? Optional.empty() : Optional.of(Path.of(System.getenv(ENV)));
    }

    /** Why the real CMSIS-NN v7.0.0 cannot be used, for a test's skip message; empty when it can. */
    public static Optional<String> missingReason() {
        String p = System.getenv(ENV);
        if (p == null || p.isBlank()) {
            return Optional.of(ENV + " not set, so nothing is compared with the real CMSIS-NN " + VERSION
                    + " (set it to a checkout of ARM-software/CMSIS-NN at tag " + VERSION + " to run this check)");
        }
        return check(Path.of(p));
    }

    /** Empty if {@code root} is a CMSIS-NN v7.0.0 tree, otherwise what is wrong with it. */
    static Optional<String> check(Path root) {
        String where = ENV + "=" + root;
        Path functions = root.resolve("Include/arm_nnfunctions.h");
        Path support = root.resolve("Include/arm_nnsupportfunctions.h");
        if (!Files.isRegularFile(functions) || !Files.isRegularFile(support)) {
            return Optional.of(where + " has no Include/arm_nnfunctions.h and Include/arm_nnsupportfunctions.h "
                    + "(expected a checkout of ARM-software/CMSIS-NN at tag " + VERSION + ")");
        }
        String header;
        String supportHeader;
        try {
            header = Files.readString(functions, StandardCharsets.ISO_8859_1);
            supportHeader = Files.readString(support, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return Optional.of(where + ": cannot read " + functions + ": " + e.getMessage());
        }
        boolean v7Api = header.contains("arm_fully_connected_wrapper_s8(")
                && Pattern.compile("arm_convolve_s8\\([^;]*const cmsis_nn_dims \\*upscale_dims").matcher(header).find();
        if (!v7Api) {
            return Optional.of(where + " is older than CMSIS-NN " + VERSION + " (its arm_nnfunctions.h has no "
                    + "arm_fully_connected_wrapper_s8 / arm_convolve_s8 upscale_dims, revision "
                    + revision(header) + "); the s8 kernels reproduce " + VERSION);
        }
        String functionsRevision = revision(header);
        String supportRevision = revision(supportHeader);
        if (!functionsRevision.equals(FUNCTIONS_REVISION) || !supportRevision.equals(SUPPORT_REVISION)) {
            return Optional.of(where + " is not CMSIS-NN " + VERSION + ": arm_nnfunctions.h revision "
                    + functionsRevision + " and arm_nnsupportfunctions.h " + supportRevision + ", expected "
                    + FUNCTIONS_REVISION + " and " + SUPPORT_REVISION + " (later trees changed bytes, e.g. the "
                    + "single-rounding requantize overflow fix; the s8 kernels reproduce " + VERSION + ")");
        }
        for (String source : SOURCES) {
            if (!Files.isRegularFile(root.resolve("Source").resolve(source))) {
                return Optional.of(where + " lacks Source/" + source);
            }
        }
        return Optional.empty();
    }

    private static String revision(String header) {
        Matcher m = Pattern.compile("\\$Revision:\\s*(\\S+)").matcher(header);
        return m.find() ? m.group(1) : "(none)";
    }

    /** {@link #SOURCES} under {@code root}. */
    public static List<Path> sources(Path root) {
        return SOURCES.stream().map(s -> root.resolve("Source").resolve(s)).toList();
    }

    public static List<Path> includes(Path root) {
        return List.of(root.resolve("Include"));
    }

    /** The defines of a build in the given rounding mode. */
    public static List<String> defines(boolean singleRounding) {
        return singleRounding ? List.of(SINGLE_ROUNDING_DEFINE) : List.of();
    }

    /**
     * The objects of {@link #SOURCES} compiled for the host with {@code toolchain}'s host flags, the
     * rounding mode's defines and {@link CmsisNn#relaxedFlags()} (CMSIS-NN is third-party code, not
     * held to our warning flags), under {@code cacheDir/host-<rounding>/}. Compiled once per JVM and
     * command, and reused from disk when a previous run compiled the same files with the same command (a
     * different command recompiles in place).
     */
    public static List<Path> hostObjects(NativeToolchain toolchain, Path root, Path cacheDir, boolean singleRounding) {
        Path dir = cacheDir.resolve("host-" + roundingName(singleRounding));
        String compiler = "gcc " + toolchain.hostFlags();
        return BUILT.computeIfAbsent(dir.toAbsolutePath() + " " + compiler, key -> cached(dir, root, compiler,
                singleRounding, () -> toolchain.compileHostObjects(dir, sources(root), includes(root),
                        defines(singleRounding), CmsisNn.relaxedFlags())));
    }

    /**
     * As {@link #hostObjects} for {@code core} with its {@linkplain NativeToolchain#armFlags(Core)
     * flags}, under {@code cacheDir/<core>-<rounding>/}; link them by passing them as sources to
     * {@link NativeToolchain#compileCortexM} for the same core.
     */
    public static List<Path> cortexMObjects(NativeToolchain toolchain, Core core, Path root, Path cacheDir,
            boolean singleRounding) {
        Path dir = cacheDir.resolve(core.name().toLowerCase(Locale.ROOT) + "-" + roundingName(singleRounding));
        String compiler = "arm-none-eabi-gcc " + toolchain.armFlags(core);
        return BUILT.computeIfAbsent(dir.toAbsolutePath() + " " + compiler, key -> cached(dir, root, compiler,
                singleRounding, () -> toolchain.compileCortexMObjects(core, dir, sources(root), includes(root),
                        defines(singleRounding), CmsisNn.relaxedFlags())));
    }

    /** {@code "double"} (CMSIS-NN's default) or {@code "single"}. */
    public static String roundingName(boolean singleRounding) {
        return singleRounding ? "single" : "double";
    }

    private interface Build {
        List<Path> run();
    }

    /**
     * Reuses the objects in {@code dir} if its stamp file records the same compiler command and the
     * same size and modification time of every source; otherwise compiles and writes the stamp last,
     * so an interrupted build is never taken for a finished one.
     */
    private static List<Path> cached(Path dir, Path root, String compiler, boolean singleRounding, Build build) {
        StringBuilder stamp = new StringBuilder(compiler).append('\n').append(defines(singleRounding))
                .append(CmsisNn.relaxedFlags()).append('\n');
        List<Path> expected = new ArrayList<>();
        try {
            for (Path source : sources(root)) {
                stamp.append(source.toAbsolutePath()).append(' ').append(Files.size(source)).append(' ')
                        .append(Files.getLastModifiedTime(source).toMillis()).append('\n');
                String name = source.getFileName().toString();
                expected.add(dir.toAbsolutePath().resolve(name.substring(0, name.length() - 2) + ".o"));
            }
            Path stampFile = dir.resolve("build.stamp");
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).contentEquals(stamp)
                    && expected.stream().allMatch(Files::isRegularFile)) {
                return List.copyOf(expected);
            }
            Files.deleteIfExists(stampFile);
            List<Path> objects = build.run();
            Files.writeString(stampFile, stamp);
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build CMSIS-NN objects in " + dir, e);
        }
    }
}
