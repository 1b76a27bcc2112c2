package dev.j2cmsis.sim.kernels.s8;

import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_ARG_ERROR;
import static dev.j2cmsis.sim.kernels.s8.NnSupportS8.ARM_CMSIS_NN_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.j2cmsis.sim.testing.CmsisNnS8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The independent oracle: CMSIS-NN v7.0.0's own stored TFLite reference vectors ({@code
 * Tests/UnitTest/TestCases/TestData/<set>/}, written by CMSIS-NN's generator from a TFLite reference-kernel run)
 * replayed through the Java s8 kernels, every output byte compared.
 *
 * <p>Each data set is replayed the way the v7.0.0 Unity test that includes it ({@code
 * Tests/UnitTest/TestCases/test_arm_*_s8/test_arm_*_s8.c}) calls the kernels: the same dims, parameters, bias
 * (NULL where the test's {@code get_bias_address} makes it NULL), scratch sizes from the same {@code
 * *_get_buffer_size} and the same kernel entry points (the specific kernel the test calls and the wrapper), each
 * on the plain-C, DSP and MVE target, default (double) rounding, which is what TFLite's reference kernels compute.
 * The status checks the Unity tests make on purpose-broken arguments are replayed too.
 *
 * <p>Coverage is checked, not assumed: every directory under TestData is classified by the Unity tests that include
 * it; a set of the operators of issue 8 (convolve incl. 1x1, 1xN, dilation, grouped; depthwise; fully connected
 * incl. per channel; avgpool; maxpool; softmax; add; mul) is replayed, every other set is listed with the reason it
 * is not (int4 / int16 variants, other operators), and a set that fits neither fails the test. Skipped when
 * {@code CMSIS_NN_PATH} is unset.
 */
class StoredTfliteVectorsTest {

    /** The operators of issue 8 whose stored sets are replayed. */
    enum Operator {
        CONVOLVE, DEPTHWISE, FULLY_CONNECTED, AVGPOOL, MAXPOOL, SOFTMAX, ADD, MUL
    }

    /** The v7.0.0 Unity test directories of those operators; each replays its sets in its own way. */
    private static final Map<String, Operator> UNITY_TESTS = Map.ofEntries(
            Map.entry("test_arm_convolve_s8", Operator.CONVOLVE),
            Map.entry("test_arm_convolve_1_x_n_s8", Operator.CONVOLVE),
            Map.entry("test_arm_convolve_1x1_s8_fast", Operator.CONVOLVE),
            Map.entry("test_arm_grouped_convolve_s8", Operator.CONVOLVE),
            Map.entry("test_arm_depthwise_conv_s8", Operator.DEPTHWISE),
            Map.entry("test_arm_depthwise_conv_s8_opt", Operator.DEPTHWISE),
            Map.entry("test_arm_depthwise_conv_3x3_s8", Operator.DEPTHWISE),
            Map.entry("test_arm_fully_connected_s8", Operator.FULLY_CONNECTED),
            Map.entry("test_arm_avgpool_s8", Operator.AVGPOOL),
            Map.entry("test_arm_max_pool_s8", Operator.MAXPOOL),
            Map.entry("test_arm_softmax_s8", Operator.SOFTMAX),
            Map.entry("test_arm_elementwise_add_s8", Operator.ADD),
            Map.entry("test_arm_elementwise_mul_s8", Operator.MUL));

    /**
     * Sets no v7.0.0 Unity test includes, classified by hand: {@code grouped_conv} is a plain s8 conv set (one
     * group; replayed as the grouped tests replay theirs), the maximum/minimum sets belong to {@code
     * arm_maximum_s8}/{@code arm_minimum_s8}, not part of issue 8.
     */
    private static final String ORPHAN_CONV = "grouped_conv";
    private static final Pattern ORPHAN_OTHER = Pattern.compile("(maximum|minimum)_.*_int8");

