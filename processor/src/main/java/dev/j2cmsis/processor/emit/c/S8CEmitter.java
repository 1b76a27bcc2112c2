package dev.j2cmsis.processor.emit.c;

import com.github.mustachejava.Mustache;
import dev.j2cmsis.processor.Version;
import dev.j2cmsis.processor.plan.arena.ArenaPlanner;
import dev.j2cmsis.processor.s8.S8Plan;
import dev.j2cmsis.sim.kernels.s8.CmsisActivation;
import dev.j2cmsis.sim.kernels.s8.CmsisDims;
import dev.j2cmsis.sim.kernels.s8.CmsisTile;
import dev.j2cmsis.sim.kernels.s8.S8Rounding;
import dev.j2cmsis.sim.kernels.s8.S8Target;
import dev.j2cmsis.sim.runtime.s8.S8Program;
import dev.j2cmsis.sim.runtime.s8.S8Ref;
import dev.j2cmsis.sim.runtime.s8.S8Step;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the C of an s8 plan for CMSIS-NN v7.0.0: {@code <net>.h}, {@code <net>.c}, {@code <net>_weights.h}, the
 * self-check harness, and the portable s8 kernels. Every number comes from the plan's {@link S8Program}, the same
 * object the simulator runs; this class only formats. The C picks the scratch size of the code path it is compiled
 * for (plain C, DSP, MVE, or the portable kernels), the rest is the same on every core.
 */
public final class S8CEmitter {
    /**
     * The portable s8 kernels, the serial protocol's board side, and j2cmsis_portable.{h,c}, whose DWT cycle
     * counter the serial and profiling harnesses use.
     */
    public static final List<String> PORTABLE_FILES = List.of("j2cmsis_portable_s8.h", "j2cmsis_portable_s8.c",
            "j2cmsis_portable.h", "j2cmsis_portable.c", "j2cmsis_serial.h", "j2cmsis_serial.c",
            "j2cmsis_bsp_cmsdk_uart.c");

    private final S8Plan plan;
    private final S8Program program;
    private final Harness harness;
    private final String net;
    private final String up;
    private final String inputsSha256;
    private final List<Map<String, Object>> consts = new ArrayList<>();

    public S8CEmitter(S8Plan plan, Harness harness, String inputsSha256) {
        this.plan = plan;
        this.program = plan.program();
        this.harness = harness;
        this.inputsSha256 = inputsSha256;
        this.net = plan.model().cName();
        this.up = net.toUpperCase(Locale.ROOT);
    }

    public Map<String, String> files() {
        Map<String, Object> scope = scope();
        Map<String, String> out = new LinkedHashMap<>();
        out.put(net + ".h", render("s8_net.h.mustache", scope, net + ".h", "the network's API"));
        out.put(net + ".c", render("s8_net.c.mustache", scope, net + ".c", "the network, as CMSIS-NN v7.0.0 calls"));
        out.put(net + "_weights.h", render("s8_net_weights.h.mustache", scope, net + "_weights.h",
                "int8 weights, int32 biases, per-channel multipliers and shifts in CMSIS-NN layouts"));
        out.put(net + "_harness.c", render("net_harness.c.mustache", scope, net + "_harness.c",
                "self-check of the generated C against the simulator's outputs"));
        out.put(net + "_harness_data.h", render("net_harness_data.h.mustache", scope, net + "_harness_data.h",
                "golden vectors of the self-check"));
        for (String f : PORTABLE_FILES) {
            out.put(f, CEmitter.portable(f));
        }
        return out;
    }

    private String render(String template, Map<String, Object> base, String file, String what) {
        Map<String, Object> scope = new LinkedHashMap<>(base);
        scope.put("file", file);
        scope.put("what", what);
        Mustache m = CEmitter.MUSTACHE.compile(template);
        StringWriter w = new StringWriter();
        m.execute(w, scope);
        return w.toString();
    }

