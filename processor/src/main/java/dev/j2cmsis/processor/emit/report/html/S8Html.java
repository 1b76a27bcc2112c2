package dev.j2cmsis.processor.emit.report.html;

import static dev.j2cmsis.processor.emit.report.html.Xml.esc;

import java.util.List;
import java.util.Map;

/**
 * The HTML report of an s8 network: the same layer table as its Markdown report, the SQNR per layer as a bar chart,
 * and every weighted layer's per-channel weight scales. Like {@link HtmlReportWriter}, it only lays out figures the
 * planner decided; the s8 quantization (affine scales and zero points) has no Q formats, so it has its own table.
 */
public final class S8Html {
    private S8Html() {
    }

    /**
     * @param meta     term, value pairs for the header
     * @param table    the header row, then one row per layer, then the totals row
     * @param scales   per weighted layer (in order), its per-channel weight scales
     */
    public static String write(String title, String toolVersion, List<String[]> meta, List<String[]> table,
                               String totals, List<String> warnings, List<String> notes, List<String> sqnrLabels,
                               double[] sqnr, Map<String, float[]> scales) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
        sb.append("<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\"j2cmsis ").append(esc(toolVersion))
                .append("\"/>\n<title>").append(esc(title)).append("</title>\n<style>\n")
                .append(HtmlReportWriter.CSS).append("</style>\n</head>\n<body>\n<h1>").append(esc(title))
                .append("</h1>\n<dl class=\"meta\">\n");
        for (String[] m : meta) {
            sb.append("<dt>").append(esc(m[0])).append("</dt><dd>").append(esc(m[1])).append("</dd>\n");
        }
        sb.append("</dl>\n<h2 id=\"layers\">Layers</h2>\n<div class=\"scroll\">\n<table>\n<thead>\n<tr>");
        for (String h : table.get(0)) {
            sb.append("<th>").append(esc(h)).append("</th>");
        }
        sb.append("</tr>\n</thead>\n<tbody>\n");
        for (String[] r : table.subList(1, table.size())) {
            sb.append("<tr>");
            for (String c : r) {
                sb.append("<td>").append(esc(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n</div>\n<p>").append(esc(totals)).append("</p>\n");
        list(sb, "Warnings", warnings);
        list(sb, "Notes: what j2cmsis decided", notes);
        sb.append("<h2 id=\"sqnr\">SQNR per layer</h2>\n")
                .append(Plots.svgBarChart("SQNR of each layer's int8 output against the float network", "layer",
                        "SQNR (dB)", sqnrLabels, sqnr)).append('\n');
        sb.append("<h2 id=\"scales\">Per-channel weight scales</h2>\n");
        for (Map.Entry<String, float[]> e : scales.entrySet()) {
            StringBuilder v = new StringBuilder();
            for (float f : e.getValue()) {
                v.append(v.length() == 0 ? "" : ", ").append(f);
            }
            sb.append("<p><b>").append(esc(e.getKey())).append("</b> (").append(e.getValue().length)
                    .append(" channels): ").append(esc(v.toString())).append("</p>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void list(StringBuilder sb, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("<h2>").append(esc(title)).append("</h2>\n<ul>\n");
        for (String i : items) {
            sb.append("<li>").append(esc(i)).append("</li>\n");
        }
        sb.append("</ul>\n");
    }
}