    private static final List<S8Target> TARGETS = List.of(S8Target.PLAIN_C, S8Target.DSP, S8Target.MVE);
    private static final S8Rounding ROUNDING = S8Rounding.DOUBLE;

    private static final Pattern INCLUDE = Pattern.compile("#include\\s+\"\\.\\./TestData/([^/\"]+)/");

    /** Replays (one Unity test's calls on one set) per operator, and compared output bytes. */
    private final Map<Operator, Set<String>> replayed = new EnumMap<>(Operator.class);
    private int comparisons;
    private long bytes;
    private int statusChecks;

    @Test
    void everyStoredS8SetOfTheIssueOperators() throws IOException {
        CmsisNnS8.missingReason().ifPresent(why -> {
            System.out.println("[s8 stored vectors] skipped: " + why);
            Assumptions.abort("skipped: " + why);
        });
        Path cases = CmsisNnS8.path().orElseThrow().resolve("Tests/UnitTest/TestCases");
        Path data = cases.resolve("TestData");
        Map<String, Set<String>> users = unityUsers(cases);

        List<String> sets;
        try (Stream<Path> dirs = Files.list(data)) {
            sets = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        Map<String, String> skipped = new TreeMap<>();
        List<String> unclassified = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<Operator, Set<String>> expected = new EnumMap<>(Operator.class);
        for (String set : sets) {
            Set<String> unityTests = users.getOrDefault(set, Set.of());
            List<String> inScope = unityTests.stream().filter(UNITY_TESTS::containsKey).toList();
            if (set.equals(ORPHAN_CONV) && unityTests.isEmpty()) {
                inScope = List.of("test_arm_grouped_convolve_s8");
            }
            if (inScope.isEmpty()) {
                String reason = skipReason(set, unityTests);
                if (reason == null) {
                    unclassified.add(set);
                } else {
                    skipped.put(set, reason);
                }
                continue;
            }
            for (String unity : inScope) {
                Operator op = UNITY_TESTS.get(unity);
                expected.computeIfAbsent(op, k -> new TreeSet<>()).add(set + " (" + unity + ")");
                try {
                    replay(op, unity, TfliteTestData.read(data.resolve(set)));
                } catch (AssertionError | RuntimeException e) {
                    // keep going: one report names every failing set
                    failures.add(op + " " + set + " as " + unity + ": " + e);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " stored sets differ from TFLite:\n"
                + String.join("\n", failures));
        assertTrue(unclassified.isEmpty(), "TestData sets neither replayed nor known to be out of scope: "
                + unclassified);
        assertEquals(expected, replayed, "replayed sets differ from the sets the Unity tests include");
        for (Operator op : Operator.values()) {
            assertTrue(expected.containsKey(op), "no stored set replayed for " + op);
        }
        System.out.println("[s8 stored vectors] " + sets.size() + " TestData sets in " + data);
        for (Operator op : Operator.values()) {
            System.out.println("[s8 stored vectors] " + op.name().toLowerCase(Locale.ROOT) + ": "
                    + replayed.get(op).size() + " sets, Java == TFLite: " + String.join(", ", replayed.get(op)));
        }
        System.out.println("[s8 stored vectors] " + comparisons + " kernel calls compared (" + bytes
                + " output bytes, targets " + TARGETS + ", " + ROUNDING + " rounding), " + statusChecks
                + " status checks of broken arguments, all equal");
        Map<String, List<String>> byReason = new TreeMap<>();
        skipped.forEach((set, why) -> byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(set));
        System.out.println("[s8 stored vectors] " + skipped.size() + " sets not replayed:");
        byReason.forEach((why, list) -> System.out.println("[s8 stored vectors]   " + list.size() + " x " + why
                + ": " + String.join(" ", list)));
    }

    /** Set name -> the Unity test directories whose test source includes it. */
    private static Map<String, Set<String>> unityUsers(Path cases) throws IOException {
        Map<String, Set<String>> users = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(cases)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("test_arm_")).toList()) {
                String unity = dir.getFileName().toString();
                Path source = dir.resolve(unity + ".c");
                if (!Files.isRegularFile(source)) {
                    continue;
                }
                Matcher m = INCLUDE.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (m.find()) {
                    users.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(unity);
                }
            }
        }
        return users;
    }