    private Map<String, Object> scope() {
        var model = plan.model();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("toolVersion", Version.VERSION);
        s.put("inputsSha256", inputsSha256);
        s.put("source", model.qualifiedName());
        s.put("target", model.target().yamlName());
        boolean single = program.rounding() == S8Rounding.SINGLE;
        s.put("single", single);
        s.put("rounding", single ? "single rounding (CMSIS_NN_USE_SINGLE_ROUNDING)"
                : "double rounding (the default build, TFLite/TFLM reference)");
        s.put("apiLine", "CMSIS-NN v7.0.0 int8 (s8) API, TFLite semantics, " + s.get("rounding") + ".");
        s.put("targetLine", "Planned for " + model.target().yamlName() + " (" + pathName(program.target())
                + " path of CMSIS-NN); the same bytes on every core, only the scratch size depends on it.");
        s.put("elemType", "int8_t");
        s.put("net", net);
        s.put("NET", up);
        s.put("inputHwc", model.input().hwc());
        s.put("inputSize", program.inputSize());
        s.put("inputC", model.input().c());
        s.put("inputH", model.input().h());
        s.put("inputW", model.input().w());
        s.put("inputScale", floatLiteral(program.inputScale()));
        s.put("inputZeroPoint", program.inputZeroPoint());
        s.put("outputHwc", model.output().hwc());
        s.put("outputSize", program.outputSize());
        s.put("outputScale", floatLiteral(program.outputScale()));
        s.put("outputZeroPoint", program.outputZeroPoint());
        for (S8Target t : S8Target.values()) {
            String key = switch (t) {
                case PLAIN_C -> "Plain";
                case DSP -> "Dsp";
                case MVE -> "Mve";
            };
            s.put("arena" + key, Math.max(4, plan.arenas().get(t).totalBytes()));
            s.put("bound" + key, plan.arenas().get(t).lowerBound());
            s.put("offsets" + key, offsets(t));
        }
        s.put("flashBytes", plan.flashBytes());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < program.layers().size(); i++) {
            layers.add(layer(program.layers().get(i), plan.layers().get(i)));
        }
        s.put("layers", layers);
        s.put("consts", consts);
        s.put("vectors", harness.inputs().size());
        s.put("vectorSource", harness.source());
        s.put("networkId", String.format(Locale.ROOT, "0x%08Xu", harness.networkId()));
        s.put("inputs", harness.inputs().stream().map(v -> Map.of("lines", CEmitter.lines(v)))
                .toList());
        s.put("expected", harness.expected().stream().map(v -> Map.of("lines", CEmitter.lines(v))).toList());
        return s;
    }

    static String pathName(S8Target t) {
        return switch (t) {
            case PLAIN_C -> "plain-C";
            case DSP -> "ARM_MATH_DSP";
            case MVE -> "ARM_MATH_MVEI (Helium)";
        };
    }

    /**
     * The offset macros of one code path's arena layout: {@code <NET>_T<t>} for tensor t, {@code <NET>_S<i>} and
     * {@code <NET>_S<i>_BYTES} for the scratch of layer i (0 and 0 where that path needs none).
     */
    private List<String> offsets(S8Target t) {
        ArenaPlanner.Arena arena = plan.arenas().get(t);
        int n = program.layers().size();
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (arena.offsets().containsKey(k)) {
                lines.add(String.format(Locale.ROOT, "#define %s_T%d %d", up, k, arena.offset(k)));
            }
        }
        for (int k = 0; k < n; k++) {
            if (usesContext(program.layers().get(k))) {
                int bytes = plan.layerScratch().get(t)[k];
                lines.add(String.format(Locale.ROOT, "#define %s_S%d %d", up, k, bytes > 0 ? arena.offset(n + k) : 0));
                lines.add(String.format(Locale.ROOT, "#define %s_S%d_BYTES %d", up, k, bytes));
            }
        }
        return lines;
    }

    private static boolean usesContext(S8Program.Layer l) {
        return l.steps().stream().anyMatch(st -> st instanceof S8Step.Conv || st instanceof S8Step.DepthwiseConv
                || st instanceof S8Step.FullyConnected || st instanceof S8Step.Pool);
    }

    private Map<String, Object> layer(S8Program.Layer l, S8Plan.LayerInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        String id = CEmitter.cIdent(l.name());
        m.put("name", l.name());
        m.put("kind", l.kind());
        m.put("shape", info.out().hwc());
        m.put("function", info.function());
        m.put("quant", String.format(Locale.ROOT, "scale %s, zero point %d", Float.toString(l.scale()),
                l.zeroPoint()));
        List<String> code = new ArrayList<>();
        if (usesContext(l)) {
            int k = info.index();
            code.add(String.format(Locale.ROOT, "ctx.buf = &%s_arena[%s_S%d];", net, up, k));
            code.add(String.format(Locale.ROOT, "ctx.size = %s_S%d_BYTES;", up, k));
        }
        for (S8Step st : l.steps()) {
            code.addAll(code(st, id));
        }
        m.put("code", code);
        m.put("resultPtr", ptr(l.result()));
        m.put("size", l.size());
        return m;
    }

    private void constant(String name, String type, String comment, int length, List<String> lines, boolean mveOnly) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", type);
        c.put("comment", comment);
        c.put("length", length);
        c.put("lines", lines);
        c.put("mveOnly", mveOnly);
        consts.add(c);
    }

    private String bytes(String name, String comment, byte[] v) {
        constant(name, "int8_t", comment, v.length, CEmitter.lines(v), false);
        return net + "_" + name;
    }

    private String ints(String name, String comment, int[] v, boolean mveOnly) {
        constant(name, "int32_t", comment, v.length, CEmitter.lines(v), mveOnly);
        return net + "_" + name;
    }

    private String ptr(S8Ref r) {
        return switch (r.kind()) {
            case INPUT -> "input";
            case OUTPUT -> "output";
            case ARENA -> "&" + net + "_arena[" + up + "_T" + r.tensor() + "]";
        };
    }

    private static String dims(CmsisDims d) {
        return String.format(Locale.ROOT, "{%d, %d, %d, %d}", d.n(), d.h(), d.w(), d.c());
    }

    private static String tile(CmsisTile t) {
        return String.format(Locale.ROOT, "{%d, %d}", t.w(), t.h());
    }

    private static String act(CmsisActivation a) {
        return String.format(Locale.ROOT, "{%d, %d}", a.min(), a.max());
    }

    private String t(String type) {
        return up + "_T(" + type + ")";
    }

    private List<String> weighted(String id, byte[] w, int[] bias, int[] mult, int[] shift) {
        bytes(id + "_weights", "'" + id + "' weights, int8, symmetric per output channel", w);
        ints(id + "_bias", "'" + id + "' bias, int32 (scale input scale * weight scale)", bias, false);
        ints(id + "_mult", "'" + id + "' requantization multipliers (TFLite QuantizeMultiplier), per channel", mult,
                false);
        ints(id + "_shift", "'" + id + "' requantization shifts (positive: left), per channel", shift, false);
        return List.of(String.format(Locale.ROOT, "static const %s q = {(int32_t *)%s_%s_mult, (int32_t *)%s_%s_shift};",
                t("per_channel_quant_params"), net, id, net, id));
    }

    private List<String> code(S8Step st, String id) {
        String fail = "if (status != 0) { return (int)status; }";
        List<String> c = new ArrayList<>();
        if (st instanceof S8Step.Conv s) {
            c.add("{");
            c.add(String.format(Locale.ROOT, "    static const %s p = {%d, %d, %s, %s, %s, %s};", t("conv_params"),
                    s.params().inputOffset(), s.params().outputOffset(), tile(s.params().stride()),
                    tile(s.params().padding()), tile(s.params().dilation()), act(s.params().activation())));
            weighted(id, s.weights(), s.bias(), s.multiplier(), s.shift()).forEach(x -> c.add("    " + x));
            c.add(dimsLine(s.inDims(), s.filterDims(), new CmsisDims(1, 1, 1, s.outDims().c()), s.outDims()));
            c.add("    " + CEmitter.call("status = " + up + "_FN(" + (s.direct() ? "convolve_s8" : "convolve_wrapper_s8")
                    + ")", s.direct()
                    ? List.of("&ctx", "&p", "&q", "&in", ptr(s.in()), "&f", net + "_" + id + "_weights", "&b",
                            net + "_" + id + "_bias", "NULL", "&o", ptr(s.out()))
                    : List.of("&ctx", "&p", "&q", "&in", ptr(s.in()), "&f", net + "_" + id + "_weights", "&b",
                            net + "_" + id + "_bias", "&o", ptr(s.out()))));
            c.add("    " + fail);
            c.add("}");
        } else if (st instanceof S8Step.DepthwiseConv s) {
            c.add("{");
            c.add(String.format(Locale.ROOT, "    static const %s p = {%d, %d, %d, %s, %s, %s, %s};",
                    t("dw_conv_params"), s.params().inputOffset(), s.params().outputOffset(), s.params().chMult(),
                    tile(s.params().stride()), tile(s.params().padding()), tile(s.params().dilation()),
                    act(s.params().activation())));
            weighted(id, s.weights(), s.bias(), s.multiplier(), s.shift()).forEach(x -> c.add("    " + x));
            c.add(dimsLine(s.inDims(), s.filterDims(), new CmsisDims(1, 1, 1, s.outDims().c()), s.outDims()));
            c.add("    " + CEmitter.call("status = " + up + "_FN(depthwise_conv_wrapper_s8)", List.of("&ctx", "&p",
                    "&q", "&in", ptr(s.in()), "&f", net + "_" + id + "_weights", "&b", net + "_" + id + "_bias", "&o",
                    ptr(s.out()))));
            c.add("    " + fail);
            c.add("}");
        } else if (st instanceof S8Step.FullyConnected s) {
            c.add("{");
            c.add(String.format(Locale.ROOT, "    static const %s p = {%d, %d, %d, %s};", t("fc_params"),
                    s.params().inputOffset(), s.params().filterOffset(), s.params().outputOffset(),
                    act(s.params().activation())));
            weighted(id, s.weights(), s.bias(), s.multiplier(), s.shift()).forEach(x -> c.add("    " + x));
            ints(id + "_kernel_sums", "'" + id + "' bias + input_offset * sum of each row's weights "
                    + "(arm_vector_sum_s8, precomputed): the Helium kernel reads them from ctx.buf", s.kernelSums(), true);
            c.add(dimsLine(s.inDims(), s.filterDims(), new CmsisDims(1, 1, 1, s.outDims().c()), s.outDims()));
            c.add("#if defined(" + up + "_PATH_MVE)");
            c.add(String.format(Locale.ROOT, "    const %s sums = {(void *)%s_%s_kernel_sums, %d};", t("context"),
                    net, id, 4 * s.kernelSums().length));
            c.add("    const " + t("context") + " *fc_ctx = &sums;");
            c.add("#else");
            c.add("    const " + t("context") + " *fc_ctx = &ctx;");
            c.add("#endif");
            c.add("    " + CEmitter.call("status = " + up + "_FN(fully_connected_per_channel_s8)", List.of("fc_ctx",
                    "&p", "&q", "&in", ptr(s.in()), "&f", net + "_" + id + "_weights", "&b", net + "_" + id + "_bias",
                    "&o", ptr(s.out()))));
            c.add("    " + fail);
            c.add("}");
        } else if (st instanceof S8Step.Pool s) {
            c.add("{");
            c.add(String.format(Locale.ROOT, "    static const %s p = {%s, %s, %s};", t("pool_params"),
                    tile(s.params().stride()), tile(s.params().padding()), act(s.params().activation())));
            c.add(String.format(Locale.ROOT, "    static const %s in = %s, f = %s, o = %s;", t("dims"),
                    dims(s.inDims()), dims(s.filterDims()), dims(s.outDims())));
            c.add("    " + CEmitter.call("status = " + up + "_FN(" + (s.max() ? "max_pool_s8" : "avgpool_s8") + ")",
                    List.of("&ctx", "&p", "&in", ptr(s.in()), "&f", "&o", ptr(s.out()))));
            c.add("    " + fail);
            c.add("}");
        } else if (st instanceof S8Step.Softmax s) {
            c.add(CEmitter.call(up + "_FN(softmax_s8)", List.of(ptr(s.in()), Integer.toString(s.rows()),
                    Integer.toString(s.rowSize()), Integer.toString(s.mult()), Integer.toString(s.shift()),
                    Integer.toString(s.diffMin()), ptr(s.out()))));
        } else if (st instanceof S8Step.Add s) {
            c.add("status = " + CEmitter.call(up + "_FN(elementwise_add_s8)", List.of(ptr(s.a()), ptr(s.b()),
                    Integer.toString(s.aOffset()), Integer.toString(s.aMult()), Integer.toString(s.aShift()),
                    Integer.toString(s.bOffset()), Integer.toString(s.bMult()), Integer.toString(s.bShift()),
                    Integer.toString(s.leftShift()), ptr(s.out()), Integer.toString(s.outOffset()),
                    Integer.toString(s.outMult()), Integer.toString(s.outShift()), Integer.toString(s.actMin()),
                    Integer.toString(s.actMax()), Integer.toString(s.size()))));
            c.add(fail);
        } else if (st instanceof S8Step.Lut s) {
            String table = bytes(id + "_table", "'" + id + "' int8 lookup table (index: the input byte as uint8)",
                    s.table());
            c.add(CEmitter.call("j2cmsis_lut_s8", List.of(ptr(s.in()), ptr(s.out()), Integer.toString(s.size()),
                    table)));
        } else if (st instanceof S8Step.Concat s) {
            CmsisDims d = s.inDims();
            c.add(CEmitter.call(up + "_FN(concatenation_s8_x)", List.of(ptr(s.in()), d.c() + "u", d.w() + "u",
                    d.h() + "u", d.n() + "u", ptr(s.out()), s.outCh() + "u", s.chOffset() + "u")));
        } else {
            throw new IllegalStateException(st.toString());
        }
        return c;
    }

    private String dimsLine(CmsisDims in, CmsisDims f, CmsisDims b, CmsisDims o) {
        return String.format(Locale.ROOT, "    static const %s in = %s, f = %s, b = %s, o = %s;", t("dims"), dims(in),
                dims(f), dims(b), dims(o));
    }

    /** A float as C writes it exactly (hexadecimal), with its decimal value in a comment. */
    static String floatLiteral(float f) {
        return Float.toHexString(f) + "f /* " + f + " */";
    }
}
