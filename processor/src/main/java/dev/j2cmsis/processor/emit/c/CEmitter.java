package dev.j2cmsis.processor.emit.c;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import dev.j2cmsis.processor.Version;
import dev.j2cmsis.processor.plan.Buf;
import dev.j2cmsis.processor.plan.Const;
import dev.j2cmsis.processor.plan.Plan;
import dev.j2cmsis.processor.plan.PlannedLayer;
import dev.j2cmsis.processor.plan.Step;
import dev.j2cmsis.processor.quant.QFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the C of a plan: {@code <net>.h}, {@code <net>.c}, {@code <net>_params.h}, {@code <net>_weights.h}
 * from mustache templates, plus the portable kernels and the serial protocol's board side. Every number comes
 * from the plan; this class only formats.
 */
public final class CEmitter {
    /** The portable kernels, kept beside their Java twins in runtime-sim. */
    static final String PORTABLE_RESOURCE_DIR = "dev/j2cmsis/sim/c/";
    public static final List<String> PORTABLE_FILES = List.of("j2cmsis_portable.h", "j2cmsis_portable.c",
            "j2cmsis_portable_q15.h", "j2cmsis_portable_q15.c", "j2cmsis_serial.h", "j2cmsis_serial.c",
            "j2cmsis_bsp_cmsdk_uart.c");