    /** Why a set used only by other Unity tests (or by none) is not replayed; null if it is not known. */
    private static String skipReason(String set, Set<String> unityTests) {
        if (unityTests.isEmpty()) {
            return ORPHAN_OTHER.matcher(set).matches()
                    ? "arm_maximum_s8/arm_minimum_s8 data (no v7.0.0 Unity test includes it), not an issue-8 operator"
                    : null;
        }
        List<String> reasons = new ArrayList<>();
        for (String unity : unityTests) {
            String kind;
            if (unity.contains("_s4")) {
                kind = "int4 weights";
            } else if (unity.contains("_s16") || unity.endsWith("_s8_s16")) {
                kind = "int16 activations or output";
            } else if (unity.contains("ds_cnn")) {
                kind = "a whole DS-CNN network";
            } else {
                kind = "operator outside issue 8";
            }
            reasons.add(kind + " (" + unity + ")");
        }
        return String.join("; ", reasons);
    }

    // ---------------------------------------------------------------------------------------------
    // Replays, one per Unity test directory

    private void replay(Operator op, String unity, TfliteTestData d) {
        switch (op) {
            case CONVOLVE -> convolve(unity, d);
            case DEPTHWISE -> depthwise(unity, d);
            case FULLY_CONNECTED -> fullyConnected(d);
            case AVGPOOL -> avgpool(d);
            case MAXPOOL -> maxpool(d);
            case SOFTMAX -> softmax(d);
            case ADD -> add(d);
            case MUL -> mul(d);
        }
        replayed.computeIfAbsent(op, k -> new TreeSet<>()).add(d.name() + " (" + unity + ")");
    }

    private static CmsisActivation activation(TfliteTestData d) {
        return new CmsisActivation(d.def("OUT_ACTIVATION_MIN"), d.def("OUT_ACTIVATION_MAX"));
    }

