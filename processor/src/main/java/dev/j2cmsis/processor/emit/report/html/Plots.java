package dev.j2cmsis.processor.emit.report.html;

import static dev.j2cmsis.processor.emit.report.html.Xml.esc;
import static dev.j2cmsis.processor.emit.report.html.Xml.px;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's plots as inline SVG, written as text so the report needs neither a browser nor Python to
 * build. Every SVG is well-formed XML with its own white background, sized for about 640x320, and uses only
 * presentation attributes (no CSS, no script), so it renders the same inline and standalone.
 */
final class Plots {
    static final String SVG_NS = "http://www.w3.org/2000/svg";
    static final int WIDTH = 640;
    static final int HEIGHT = 320;

    private static final String BLUE = "#4e79a7";
    private static final String RED = "#e15759";
    private static final String ORANGE = "#e07b00";
    private static final String GREEN = "#59a14f";
    private static final String GRID = "#e0e0e0";
    private static final String INK = "#333333";
    private static final int MAX_LABEL = 20;
    /** A white outline under text drawn over bars or lines. */
    private static final String HALO = "stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" "
            + "paint-order=\"stroke\"";

    private Plots() {
    }

    /**
     * A vertical bar chart, one bar per finite or infinite value: NaN values are left out, +Infinity is drawn
     * as a bar capped at the top of the axis (with a break mark) and marked "exact", -Infinity as a bar
     * reaching the bottom marked "-inf".
     */
    static String svgBarChart(String title, String xLabel, String yLabel, List<String> labels, double[] values) {
        if (labels.size() != values.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + values.length + " values");
        }
        List<Integer> shown = new ArrayList<>();
        double lo = 0;
        double hi = 0;
        boolean anyFinite = false;
        boolean negInf = false;
        int longest = 1;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                continue;
            }
            shown.add(i);
            longest = Math.max(longest, Math.min(MAX_LABEL, labels.get(i).length()));
            if (Double.isFinite(v)) {
                anyFinite = true;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            } else if (v < 0) {
                negInf = true;
            }
        }
        if (!anyFinite || hi == lo) {
            hi = lo + 10;
        }
        if (negInf && lo == 0) {
            lo = -(hi - lo) * 0.15;
        }
        double step = niceStep(hi - lo, 5);
        double yMin = Math.floor(lo / step + 1e-9) * step;
        // headroom over the tallest finite bar, so a capped "exact" bar stands clearly above it
        double yMax = Math.ceil((hi + 0.12 * (hi - lo)) / step - 1e-9) * step;
        int n = shown.size();
        // rotated by 45 degrees, a label of k characters at ~6 px each reaches k * 6 * sin 45 pixels down
        // and as far left, so the first label needs that much room left of its bar
        int labelDrop = (int) Math.ceil(longest * 6.0 * Math.sqrt(0.5));
        int left = Math.max(60, labelDrop - 4);
        int right = 16;
        int top = 48;
        int width = Math.max(WIDTH, left + right + n * 30);
        double slot = (double) (width - left - right) / Math.max(n, 1);
        int below = 14 + labelDrop + 26;
        int plotH = Math.max(190, HEIGHT - top - below);
        int bottom = top + plotH;
        int height = bottom + below;

        StringBuilder s = open(width, height, title);
        text(s, width / 2.0, 22, "middle", "font-size=\"14\" font-weight=\"bold\"", title);
        Axis y = new Axis(yMin, yMax, bottom, top);
        for (double t = yMin; t <= yMax + step * 1e-6; t += step) {
            double tv = Math.round(t / step) * step;
            double yy = y.at(tv);
            line(s, left, yy, width - right, yy, tv == 0 ? INK : GRID, "");
            text(s, left - 6, yy + 4, "end", "", Xml.fixed(tv, decimals(step)));
        }
        line(s, left, top, left, bottom, INK, "");
        line(s, left, bottom, width - right, bottom, INK, "");
        double barW = Math.min(40, slot * 0.7);
        double y0 = y.at(0);
        for (int j = 0; j < n; j++) {
            int i = shown.get(j);
            double v = values[i];
            String label = labels.get(i);
            double xc = left + slot * (j + 0.5);
            double x0 = xc - barW / 2;
            if (Double.isFinite(v)) {
                double y1 = y.at(v);
                rect(s, x0, Math.min(y0, y1), barW, Math.abs(y1 - y0), BLUE, "bar",
                        label + ": " + Xml.fixed(v, 1));
                if (slot >= 22) {
                    text(s, xc, v >= 0 ? y1 - 3 : y1 + 11, "middle", "font-size=\"9\"", Xml.fixed(v, 1));
                }
            } else if (v > 0) {
                rect(s, x0, top, barW, y0 - top, GREEN, "bar exact", label + ": exact (no quantization error)");
                // the break mark says the bar does not end where the axis does
                s.append("<path d=\"M").append(px(x0 - 2)).append(',').append(px(top + 14)).append(" L")
                        .append(px(x0 + barW + 2)).append(',').append(px(top + 8)).append(" M").append(px(x0 - 2))
                        .append(',').append(px(top + 19)).append(" L").append(px(x0 + barW + 2)).append(',')
                        .append(px(top + 13)).append("\" stroke=\"#ffffff\" stroke-width=\"2.5\" fill=\"none\"/>\n");
                text(s, xc, top - 4, "middle", "font-size=\"10\" font-weight=\"bold\" fill=\"" + GREEN + "\"",
                        "exact");
            } else {
                rect(s, x0, y0, barW, bottom - y0, RED, "bar neginf", label + ": -inf (no signal)");
                text(s, xc, bottom - 4, "middle", "font-size=\"10\" font-weight=\"bold\" fill=\"#ffffff\"", "-inf");
            }
            line(s, xc, bottom, xc, bottom + 4, INK, "");
            String shortLabel = label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL - 1) + "\u2026" : label;
            s.append("<text transform=\"translate(").append(px(xc + 3)).append(',').append(px(bottom + 12))
                    .append(") rotate(-45)\" text-anchor=\"end\">").append(esc(shortLabel)).append("</text>\n");
        }
        if (n == 0) {
            text(s, left + (width - left - right) / 2.0, top + plotH / 2.0, "middle", "fill=\"#777777\"",
                    "no values to plot");
        }
        axisLabels(s, width, height, left, right, top, bottom, xLabel, yLabel);
        return s.append("</svg>\n").toString();
    }

    /**
     * A histogram of a layer's float output with counts on a log scale (activations are peaked near zero
     * with long tails, which a linear scale flattens to nothing), the q7 range of its output format as two
     * dashed lines with a dimension line labelled with the format, the calibrated max |x| as dotted lines,
     * and everything outside the representable range shaded red: bars (or the parts of bars) there saturate.
     */
    static String svgHistogram(String title, Histogram h, String qFormat, int frac, double calibratedMaxAbs) {
        double qlo = Math.scalb(-128.0, -frac);
        double qhi = Math.scalb(127.0, -frac);
        double hmin = h.min();
        double hmax = h.max();
        if (hmax == hmin) {
            // every value equal: give the single spike a visible width of about one q7 step
            double pad = Math.max(Math.abs(hmin) * 0.02, Math.scalb(0.5, -frac));
            hmin -= pad;
            hmax += pad;
        }
        boolean hasCal = Double.isFinite(calibratedMaxAbs) && calibratedMaxAbs > 0;
        double lo = Math.min(hmin, qlo);
        double hi = Math.max(hmax, qhi);
        if (hasCal) {
            lo = Math.min(lo, -calibratedMaxAbs);
            hi = Math.max(hi, calibratedMaxAbs);
        }
        double pad = (hi - lo) * 0.03;
        lo -= pad;
        hi += pad;

        int width = WIDTH;
        int height = HEIGHT;
        int left = 64;
        int right = 20;
        int top = 64;
        int bottom = height - 56;
        Axis x = new Axis(lo, hi, left, width - right);
        long maxCount = 0;
        for (long c : h.counts()) {
            maxCount = Math.max(maxCount, c);
        }
        // log axis from half a count, so a bin holding one value still shows
        double logLo = Math.log10(0.5);
        int decades = Math.max(1, (int) Math.ceil(Math.log10(Math.max(1, maxCount) * 1.5)));
        Axis y = new Axis(logLo, decades, bottom, top);

        StringBuilder s = open(width, height, title);
        text(s, width / 2.0, 20, "middle", "font-size=\"14\" font-weight=\"bold\"", title);
        legend(s, left, 38, qFormat, hasCal ? calibratedMaxAbs : Double.NaN);

        double xlo = x.at(qlo);
        double xhi = x.at(qhi);
        rect(s, left, top, xlo - left, bottom - top, RED, "satzone", null, "fill-opacity=\"0.12\"");
        rect(s, xhi, top, width - right - xhi, bottom - top, RED, "satzone", null, "fill-opacity=\"0.12\"");

        int decadeStep = (decades + 1 + 5) / 6;
        for (int e = 0; e <= decades; e += decadeStep) {
            double yy = y.at(e);
            line(s, left, yy, width - right, yy, GRID, "");
            text(s, left - 6, yy + 4, "end", "", e <= 4 ? Long.toString((long) Math.pow(10, e)) : "1e" + e);
        }
        double step = niceStep(hi - lo, 8);
        int dec = decimals(step);
        for (long k = (long) Math.ceil(lo / step); k * step <= hi; k++) {
            double t = k * step;
            double xx = x.at(t);
            line(s, xx, top, xx, bottom, k == 0 ? "#bbbbbb" : GRID, "");
            line(s, xx, bottom, xx, bottom + 4, INK, "");
            text(s, xx, bottom + 16, "middle", "", Xml.fixed(t, dec));
        }

        double w = (hmax - hmin) / h.bins();
        for (int i = 0; i < h.bins(); i++) {
            long c = h.count(i);
            if (c == 0) {
                continue;
            }
            double a = hmin + i * w;
            double b = i == h.bins() - 1 ? hmax : hmin + (i + 1) * w;
            double yc = y.at(Math.log10(c));
            if (a < qlo) {
                bar(s, x, a, Math.min(b, qlo), yc, bottom, RED, "bar sat");
            }
            if (Math.max(a, qlo) < Math.min(b, qhi)) {
                bar(s, x, Math.max(a, qlo), Math.min(b, qhi), yc, bottom, BLUE, "bar");
            }
            if (b > qhi) {
                bar(s, x, Math.max(a, qhi), b, yc, bottom, RED, "bar sat");
            }
        }
        if (maxCount == 0) {
            text(s, left + (width - left - right) / 2.0, top + (bottom - top) / 2.0, "middle", "fill=\"#777777\"",
                    "no values counted");
        }

        for (double zoneMid : new double[] {(left + xlo) / 2, (xhi + width - right) / 2}) {
            double zoneW = zoneMid < xlo ? xlo - left : width - right - xhi;
            if (zoneW >= 60) {
                text(s, zoneMid, top + 30, "middle", "font-size=\"10\" fill=\"" + RED + "\" " + HALO, "saturates");
            }
        }
        line(s, xlo, top - 8, xlo, bottom, INK, "stroke-width=\"1.5\" stroke-dasharray=\"6 3\" class=\"range\"");
        line(s, xhi, top - 8, xhi, bottom, INK, "stroke-width=\"1.5\" stroke-dasharray=\"6 3\" class=\"range\"");
        // a dimension line over the plot names the range; its label cannot collide with anything
        line(s, xlo, top - 8, xhi, top - 8, INK, "");
        String rangeText = qFormat + ": [" + Xml.real(qlo) + ", " + Xml.real(qhi) + "]";
        double half = rangeText.length() * 3.3;
        double mid = Math.max(left + half, Math.min(width - right - half, (xlo + xhi) / 2));
        text(s, mid, top - 12, "middle", "font-size=\"11\" class=\"rangelabel\"", rangeText);
        if (hasCal) {
            for (double v : new double[] {-calibratedMaxAbs, calibratedMaxAbs}) {
                double xx = x.at(v);
                line(s, xx, top, xx, bottom, ORANGE, "stroke-width=\"1.5\" stroke-dasharray=\"2 2\" class=\"calmax\"");
            }
            // labelled on the inner side, away from the range line that usually sits just outside it, unless
            // the lines are too close together for that; the halo keeps it legible over bars
            double xx = x.at(calibratedMaxAbs);
            boolean inside = xx - x.at(-calibratedMaxAbs) >= 100;
            boolean outsideFits = xx + 42 <= width - right;
            if (inside || outsideFits) {
                text(s, inside ? xx - 3 : xx + 3, top + 12, inside ? "end" : "start",
                        "font-size=\"10\" fill=\"" + ORANGE + "\" " + HALO, "max|x|");
            }
        }
        line(s, left, top, left, bottom, INK, "");
        line(s, left, bottom, width - right, bottom, INK, "");
        axisLabels(s, width, height, left, right, top, bottom, "output value (real units)", "count (log scale)");
        return s.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder s, double x, double y, String qFormat, double cal) {
        double at = x;
        at = swatch(s, at, y, BLUE, "in range");
        at = swatch(s, at, y, RED, "saturates");
        line(s, at, y - 4, at + 18, y - 4, INK, "stroke-width=\"1.5\" stroke-dasharray=\"6 3\"");
        String q = "q7 range of " + qFormat;
        text(s, at + 22, y, "start", "", q);
        at += 22 + q.length() * 6.2 + 14;
        if (!Double.isNaN(cal)) {
            line(s, at, y - 4, at + 18, y - 4, ORANGE, "stroke-width=\"1.5\" stroke-dasharray=\"2 2\"");
            text(s, at + 22, y, "start", "", "calibrated max|x| = " + Xml.real(cal));
        }
    }

    private static double swatch(StringBuilder s, double at, double y, String color, String label) {
        rect(s, at, y - 9, 10, 10, color, null, null);
        text(s, at + 14, y, "start", "", label);
        return at + 14 + label.length() * 6.2 + 14;
    }

    private static void bar(StringBuilder s, Axis x, double a, double b, double yTop, double bottom, String color,
            String cls) {
        double x0 = x.at(a);
        // a bin narrower than a pixel still shows as a hairline
        double wpx = Math.max(0.6, x.at(b) - x0);
        rect(s, x0, yTop, wpx, bottom - yTop, color, cls, null);
    }

    private static void axisLabels(StringBuilder s, int width, int height, int left, int right, int top,
            int bottom, String xLabel, String yLabel) {
        text(s, left + (width - left - right) / 2.0, height - 10, "middle", "font-size=\"12\"", xLabel);
        s.append("<text transform=\"translate(16,").append(px((top + bottom) / 2.0))
                .append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">").append(esc(yLabel))
                .append("</text>\n");
    }

    private static StringBuilder open(int width, int height, String title) {
        StringBuilder s = new StringBuilder(8192);
        s.append("<svg xmlns=\"").append(SVG_NS).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"11\" fill=\"")
                .append(INK).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
        s.append("<title>").append(esc(title)).append("</title>\n");
        s.append("<rect width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>\n");
        return s;
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String attrs, String text) {
        s.append("<text x=\"").append(px(x)).append("\" y=\"").append(px(y)).append('"');
        if (!anchor.equals("start")) {
            s.append(" text-anchor=\"").append(anchor).append('"');
        }
        if (!attrs.isEmpty()) {
            s.append(' ').append(attrs);
        }
        s.append('>').append(esc(text)).append("</text>\n");
    }

    private static void line(StringBuilder s, double x1, double y1, double x2, double y2, String color,
            String attrs) {
        s.append("<line x1=\"").append(px(x1)).append("\" y1=\"").append(px(y1)).append("\" x2=\"").append(px(x2))
                .append("\" y2=\"").append(px(y2)).append("\" stroke=\"").append(color).append('"');
        if (!attrs.isEmpty()) {
            s.append(' ').append(attrs);
        }
        s.append("/>\n");
    }

    private static void rect(StringBuilder s, double x, double y, double w, double h, String fill, String cls,
            String tooltip) {
        rect(s, x, y, w, h, fill, cls, tooltip, "");
    }

    private static void rect(StringBuilder s, double x, double y, double w, double h, String fill, String cls,
            String tooltip, String attrs) {
        if (!(w > 0) || !(h > 0)) {
            return;
        }
        s.append("<rect x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" width=\"").append(px(w))
                .append("\" height=\"").append(px(h)).append("\" fill=\"").append(fill).append('"');
        if (cls != null) {
            s.append(" class=\"").append(cls).append('"');
        }
        if (!attrs.isEmpty()) {
            s.append(' ').append(attrs);
        }
        if (tooltip == null) {
            s.append("/>\n");
        } else {
            s.append("><title>").append(esc(tooltip)).append("</title></rect>\n");
        }
    }

    /** 1, 2 or 5 times a power of ten, giving about {@code target} steps over {@code span}. */
    static double niceStep(double span, int target) {
        double raw = span / target;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
        return nice * mag;
    }

    /** Decimals that show every multiple of a 1-2-5 step exactly. */
    static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }

    /** A linear map from data values to pixels. */
    private record Axis(double lo, double hi, double pxLo, double pxHi) {
        double at(double v) {
            return pxLo + (v - lo) / (hi - lo) * (pxHi - pxLo);
        }
    }
}