    /** The templates of this package; C, not HTML: values are never escaped. */
    static final MustacheFactory MUSTACHE = new DefaultMustacheFactory("dev/j2cmsis/processor/emit/c") {
        @Override
        public void encode(String value, Writer writer) {
            // C, not HTML: never escape.
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final Plan plan;
    private final Harness harness;
    private final String net;
    private final String up;
    private final String inputsSha256;

    /** @param inputsSha256 {@code InputHashes.combined} of the files the network was generated from */
    public CEmitter(Plan plan, Harness harness, String inputsSha256) {
        this.plan = plan;
        this.harness = harness;
        this.inputsSha256 = inputsSha256;
        this.net = plan.network().model().cName();
        this.up = net.toUpperCase(Locale.ROOT);
    }

    /** File name to content, in a fixed order. */
    public Map<String, String> files() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(net + ".h", render("net.h.mustache", net + ".h", "the network's API"));
        out.put(net + ".c", render("net.c.mustache", net + ".c", "the network, as CMSIS-NN calls"));
        out.put(net + "_params.h", render("net_params.h.mustache", net + "_params.h",
                "per-layer dimensions, shifts and Q formats"));
        out.put(net + "_weights.h", render("net_weights.h.mustache", net + "_weights.h",
                "quantized weights and biases in CMSIS layouts"));
        out.put(net + "_harness.c", render("net_harness.c.mustache", net + "_harness.c",
                "self-check of the generated C against the simulator's outputs"));
        out.put(net + "_harness_data.h", render("net_harness_data.h.mustache", net + "_harness_data.h",
                "golden vectors of the self-check"));
        for (String f : PORTABLE_FILES) {
            out.put(f, portable(f));
        }
        return out;
    }

    static String portable(String name) {
        try (InputStream in = CEmitter.class.getClassLoader().getResourceAsStream(PORTABLE_RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + PORTABLE_RESOURCE_DIR + name
                        + " (j2cmsis-runtime-sim must be on the processor path)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String render(String template, String file, String what) {
        Map<String, Object> scope = scope(file, what);
        Mustache m = MUSTACHE.compile(template);
        StringWriter w = new StringWriter();
        m.execute(w, scope);
        return w.toString();
    }

    private Map<String, Object> scope(String file, String what) {
        var model = plan.network().model();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file", file);
        s.put("what", what);
        s.put("toolVersion", Version.VERSION);
        s.put("inputsSha256", inputsSha256);
        s.put("source", model.qualifiedName());
        s.put("target", model.target().yamlName());
        s.put("path", model.target().dsp() ? "ARM_MATH_DSP" : "plain-C");
        s.put("apiLine", "CMSIS-NN legacy q7 API of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), default rounding (NN_ROUND).");
        s.put("targetLine", "Target " + model.target().yamlName() + " (" + s.get("path") + " path of CMSIS-NN).");
        s.put("elemType", "q7_t");
        s.put("dsp", model.target().dsp());
        s.put("net", net);
        s.put("NET", up);
        s.put("inputHwc", model.input().hwc());
        s.put("inputSize", plan.inputSize());
        s.put("inputC", model.input().c());
        s.put("inputH", model.input().h());
        s.put("inputW", model.input().w());
        s.put("inputFrac", plan.network().inputFrac());
        s.put("inputQ", QFormat.text(plan.network().inputFrac()));
        s.put("outputHwc", model.output().hwc());
        s.put("outputSize", plan.outputSize());
        s.put("outputFrac", plan.network().outputFrac());
        s.put("outputQ", QFormat.text(plan.network().outputFrac()));
        s.put("ramBytes", plan.ramBytes());
        s.put("ramLowerBound", plan.ramLowerBound());
        s.put("hasArena", plan.ramBytes() > 0);
        s.put("flashBytes", plan.flashBytes());
        s.put("pathDependent", plan.pathDependent());
        s.put("usesStatus", plan.layers().stream().flatMap(l -> l.steps().stream())
                .anyMatch(st -> st instanceof Step.Conv || st instanceof Step.FullyConnected));
        s.put("usesQ15", plan.consts().stream().anyMatch(c -> c.data15() != null) || plan.layers().stream()
                .anyMatch(l -> l.steps().stream().anyMatch(st -> st instanceof Step.Convert)));
        s.put("prelude", plan.prelude().stream().map(this::code).flatMap(List::stream).toList());
        s.put("layers", plan.layers().stream().map(this::layer).toList());
        s.put("consts", plan.consts().stream().map(this::constant).toList());
        s.put("vectors", harness.inputs().size());
        s.put("vectorSource", harness.source());
        s.put("networkId", String.format(Locale.ROOT, "0x%08Xu", harness.networkId()));
        s.put("inputs", harness.inputs().stream().map(v -> Map.of("lines", lines(v))).toList());
        s.put("expected", harness.expected().stream().map(v -> Map.of("lines", lines(v))).toList());
        return s;
    }

    private Map<String, Object> layer(PlannedLayer l) {
        Map<String, Object> m = new LinkedHashMap<>();
        String layerUp = cIdent(l.name()).toUpperCase(Locale.ROOT);
        m.put("name", l.name());
        m.put("LAYER", layerUp);
        m.put("kind", l.kind());
        m.put("outHwc", l.out().hwc());
        m.put("outSize", l.out().size());
        m.put("function", l.function());
        m.put("inQ", QFormat.text(l.inFrac()));
        m.put("outQ", QFormat.text(l.outFrac()));
        boolean weighted = l.params() > 0;
        m.put("weighted", weighted);
        m.put("wQ", QFormat.text(l.wFrac()));
        m.put("bQ", QFormat.text(l.bFrac()));
        m.put("defines", defines(l));
        List<String> code = new ArrayList<>();
        for (Step st : l.steps()) {
            code.addAll(code(st, layerUp, l.index()));
        }
        m.put("code", code);
        // The hook takes bytes: a q15 layer's values as they lie in memory (2 bytes each, little-endian on Arm).
        boolean q15 = l.result().q15();
        m.put("tracePtr", q15 ? "(const q7_t *)(const void *)" + ptr(l.result()) : ptr(l.result()));
        m.put("traceBytes", q15 ? 2 * l.out().size() : l.out().size());
        return m;
    }

    private List<Map<String, Object>> defines(PlannedLayer l) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (Step st : l.steps()) {
            if (st instanceof Step.Conv c) {
                if (c.variant().square() && !c.wide()) {
                    d.put("IN_DIM", c.dimInX());
                    d.put("IN_CH", c.chIn());
                    d.put("OUT_CH", c.chOut());
                    d.put("KERNEL", c.kernelX());
                    d.put("PADDING", c.padX());
                    d.put("STRIDE", c.strideX());
                    d.put("OUT_DIM", c.dimOutX());
                } else {
                    d.put("IN_DIM_X", c.dimInX());
                    d.put("IN_DIM_Y", c.dimInY());
                    d.put("IN_CH", c.chIn());
                    d.put("OUT_CH", c.chOut());
                    d.put("KERNEL_X", c.kernelX());
                    d.put("KERNEL_Y", c.kernelY());
                    d.put("PADDING_X", c.padX());
                    d.put("PADDING_Y", c.padY());
                    d.put("STRIDE_X", c.strideX());
                    d.put("STRIDE_Y", c.strideY());
                    d.put("OUT_DIM_X", c.dimOutX());
                    d.put("OUT_DIM_Y", c.dimOutY());
                }
                d.put("BIAS_SHIFT", c.biasShift());
                d.put("OUT_SHIFT", c.outShift());
            } else if (st instanceof Step.FullyConnected f) {
                d.put("DIM_VEC", f.dimVec());
                d.put("ROWS", f.rows());
                d.put("BIAS_SHIFT", f.biasShift());
                d.put("OUT_SHIFT", f.outShift());
            } else if (st instanceof Step.Pool p) {
                if (!p.custom()) {
                    d.put("IN_DIM", p.dimInX());
                    d.put("CH", p.ch());
                    d.put("KERNEL", p.kernelX());
                    d.put("PADDING", p.padX());
                    d.put("STRIDE", p.strideX());
                    d.put("OUT_DIM", p.dimOutX());
                } else {
                    d.put("IN_DIM_X", p.dimInX());
                    d.put("IN_DIM_Y", p.dimInY());
                    d.put("CH", p.ch());
                    d.put("KERNEL_X", p.kernelX());
                    d.put("KERNEL_Y", p.kernelY());
                    d.put("PADDING_X", p.padX());
                    d.put("PADDING_Y", p.padY());
                    d.put("STRIDE_X", p.strideX());
                    d.put("STRIDE_Y", p.strideY());
                    d.put("OUT_DIM_X", p.dimOutX());
                    d.put("OUT_DIM_Y", p.dimOutY());
                    if (p.shifted()) {
                        d.put("OUT_LSHIFT", p.avgShift());
                    }
                }
            } else if (st instanceof Step.Softmax s) {
                d.put("DIM_VEC", s.size());
            } else if (st instanceof Step.Activation a) {
                d.put("INT_WIDTH", a.intWidth());
            } else if (st instanceof Step.Add a) {
                d.put("A_LSHIFT", a.aShift());
                d.put("B_LSHIFT", a.bShift());
                d.put("OUT_RSHIFT", a.outShift());
            }
        }
        d.put("OUT_SIZE", l.out().size());
        d.put("OUT_FRAC", l.outFrac());
        List<Map<String, Object>> out = new ArrayList<>();
        d.forEach((k, v) -> out.add(Map.of("key", k, "value", String.valueOf(v))));
        return out;
    }

    private List<String> code(Step st) {
        return code(st, null, -1);
    }

    private List<String> code(Step st, String layerUp, int index) {
        String p = up + "_" + layerUp + "_";
        String fail = "if (status != 0) { return " + (index + 1) + "; }";
        if (st instanceof Step.Copy c) {
            return List.of("memcpy(" + ptr(c.to()) + ", " + ptr(c.from()) + ", " + (c.to().q15() ? 2 * c.size()
                    : c.size()) + "u);");
        } else if (st instanceof Step.Conv c) {
            List<String> args = c.variant().square() && !c.wide()
                    ? List.of(ptr(c.in()), p + "IN_DIM", p + "IN_CH", net + "_" + c.weights().cName(), p + "OUT_CH",
                            p + "KERNEL", p + "PADDING", p + "STRIDE", net + "_" + c.bias().cName(), p + "BIAS_SHIFT",
                            p + "OUT_SHIFT", ptr(c.out()), p + "OUT_DIM", ptr(c.scratch()), "NULL")
                    : List.of(ptr(c.in()), p + "IN_DIM_X", p + "IN_DIM_Y", p + "IN_CH", net + "_"
                            + c.weights().cName(), p + "OUT_CH", p + "KERNEL_X", p + "KERNEL_Y", p + "PADDING_X",
                            p + "PADDING_Y", p + "STRIDE_X", p + "STRIDE_Y", net + "_" + c.bias().cName(),
                            p + "BIAS_SHIFT", p + "OUT_SHIFT", ptr(c.out()), p + "OUT_DIM_X", p + "OUT_DIM_Y",
                            ptr(c.scratch()), "NULL");
            if (c.wide()) {
                args = new ArrayList<>(args.subList(0, args.size() - 1)); // no bufferB
            }
            String fn = c.wide() ? c.cmsisFunction() : up + "_FN(" + c.variant().function() + ")";
            return List.of(call("status = (int)" + fn, args), fail);
        } else if (st instanceof Step.FullyConnected f) {
            return List.of(call("status = (int)" + up + "_FN(" + f.kind().function() + ")", List.of(
                    ptr(f.in()), net + "_" + f.weights().cName(), p + "DIM_VEC", p + "ROWS", p + "BIAS_SHIFT",
                    p + "OUT_SHIFT", net + "_" + f.bias().cName(), ptr(f.out()),
                    ptr(f.scratch()))), fail);
        } else if (st instanceof Step.Pool m) {
            String base = (m.max() ? "maxpool_" : "avepool_") + (m.q15() ? "q15" : "q7") + "_HWC";
            if (m.custom()) {
                List<String> args = new ArrayList<>(List.of(ptr(m.in()), p + "IN_DIM_X", p + "IN_DIM_Y", p + "CH",
                        p + "KERNEL_X", p + "KERNEL_Y", p + "PADDING_X", p + "PADDING_Y", p + "STRIDE_X",
                        p + "STRIDE_Y", p + "OUT_DIM_X", p + "OUT_DIM_Y"));
                if (m.shifted()) {
                    args.add(p + "OUT_LSHIFT");
                }
                args.add(ptr(m.out()));
                return List.of(call(m.cmsisFunction(), args));
            }
            String in = m.in().equals(Buf.INPUT) ? "(q7_t *)input" : ptr(m.in());
            String bufferA = m.scratch() == null ? "NULL" : "(q7_t *)" + ptr(m.scratch());
            List<String> args = List.of(in, p + "IN_DIM", p + "CH", p + "KERNEL", p + "PADDING", p + "STRIDE",
                    p + "OUT_DIM", bufferA, ptr(m.out()));
            if (!m.dsp()) {
                return List.of(call(up + "_FN(" + base + ")", args));
            }
            // The portable kernels keep both paths apart by name; CMSIS-NN picks its path at build time.
            List<String> lines = new ArrayList<>();
            lines.add("#if defined(J2CMSIS_PORTABLE)");
            lines.add(call("j2cmsis_" + base + "_dsp", args));
            lines.add("#else");
            lines.add(call("arm_" + base, args));
            lines.add("#endif");
            return lines;
        } else if (st instanceof Step.Relu r) {
            return List.of(up + "_FN(relu_" + (r.buf().q15() ? "q15" : "q7") + ")(" + ptr(r.buf(), r.offset()) + ", "
                    + r.size() + "u);");
        } else if (st instanceof Step.Activation a) {
            return List.of(up + "_FN(nn_activations_direct_q7)(" + ptr(a.buf(), a.offset()) + ", " + a.size()
                    + "u, " + p + "INT_WIDTH, " + a.type() + " /* " + (a.type() == 0 ? "sigmoid" : "tanh") + " */);");
        } else if (st instanceof Step.Softmax s) {
            return List.of(call(up + "_FN(softmax_" + (s.in().q15() ? "q15" : "q7") + ")", List.of(ptr(s.in()),
                    p + "DIM_VEC", ptr(s.out()))));
        } else if (st instanceof Step.Convert cv) {
            return List.of(cv.out().q15()
                    ? call(up + "_FN(q7_to_q15_no_shift)", List.of(ptr(cv.in()), ptr(cv.out()), cv.size() + "u"))
                    : call("j2cmsis_q15_to_q7", List.of(ptr(cv.in()), ptr(cv.out()), cv.size() + "u",
                            cv.rightShift() + "u")));
        } else if (st instanceof Step.Add a) {
            return List.of(call("j2cmsis_add_q7", List.of(ptr(a.a()), p + "A_LSHIFT", ptr(a.b()), p + "B_LSHIFT",
                    p + "OUT_RSHIFT", ptr(a.out()), a.size() + "u")));
        } else if (st instanceof Step.Concat c) {
            return List.of(call("j2cmsis_concat_q7_HWC_ch", List.of(ptr(c.a()), c.chA() + "u", ptr(c.b()),
                    c.chB() + "u", c.dimX() + "u", c.dimY() + "u", ptr(c.out()))));
        } else if (st instanceof Step.Rescale r) {
            return List.of(call("j2cmsis_q7_rescale", List.of(ptr(r.in()), Integer.toString(r.shift()), ptr(r.out()),
                    r.size() + "u")));
        }
        throw new IllegalStateException(st.toString());
    }

    private String ptr(Buf b, int offset) {
        return offset == 0 ? ptr(b) : "(" + ptr(b) + ") + " + offset;
    }

    /** A buffer as a C pointer expression: the caller's array, or its place in the arena; null is NULL. */
    private String ptr(Buf b) {
        if (b == null) {
            return "NULL";
        }
        if (!b.inArena()) {
            return b.var();
        }
        String at = "&" + net + "_arena[" + plan.offset(b) + "]";
        return b.q15() ? "(q15_t *)" + at : at;
    }

    /** A call with its arguments wrapped before column 110, continuation lines indented by 8. */
    static String call(String function, List<String> args) {
        StringBuilder sb = new StringBuilder(function).append('(');
        int col = 4 + sb.length();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i) + (i + 1 < args.size() ? "," : ");");
            if (i > 0) {
                if (col + 1 + a.length() > 110) {
                    sb.append("\n            ");
                    col = 12;
                } else {
                    sb.append(' ');
                    col++;
                }
            }
            sb.append(a);
            col += a.length();
        }
        return sb.toString();
    }

