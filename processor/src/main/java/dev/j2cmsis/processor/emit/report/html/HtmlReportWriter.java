package dev.j2cmsis.processor.emit.report.html;

import static dev.j2cmsis.processor.emit.report.html.Xml.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-layer report as one self-contained HTML5 file ({@code <net>_report.html}): the table of the Markdown
 * report plus SQNR and saturation, and the plots (SQNR per layer, one activation histogram per layer) as
 * inline SVG. No script, no external resource, inline CSS only, so the file can be mailed or archived.
 *
 * <p>The markup is also well-formed XML (every element closed, every attribute quoted, only XML's own entities),
 * so tests and tools can read it with an XML parser. The output depends only on the {@link ReportData}: numbers
 * are spelled with {@link Locale#ROOT}, lines end in {@code \n}, nothing is dated.
 */
public final class HtmlReportWriter {
    static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto; \
            max-width: 1400px; padding: 0 1em; color: #222; }
            h1 { font-size: 1.6em; margin-bottom: 0.3em; }
            h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
            dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.2em; }
            dl.meta dt { font-weight: 600; }
            dl.meta dd { margin: 0; }
            table { border-collapse: collapse; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; white-space: nowrap; }
            th { background: #f0f0f0; }
            tbody tr:nth-child(even) { background: #fafafa; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            td.q, td.f { font-family: ui-monospace, Menlo, Consolas, monospace; }
            td.warn { background: #fde8e8; }
            tr.total td { font-weight: 600; border-top: 2px solid #999; }
            .scroll { overflow-x: auto; }
            ul.warnings li { margin-bottom: 0.4em; }
            .plots { display: flex; flex-wrap: wrap; gap: 1em; }
            figure { margin: 0; }
            figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
            p.note { color: #555; font-size: 0.9em; max-width: 60em; }
            """;

    /** SQNR under this many dB, or saturation over this fraction, is tinted in the table. */
    private static final double LOW_SQNR_DB = 20;
    private static final double HIGH_SATURATION = 0.01;

    private HtmlReportWriter() {
    }

    public static String write(ReportData d) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        String title = d.network() + ": j2cmsis report";
        sb.append("<!DOCTYPE html>\n");
        sb.append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
        sb.append("<meta charset=\"utf-8\"/>\n");
        sb.append("<meta name=\"generator\" content=\"j2cmsis ").append(esc(d.toolVersion())).append("\"/>\n");
        sb.append("<title>").append(esc(title)).append("</title>\n");
        sb.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n");
        header(sb, d);
        layerTable(sb, d);
        sb.append("<p>Totals: RAM <b>").append(d.ramBytes()).append("</b> bytes (activation buffers and scratch), "
                + "flash <b>").append(d.flashBytes()).append("</b> bytes of weights and biases (code not "
                + "included). Per-layer RAM is what the layer needs live: its input and output tensors plus its "
                + "scratch.</p>\n");
        messages(sb, "warnings", "Warnings", d.warnings());
        messages(sb, "notes", "Notes: what j2cmsis decided", d.notes());
        methods(sb, d.methods());
        sqnr(sb, d.layers());
        histograms(sb, d.layers());
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, ReportData d) {
        sb.append("<dl class=\"meta\">\n");
        item(sb, "Source class", d.source());
        item(sb, "Target", d.target());
        item(sb, "Tool", "j2cmsis " + d.toolVersion());
        item(sb, "Input", d.inputQ());
        item(sb, "Output", d.outputQ());
        item(sb, "Calibration", "activation ranges by " + d.rangeMethod() + " on " + d.calibrationSamples()
                + (d.calibrationSamples() == 1 ? " sample" : " samples"));
        item(sb, "Memory", "RAM " + d.ramBytes() + " B, flash " + d.flashBytes() + " B");
        sb.append("</dl>\n");
    }

    private static void item(StringBuilder sb, String term, String value) {
        sb.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    private static void layerTable(StringBuilder sb, ReportData d) {
        sb.append("<h2 id=\"layers\">Layers</h2>\n<div class=\"scroll\">\n<table>\n<thead>\n<tr>");
        for (String h : new String[] {"layer", "kind", "output (HWC)", "params", "MACs", "in", "out", "weights",
            "bias", "bias_shift", "out_shift", "CMSIS function", "RAM B", "flash B", "SQNR dB", "saturated",
            "out frac", "calibrated max|x|"}) {
            sb.append("<th>").append(esc(h)).append("</th>");
        }
        sb.append("</tr>\n</thead>\n<tbody>\n");
        long params = 0;
        long macs = 0;
        List<LayerRow> layers = d.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerRow l = layers.get(i);
            params += l.params();
            macs += l.macs();
            sb.append("<tr>");
            if (l.histogram() != null) {
                sb.append("<td><a href=\"#").append(histId(i)).append("\">").append(esc(l.name()))
                        .append("</a></td>");
            } else {
                cell(sb, "", l.name());
            }
            cell(sb, "", l.kind());
            cell(sb, "", l.shape());
            cell(sb, "n", Long.toString(l.params()));
            cell(sb, "n", Long.toString(l.macs()));
            cell(sb, "q", l.inQ());
            cell(sb, "q", l.outQ());
            cell(sb, "q", l.weightQ());
            cell(sb, "q", l.biasQ());
            cell(sb, "n", l.biasShift());
            cell(sb, "n", l.outShift());
            cell(sb, "f", l.function());
            cell(sb, "n", Integer.toString(l.ramBytes()));
            cell(sb, "n", Integer.toString(l.flashBytes()));
            cell(sb, l.sqnrDb() < LOW_SQNR_DB ? "n warn" : "n", sqnrText(l.sqnrDb()));
            cell(sb, l.saturation() > HIGH_SATURATION ? "n warn" : "n", percent(l.saturation()));
            cell(sb, "n", Integer.toString(l.outFrac()));
            cell(sb, "n", Double.isNaN(l.calibratedMaxAbs()) ? "\u2014" : Xml.real(l.calibratedMaxAbs()));
            sb.append("</tr>\n");
        }
        sb.append("<tr class=\"total\">");
        cell(sb, "", "total");
        cell(sb, "", "");
        cell(sb, "", "");
        cell(sb, "n", Long.toString(params));
        cell(sb, "n", Long.toString(macs));
        for (int i = 0; i < 7; i++) {
            cell(sb, "", "");
        }
        cell(sb, "n", Integer.toString(d.ramBytes()));
        cell(sb, "n", Integer.toString(d.flashBytes()));
        for (int i = 0; i < 4; i++) {
            cell(sb, "", "");
        }
        sb.append("</tr>\n</tbody>\n</table>\n</div>\n");
    }

    private static void cell(StringBuilder sb, String cls, String text) {
        sb.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">").append(esc(text)).append("</td>");
    }

    /** One decimal; "exact" for a bit-exact output (+Infinity), "—" when not computed (NaN). */
    static String sqnrText(double db) {
        if (Double.isNaN(db)) {
            return "\u2014";
        }
        if (Double.isInfinite(db)) {
            return db > 0 ? "exact" : "-\u221e";
        }
        return Xml.fixed(db, 1);
    }

    /** A fraction as a percentage: "0%" only when nothing saturated, "&lt;0.01%" for a trace, "—" for NaN. */
    static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "\u2014";
        }
        if (fraction == 0) {
            return "0%";
        }
        double p = fraction * 100;
        if (p < 0.01) {
            return "<0.01%";
        }
        return Xml.fixed(p, 2) + "%";
    }

    private static void messages(StringBuilder sb, String id, String title, List<String> items) {
        sb.append("<h2 id=\"").append(id).append("\">").append(title).append("</h2>\n");
        if (items.isEmpty()) {
            sb.append("<p>None.</p>\n");
            return;
        }
        sb.append("<ul class=\"warnings\">\n");
        for (String w : items) {
            sb.append("<li>").append(esc(w)).append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    private static void methods(StringBuilder sb, List<MethodResult> methods) {
        if (methods.isEmpty()) {
            return;
        }
        sb.append("<h2 id=\"methods\">Accuracy by range method</h2>\n<table>\n<thead>\n<tr><th>range method</th>"
                + "<th>q7 accuracy</th><th>float accuracy</th><th>q7 \u2212 float</th></tr>\n</thead>\n<tbody>\n");
        for (MethodResult m : methods) {
            sb.append("<tr>");
            cell(sb, "", m.method());
            cell(sb, "n", accuracy(m.q7Accuracy()));
            cell(sb, "n", accuracy(m.floatAccuracy()));
            double delta = (m.q7Accuracy() - m.floatAccuracy()) * 100;
            cell(sb, "n", Double.isNaN(delta) ? "\u2014" : (delta > 0 ? "+" : "") + Xml.fixed(delta, 2) + " pp");
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static String accuracy(double fraction) {
        return Double.isNaN(fraction) ? "\u2014" : Xml.fixed(fraction * 100, 2) + "%";
    }

    private static void sqnr(StringBuilder sb, List<LayerRow> layers) {
        sb.append("<h2 id=\"sqnr\">SQNR per layer</h2>\n");
        sb.append("<p class=\"note\">Signal to quantization-noise ratio of each layer's q7 output against the "
                + "float reference, in dB (higher is better; every 6 dB is about one bit). Layers without a "
                + "computed SQNR are left out; \u201cexact\u201d marks an output with no error at all.</p>\n");
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (LayerRow l : layers) {
            if (!Double.isNaN(l.sqnrDb())) {
                names.add(l.name());
                values.add(l.sqnrDb());
            }
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        sb.append("<figure id=\"sqnr-plot\">\n")
                .append(Plots.svgBarChart("SQNR per layer: q7 output vs float", "layer", "SQNR (dB)", names, v))
                .append("</figure>\n");
    }

    private static void histograms(StringBuilder sb, List<LayerRow> layers) {
        boolean any = layers.stream().anyMatch(l -> l.histogram() != null);
        if (!any) {
            return;
        }
        sb.append("<h2 id=\"histograms\">Activation histograms</h2>\n");
        sb.append("<p class=\"note\">The float output of each layer over the calibration data; counts on a "
                + "<b>log scale</b>. Dashed lines: the representable range [\u2212128, 127]/2<sup>frac</sup> of "
                + "the layer's q7 output format; red: values beyond it, which saturate; dotted: the calibrated "
                + "max |x| the format was chosen from.</p>\n<div class=\"plots\">\n");
        for (int i = 0; i < layers.size(); i++) {
            LayerRow l = layers.get(i);
            Histogram h = l.histogram();
            if (h == null) {
                continue;
            }
            String title = l.name() + " (" + l.kind() + ") output, " + h.total() + " values"
                    + (Double.isNaN(l.saturation()) ? "" : ", " + percent(l.saturation()) + " saturated");
            sb.append("<figure id=\"").append(histId(i)).append("\">\n")
                    .append(Plots.svgHistogram(title, h, l.outQ(), l.outFrac(), l.calibratedMaxAbs()))
                    .append("</figure>\n");
        }
        sb.append("</div>\n");
    }

    private static String histId(int layerIndex) {
        return "hist-" + layerIndex;
    }
}