    /** test_arm_convolve_s8, _1_x_n_s8, _1x1_s8_fast, test_arm_grouped_convolve_s8. */
    private void convolve(String unity, TfliteTestData d) {
        CmsisDims in = new CmsisDims(d.def("INPUT_BATCHES"), d.def("INPUT_H"), d.def("INPUT_W"), d.def("IN_CH"));
        // grouped sets name the filter depth FILTER_CH; all others use IN_CH for it, as their tests do
        CmsisDims f = new CmsisDims(d.def("OUT_CH"), d.def("FILTER_Y"), d.def("FILTER_X"),
                d.def("FILTER_CH", d.def("IN_CH")));
        CmsisDims out = new CmsisDims(d.def("INPUT_BATCHES"), d.def("OUTPUT_H"), d.def("OUTPUT_W"), d.def("OUT_CH"));
        // the 1x1 tests leave dilation unset; those kernels never read it
        ConvParams p = new ConvParams(d.def("INPUT_OFFSET"), d.def("OUTPUT_OFFSET"),
                new CmsisTile(d.def("STRIDE_X"), d.def("STRIDE_Y")), new CmsisTile(d.def("PAD_X"), d.def("PAD_Y")),
                new CmsisTile(d.def("DILATION_X", 1), d.def("DILATION_Y", 1)), activation(d));
        PerChannelQuantParams q = new PerChannelQuantParams(d.int32("output_mult"), d.int32("output_shift"));
        byte[] input = d.int8("input");
        byte[] w = d.int8("weights");
        int[] bias = d.int32OrNull("biases");
        byte[] ref = d.int8("output_ref");
        String set = d.name();

        switch (unity) {
            case "test_arm_convolve_1_x_n_s8" -> {
                for (S8Target t : TARGETS) {
                    byte[] ctx = new byte[ArmConvolveS8.arm_convolve_1_x_n_s8_get_buffer_size(t, p, in, f, out)];
                    compare(set, "arm_convolve_1_x_n_s8 " + t, ref, o -> ArmConvolveS8.arm_convolve_1_x_n_s8(t,
                            ROUNDING, ctx, p, q, in, input, 0, f, w, 0, bias, out, o, 0));
                }
                if (set.equals("conv_1_x_n_3")) {
                    // conv_1_x_n_6_arm_convolve_s8: the same data with in.h + 1, dilation.w + 1, in.c + 1
                    CmsisDims taller = new CmsisDims(in.n(), in.h() + 1, in.w(), in.c());
                    ConvParams dilated = new ConvParams(p.inputOffset(), p.outputOffset(), p.stride(), p.padding(),
                            new CmsisTile(p.dilation().w() + 1, p.dilation().h()), p.activation());
                    CmsisDims deeper = new CmsisDims(in.n(), in.h(), in.w(), in.c() + 1);
                    for (S8Target t : TARGETS) {
                        byte[] ctx = new byte[ArmConvolveS8.arm_convolve_1_x_n_s8_get_buffer_size(t, p, in, f, out)];
                        byte[] o = new byte[ref.length];
                        status(set, "1xN in.h+1 " + t, ARM_CMSIS_NN_ARG_ERROR, () -> ArmConvolveS8
                                .arm_convolve_1_x_n_s8(t, ROUNDING, ctx, p, q, taller, input, 0, f, w, 0, bias, out, o,
                                        0));
                        status(set, "1xN dilation.w+1 " + t, ARM_CMSIS_NN_ARG_ERROR, () -> ArmConvolveS8
                                .arm_convolve_1_x_n_s8(t, ROUNDING, ctx, dilated, q, in, input, 0, f, w, 0, bias, out,
                                        o, 0));
                        status(set, "1xN in.c+1 " + t, ARM_CMSIS_NN_ARG_ERROR, () -> ArmConvolveS8
                                .arm_convolve_1_x_n_s8(t, ROUNDING, ctx, p, q, deeper, input, 0, f, w, 0, bias, out, o,
                                        0));
                    }
                }
            }
            case "test_arm_convolve_1x1_s8_fast" -> {
                if (p.stride().w() == 1 && p.stride().h() == 1) {
                    for (S8Target t : TARGETS) {
                        byte[] ctx = new byte[ArmConvolveS8.arm_convolve_1x1_s8_fast_get_buffer_size(t, in)];
                        compare(set, "arm_convolve_1x1_s8_fast " + t, ref, o -> ArmConvolveS8
                                .arm_convolve_1x1_s8_fast(ROUNDING, ctx, p, q, in, input, 0, f, w, 0, bias, out, o,
                                        0));
                    }
                } else if (set.equals("kernel1x1_stride_x")) {
                    status(set, "arm_convolve_1x1_s8_fast with stride.w " + p.stride().w(), ARM_CMSIS_NN_ARG_ERROR,
                            () -> ArmConvolveS8.arm_convolve_1x1_s8_fast(ROUNDING, null, p, q, in, input, 0, f, w, 0,
                                    bias, out, new byte[ref.length], 0));
                }
                if (!set.equals("kernel1x1")) {
                    compare(set, "arm_convolve_1x1_s8 (ctx NULL)", ref, o -> ArmConvolveS8.arm_convolve_1x1_s8(
                            ROUNDING, null, p, q, in, input, 0, f, w, 0, bias, out, o, 0));
                }
            }
            default -> {
                // test_arm_convolve_s8 and the grouped tests call the generic kernel directly
                for (S8Target t : TARGETS) {
                    byte[] ctx = new byte[ArmConvolveS8.arm_convolve_s8_get_buffer_size(t, in, f)];
                    compare(set, "arm_convolve_s8 " + t, ref, o -> ArmConvolveS8.arm_convolve_s8(ROUNDING, ctx, p, q,
                            in, input, 0, f, w, 0, bias, out, o, 0));
                }
            }
        }
        // every conv test also runs (or is a configuration of) the wrapper, the entry point TFLM calls
        for (S8Target t : TARGETS) {
            byte[] ctx = new byte[ArmConvolveS8.arm_convolve_wrapper_s8_get_buffer_size(t, p, in, f, out)];
            compare(set, "arm_convolve_wrapper_s8 " + t + " -> "
                    + ArmConvolveS8.arm_convolve_wrapper_s8_kernel(t, p, in, f), ref,
                    o -> ArmConvolveS8.arm_convolve_wrapper_s8(t, ROUNDING, ctx, p, q, in, input, 0, f, w, 0, bias,
                            out, o, 0));
        }
    }