    private Map<String, Object> constant(Const c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.cName());
        m.put("length", c.length());
        m.put("comment", c.wide() != null ? "weights widened to q15 in the layout j2cmsis_convolve_HWC_q7_wide reads"
                : c.cName().endsWith("_bias") ? "bias, one per output" : c.cName().contains("_weights")
                ? "weights in the layout the layer's kernel reads" : c.cName());
        m.put("type", c.q15() ? "q15_t" : "q7_t");
        m.put("lines", c.wide() != null ? lines(c.wide()) : c.q15() ? lines(c.data15()) : lines(c.data()));
        return m;
    }

    /** Array initializer lines, 16 values a line. */
    static List<String> lines(byte[] d) {
        int[] v = new int[d.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = d[i];
        }
        return lines(v);
    }

    static List<String> lines(short[] d) {
        int[] v = new int[d.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = d[i];
        }
        return lines(v);
    }

    /**
     * {@code 16} values a line, each but the very last followed by a comma, and by a space within its line. Written
     * digit by digit into one buffer: the 1.2 M weights of a 12 M-MAC network took a tenth of a second or more through
     * {@code StringBuilder.append(int)} and a lambda per value.
     */
    static List<String> lines(int[] d) {
        List<String> lines = new ArrayList<>((d.length + 15) / 16);
        char[] buf = new char[16 * 13];   // 11 characters of an int, its comma and space
        char[] digits = new char[10];
        for (int i = 0; i < d.length; i += 16) {
            int end = Math.min(d.length, i + 16);
            int len = 0;
            for (int j = i; j < end; j++) {
                int v = d[j];
                if (v < 0) {
                    buf[len++] = '-';
                }
                // The digits of |v| backwards, as a long so that Integer.MIN_VALUE has a magnitude.
                long m = Math.abs((long) v);
                int k = 0;
                do {
                    digits[k++] = (char) ('0' + m % 10);
                    m /= 10;
                } while (m != 0);
                while (k > 0) {
                    buf[len++] = digits[--k];
                }
                if (j + 1 < d.length) {
                    buf[len++] = ',';
                }
                if (j + 1 < end) {
                    buf[len++] = ' ';
                }
            }
            lines.add(new String(buf, 0, len));
        }
        return lines;
    }

    /** A Java field name as a C identifier. */
    public static String cIdent(String s) {
        return s.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