    /** test_arm_depthwise_conv_s8, _s8_opt, _3x3_s8. */
    private void depthwise(String unity, TfliteTestData d) {
        String set = d.name();
        CmsisDims in = new CmsisDims(d.def("INPUT_BATCHES"), d.def("INPUT_H"), d.def("INPUT_W"), d.def("IN_CH"));
        CmsisDims f = new CmsisDims(1, d.def("FILTER_Y"), d.def("FILTER_X"), d.def("OUT_CH"));
        CmsisDims out = new CmsisDims(d.def("INPUT_BATCHES"), d.def("OUTPUT_H"), d.def("OUTPUT_W"), d.def("OUT_CH"));
        // basic and stride2pad1 are conv sets with one channel; their depthwise tests pass ch_mult = 1
        DwConvParams p = new DwConvParams(d.def("INPUT_OFFSET"), d.def("OUTPUT_OFFSET"), d.def("CH_MULT", 1),
                new CmsisTile(d.def("STRIDE_X"), d.def("STRIDE_Y")), new CmsisTile(d.def("PAD_X"), d.def("PAD_Y")),
                new CmsisTile(d.def("DILATION_X", 1), d.def("DILATION_Y", 1)), activation(d));
        PerChannelQuantParams q = new PerChannelQuantParams(d.int32("output_mult"), d.int32("output_shift"));
        byte[] input = d.int8("input");
        byte[] w = d.int8("weights");
        int[] biases = d.int32OrNull("biases");
        // the tests pass these arrays directly; all others through get_bias_address (NULL when all zero)
        boolean direct = Set.of("basic", "depthwise_kernel_3x3", "depthwise_kernel_3x3_null_bias").contains(set);
        int[] bias = direct || biases == null || !allZero(biases) ? biases : null;
        byte[] ref = d.int8("output_ref");

        switch (unity) {
            case "test_arm_depthwise_conv_s8" -> compare(set, "arm_depthwise_conv_s8 (ctx NULL)", ref,
                    o -> ArmDepthwiseConvS8.arm_depthwise_conv_s8(ROUNDING, null, p, q, in, input, 0, f, w, 0, bias,
                            out, o, 0));
            case "test_arm_depthwise_conv_s8_opt" -> {
                for (S8Target t : TARGETS) {
                    byte[] ctx = new byte[ArmDepthwiseConvS8.arm_depthwise_conv_s8_opt_get_buffer_size(t, in, f)];
                    compare(set, "arm_depthwise_conv_s8_opt " + t, ref, o -> ArmDepthwiseConvS8
                            .arm_depthwise_conv_s8_opt(t, ROUNDING, ctx, p, q, in, input, 0, f, w, 0, bias, out, o,
                                    0));
                }
            }
            case "test_arm_depthwise_conv_3x3_s8" -> {
                compare(set, "arm_depthwise_conv_3x3_s8 (ctx NULL)", ref, o -> ArmDepthwiseConvS8
                        .arm_depthwise_conv_3x3_s8(ROUNDING, null, p, q, in, input, 0, f, w, 0, bias, out, o, 0));
                if (set.equals("depthwise_kernel_3x3")) {
                    // depthwise_kernel_3x3_arm_depthwise_conv_3x3_1_s8: filter.w + 1 and pad.w + 2 are refused (the
                    // test's wrapper call with them reads past the weights; it checks no bytes, so it is not replayed)
                    CmsisDims wider = new CmsisDims(f.n(), f.h(), f.w() + 1, f.c());
                    DwConvParams padded = new DwConvParams(p.inputOffset(), p.outputOffset(), p.chMult(), p.stride(),
                            new CmsisTile(p.padding().w() + 2, p.padding().h()), p.dilation(), p.activation());
                    status(set, "arm_depthwise_conv_3x3_s8 filter.w+1 pad.w+2", ARM_CMSIS_NN_ARG_ERROR,
                            () -> ArmDepthwiseConvS8.arm_depthwise_conv_3x3_s8(ROUNDING, null, padded, q, in, input,
                                    0, wider, w, 0, bias, out, new byte[ref.length], 0));
                }
            }
            default -> fail("no depthwise replay for " + unity);
        }
        for (S8Target t : TARGETS) {
            byte[] ctx = new byte[ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_get_buffer_size(t, p, in, f, out)];
            compare(set, "arm_depthwise_conv_wrapper_s8 " + t + " -> "
                    + ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8_kernel(t, p, in, f, out), ref,
                    o -> ArmDepthwiseConvS8.arm_depthwise_conv_wrapper_s8(t, ROUNDING, ctx, p, q, in, input, 0, f, w,
                            0, bias, out, o, 0));
        }
    }

    /** test_arm_fully_connected_s8. */
    private void fullyConnected(TfliteTestData d) {
        String set = d.name();
        int k = d.def("ACCUMULATION_DEPTH");
        int rows = d.def("OUT_CH");
        CmsisDims in = new CmsisDims(d.def("INPUT_BATCHES"), d.def("INPUT_H"), d.def("INPUT_W"), d.def("IN_CH"));
        CmsisDims f = new CmsisDims(k, 1, 1, rows);
        CmsisDims out = new CmsisDims(d.def("INPUT_BATCHES"), 1, 1, rows);
        // only fully_connected_w_zp passes its FILTER_OFFSET; the others pass 0 (and define 0 or nothing)
        FcParams p = new FcParams(d.def("INPUT_OFFSET"), d.def("FILTER_OFFSET", 0), d.def("OUTPUT_OFFSET"),
                activation(d));
        byte[] input = d.int8("input");
        byte[] w = d.int8("weights");
        // NULL in fully_connected and fully_connected_w_zp; fully_connected_null_bias_0 stores zeros but passes NULL
        // to the kernel (its kernel sums still take the zeros)
        int[] biases = d.int32OrNull("biases");
        int[] bias = set.equals("fully_connected_null_bias_0") ? null : biases;
        byte[] ref = d.int8("output_ref");
        boolean perChannel = d.hasArray("output_mult");
        for (S8Target t : TARGETS) {
            int[] ctx = new int[ArmFullyConnectedS8.arm_fully_connected_s8_get_buffer_size(t, f) / 4];
            if (t == S8Target.MVE) {
                status(set, "arm_vector_sum_s8", ARM_CMSIS_NN_SUCCESS, () -> ArmFullyConnectedS8.arm_vector_sum_s8(
                        ctx, k, rows, w, 0, p.inputOffset(), p.filterOffset(), biases));
            }
            if (perChannel) {
                PerChannelQuantParams q = new PerChannelQuantParams(d.int32("output_mult"), d.int32("output_shift"));
                compare(set, "arm_fully_connected_per_channel_s8 " + t, ref, o -> ArmFullyConnectedS8
                        .arm_fully_connected_per_channel_s8(t, ROUNDING, ctx, p, q, in, input, 0, f, w, 0, bias, out,
                                o, 0));
            } else {
                PerTensorQuantParams q = new PerTensorQuantParams(d.def("OUTPUT_MULTIPLIER"), d.def("OUTPUT_SHIFT"));
                compare(set, "arm_fully_connected_s8 " + t, ref, o -> ArmFullyConnectedS8.arm_fully_connected_s8(t,
                        ROUNDING, ctx, p, q, in, input, 0, f, w, 0, bias, out, o, 0));
            }
        }
    }

    private static PoolParams poolParams(TfliteTestData d) {
        return new PoolParams(new CmsisTile(d.def("STRIDE_W"), d.def("STRIDE_H")),
                new CmsisTile(d.def("PADDING_W"), d.def("PADDING_H")),
                new CmsisActivation(d.def("ACTIVATION_MIN"), d.def("ACTIVATION_MAX")));
    }

    /** test_arm_avgpool_s8 (and its avgpooling_param_fail on avgpooling_5). */
    private void avgpool(TfliteTestData d) {
        String set = d.name();
        CmsisDims in = new CmsisDims(d.def("BATCH_SIZE"), d.def("INPUT_H"), d.def("INPUT_W"), d.def("INPUT_C"));
        CmsisDims f = new CmsisDims(1, d.def("FILTER_H"), d.def("FILTER_W"), 1);
        CmsisDims out = new CmsisDims(d.def("BATCH_SIZE"), d.def("OUTPUT_H"), d.def("OUTPUT_W"), d.def("OUTPUT_C"));
        PoolParams p = poolParams(d);
        byte[] input = d.int8("input_tensor");
        byte[] ref = d.int8("output");
        for (S8Target t : TARGETS) {
            byte[] ctx = new byte[ArmPoolS8.arm_avgpool_s8_get_buffer_size(t, d.def("OUTPUT_W"), d.def("INPUT_C"))];
            compare(set, "arm_avgpool_s8 " + t, ref, o -> ArmPoolS8.arm_avgpool_s8(t, ctx, p, in, input, 0, f, out,
                    o, 0));
            if (set.equals("avgpooling_5")) {
                CmsisDims negative = new CmsisDims(-in.n(), in.h(), in.w(), in.c());
                status(set, "arm_avgpool_s8 n = -" + in.n() + " " + t, ARM_CMSIS_NN_ARG_ERROR,
                        () -> ArmPoolS8.arm_avgpool_s8(t, ctx, p, negative, input, 0, f, out, new byte[ref.length],
                                0));
            }
        }
    }

    /** test_arm_max_pool_s8 (and its maxpooling_param_fail on maxpooling_7). */
    private void maxpool(TfliteTestData d) {
        String set = d.name();
        CmsisDims in = new CmsisDims(d.def("BATCH_SIZE"), d.def("INPUT_H"), d.def("INPUT_W"), d.def("INPUT_C"));
        CmsisDims f = new CmsisDims(1, d.def("FILTER_H"), d.def("FILTER_W"), 1);
        CmsisDims out = new CmsisDims(d.def("BATCH_SIZE"), d.def("OUTPUT_H"), d.def("OUTPUT_W"), d.def("INPUT_C"));
        PoolParams p = poolParams(d);
        byte[] input = d.int8("input_tensor");
        byte[] ref = d.int8("output");
        for (S8Target t : TARGETS) {
            compare(set, "arm_max_pool_s8 " + t, ref, o -> ArmPoolS8.arm_max_pool_s8(t, null, p, in, input, 0, f, out,
                    o, 0));
            if (set.equals("maxpooling_7")) {
                CmsisDims negative = new CmsisDims(-3, in.h(), in.w(), in.c());
                status(set, "arm_max_pool_s8 n = -3 " + t, ARM_CMSIS_NN_ARG_ERROR, () -> ArmPoolS8.arm_max_pool_s8(t,
                        null, p, negative, input, 0, f, out, new byte[ref.length], 0));
            }
        }
    }

    /** test_arm_softmax_s8, including softmax_invalid_diff_min (diff_min = INT32_MAX gives all -128). */
    private void softmax(TfliteTestData d) {
        String set = d.name();
        byte[] input = d.int8("input");
        byte[] ref = d.int8("output_ref");
        int rows = d.def("NUM_ROWS");
        int rowSize = d.def("ROW_SIZE");
        int mult = d.def("INPUT_MULT");
        int shift = d.def("INPUT_LEFT_SHIFT");
        compare(set, "arm_softmax_s8", ref, o -> {
            ArmSoftmaxS8.arm_softmax_s8(input, 0, rows, rowSize, mult, shift, d.def("DIFF_MIN"), o, 0);
            return ARM_CMSIS_NN_SUCCESS;
        });
        byte[] allMin = new byte[ref.length];
        java.util.Arrays.fill(allMin, (byte) -128);
        compare(set, "arm_softmax_s8 diff_min = INT32_MAX", allMin, o -> {
            ArmSoftmaxS8.arm_softmax_s8(input, 0, rows, rowSize, mult, shift, Integer.MAX_VALUE, o, 0);
            return ARM_CMSIS_NN_SUCCESS;
        });
    }

    /** test_arm_elementwise_add_s8. */
    private void add(TfliteTestData d) {
        byte[] in1 = d.int8("input1");
        byte[] in2 = d.int8("input2");
        for (S8Target t : TARGETS) {
            compare(d.name(), "arm_elementwise_add_s8 " + t, d.int8("output_ref"), o -> ArmElementwiseS8
                    .arm_elementwise_add_s8(t, ROUNDING, in1, 0, in2, 0, d.def("INPUT1_OFFSET"), d.def("INPUT1_MULT"),
                            d.def("INPUT1_SHIFT"), d.def("INPUT2_OFFSET"), d.def("INPUT2_MULT"), d.def("INPUT2_SHIFT"),
                            d.def("LEFT_SHIFT"), o, 0, d.def("OUTPUT_OFFSET"), d.def("OUTPUT_MULT"),
                            d.def("OUTPUT_SHIFT"), d.def("OUT_ACTIVATION_MIN"), d.def("OUT_ACTIVATION_MAX"),
                            d.def("DST_SIZE")));
        }
    }

    /** test_arm_elementwise_mul_s8. */
    private void mul(TfliteTestData d) {
        byte[] in1 = d.int8("input1");
        byte[] in2 = d.int8("input2");
        for (S8Target t : TARGETS) {
            compare(d.name(), "arm_elementwise_mul_s8 " + t, d.int8("output_ref"), o -> ArmElementwiseS8
                    .arm_elementwise_mul_s8(t, ROUNDING, in1, 0, in2, 0, d.def("INPUT1_OFFSET"),
                            d.def("INPUT2_OFFSET"), o, 0, d.def("OUTPUT_OFFSET"), d.def("OUTPUT_MULT"),
                            d.def("OUTPUT_SHIFT"), d.def("OUT_ACTIVATION_MIN"), d.def("OUT_ACTIVATION_MAX"),
                            d.def("DST_SIZE")));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private interface Call {
        /** Runs the kernel into {@code out} (zeroed, as the Unity tests memset it) and returns its status. */
        int run(byte[] out);
    }

    private void compare(String set, String call, byte[] ref, Call kernel) {
        byte[] out = new byte[ref.length];
        int status = kernel.run(out);
        assertEquals(ARM_CMSIS_NN_SUCCESS, status, set + ": " + call + " status");
        for (int i = 0; i < ref.length; i++) {
            if (out[i] != ref[i]) {
                fail(set + ": " + call + ": output byte " + i + " of " + ref.length + " is " + out[i]
                        + ", TFLite stored " + ref[i]);
            }
        }
        comparisons++;
        bytes += ref.length;
    }

    private void status(String set, String call, int expected, IntSupplier kernel) {
        assertEquals(expected, kernel.getAsInt(), set + ": " + call + " status");
        statusChecks++;
    }

    private static boolean allZero(int[] values) {
        for (int v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
