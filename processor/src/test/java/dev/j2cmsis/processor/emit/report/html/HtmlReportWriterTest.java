package dev.j2cmsis.processor.emit.report.html;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportWriterTest {
    private static final String XHTML = "http://www.w3.org/1999/xhtml";

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document doc, String ns, String name) {
        NodeList nodes = doc.getElementsByTagNameNS(ns, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static List<String> texts(Element e, String ns, String name) {
        NodeList nodes = e.getElementsByTagNameNS(ns, name);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void theReportIsWellFormedXhtmlWithOneSvgPerHistogramAndOneForSqnr() throws Exception {
        ReportData d = Samples.tiny();
        Document doc = parse(HtmlReportWriter.write(d));
        assertEquals("html", doc.getDocumentElement().getLocalName());
        assertEquals(XHTML, doc.getDocumentElement().getNamespaceURI());
        long histograms = d.layers().stream().filter(l -> l.histogram() != null).count();
        List<Element> svgs = elements(doc, Plots.SVG_NS, "svg");
        assertEquals(histograms + 1, svgs.size());
        for (Element svg : svgs) {
            List<String> titles = texts(svg, Plots.SVG_NS, "title");
            assertThat(titles).isNotEmpty();
            assertThat(titles.get(0)).isNotEmpty();
            assertThat(svg.getAttribute("viewBox")).isNotEmpty();
        }
        // one table row per layer plus the total, 18 columns each
        List<Element> rows = elements(doc, XHTML, "tr");
        Element firstLayer = rows.get(1);
        assertEquals(18, firstLayer.getElementsByTagNameNS(XHTML, "td").getLength());
        assertThat(texts(doc.getDocumentElement(), XHTML, "th")).containsAtLeast("SQNR dB", "saturated",
                "calibrated max|x|");
    }

    @Test
    void headerNamesSourceTargetToolFormatsAndCalibration() throws Exception {
        String html = HtmlReportWriter.write(Samples.tiny());
        String text = parse(html).getElementsByTagNameNS(XHTML, "dl").item(0).getTextContent();
        assertThat(text).contains("tiny.TinyNet");
        assertThat(text).contains("cortex-m4");
        assertThat(text).contains("j2cmsis 0.1.0");
        assertThat(text).contains("Q1.6");
        assertThat(text).contains("Q0.7");
        assertThat(text).contains("activation ranges by minmax on 48 samples");
        assertThat(html).contains("Accuracy by range method");
        assertThat(html).contains("<td class=\"n\">97.12%</td>");
        assertThat(html).contains("-0.38 pp");
        assertThat(html).contains("<h2 id=\"warnings\">Warnings</h2>\n<ul class=\"warnings\">\n<li>[j2cmsis:target] "
                + "&#39;pool2&#39;");
        assertThat(html).contains("<h2 id=\"notes\">Notes: what j2cmsis decided</h2>\n<ul class=\"warnings\">\n"
                + "<li>[j2cmsis:kernel] &#39;pool1&#39;");
    }

    @Test
    void textIsEscapedEverywhere() throws Exception {
        LayerRow bad = new LayerRow("x<&y\"'", "K<i>nd", "1", 0, 0, "Q0.7", "Q0.7", "", "", "", "", "f&g", 1, 0,
                10, 0, 7, 0.5, Samples.laplace(-1, 1, 8, 0, 0.3, 100));
        ReportData d = new ReportData("n<&t", "a.B<C>", "t&t", "1<2", "Q0.7", "Q0.7", 1, "m<&>", List.of(bad), 1, 0,
                List.of("<script>alert(1)</script> & more"), List.of(), List.of(new MethodResult("<m&>", 0.5, 0.5)));
        String html = HtmlReportWriter.write(d);
        assertThat(html).doesNotContain("x<&y");
        assertThat(html).doesNotContain("<script");
        assertThat(html).doesNotContain("n<&t");
        assertThat(html).contains("x&lt;&amp;y&quot;&#39;");
        Document doc = parse(html);
        Element link = elements(doc, XHTML, "a").get(0);
        assertEquals("x<&y\"'", link.getTextContent());
        assertThat(texts(doc.getDocumentElement(), XHTML, "li")).containsExactly(
                "<script>alert(1)</script> & more");
        // the SVG labels and titles carry the name too, parsed back unharmed
        assertThat(texts(doc.getDocumentElement(), Plots.SVG_NS, "text")).contains("x<&y\"'");
        assertThat(elements(doc, XHTML, "title").get(0).getTextContent()).isEqualTo("n<&t: j2cmsis report");
    }

    @Test
    void charactersXmlForbidsDoNotBreakTheFile() throws Exception {
        LayerRow l = new LayerRow("a\u0000b\u0007c\uD800", "k", "1", 0, 0, "Q0.7", "Q0.7", "", "", "", "", "f", 1, 0,
                Double.NaN, Double.NaN, 7, Double.NaN, null);
        String html = HtmlReportWriter.write(new ReportData("n", "s", "t", "v", "Q0.7", "Q0.7", 0, "m", List.of(l),
                0, 0, List.of(), List.of(), List.of()));
        parse(html);
        assertThat(html).contains("a\uFFFDb\uFFFDc\uFFFD");
    }

    @Test
    void outputIsDeterministicAndLocaleIndependent() {
        String a = HtmlReportWriter.write(Samples.tiny());
        assertEquals(a, HtmlReportWriter.write(Samples.tiny()));
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("de", "DE"));
            assertEquals(a, HtmlReportWriter.write(Samples.tiny()));
            Locale.setDefault(new Locale("ar", "EG"));
            assertEquals(a, HtmlReportWriter.write(Samples.tiny()));
        } finally {
            Locale.setDefault(saved);
        }
        assertThat(a).doesNotContain("\r");
        assertThat(a).endsWith("</html>\n");
    }

    @Test
    void theFileIsSelfContained() {
        String html = HtmlReportWriter.write(Samples.tiny());
        assertThat(html).doesNotContain("<script");
        assertThat(html).doesNotContain(" src=");
        assertThat(html).doesNotContain("url(");
        assertThat(html).doesNotContain("@import");
        assertThat(html).doesNotContain("<link");
        Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        int links = 0;
        while (m.find()) {
            assertThat(m.group(1)).startsWith("#");
            assertThat(html).contains("id=\"" + m.group(1).substring(1) + "\"");
            links++;
        }
        assertEquals(5, links, "one link per layer with a histogram");
    }

    @Test
    void sqnrNaNAndInfinityAreSpelledAndPlottedAsTold() throws Exception {
        Document doc = parse(HtmlReportWriter.write(Samples.tiny()));
        List<Element> rows = elements(doc, XHTML, "tr");
        // columns: ... 14 = SQNR dB, 15 = saturated
        assertEquals("38.2", cell(rows.get(1), 14));
        assertEquals("0.21%", cell(rows.get(1), 15));
        assertEquals("exact", cell(rows.get(2), 14));
        assertEquals("0%", cell(rows.get(2), 15));
        assertEquals("\u2014", cell(rows.get(7), 14));
        assertEquals("\u2014", cell(rows.get(7), 15));
        assertEquals("6.25%", cell(rows.get(8), 15));
        Element sqnr = elements(doc, Plots.SVG_NS, "svg").get(0);
        List<String> labels = texts(sqnr, Plots.SVG_NS, "text");
        assertThat(labels).contains("conv1");
        assertThat(labels).doesNotContain("flatten");
        assertThat(labels).contains("exact");
        assertThat(labels).contains("SQNR (dB)");
        assertEquals(8, countClass(sqnr, "bar"), "9 layers, one without SQNR");
        assertEquals(3, countClass(sqnr, "exact"));
    }

    private static String cell(Element row, int column) {
        return row.getElementsByTagNameNS(XHTML, "td").item(column).getTextContent();
    }

    private static int countClass(Element svg, String cls) {
        NodeList all = svg.getElementsByTagNameNS(Plots.SVG_NS, "*");
        int n = 0;
        for (int i = 0; i < all.getLength(); i++) {
            String c = ((Element) all.item(i)).getAttribute("class");
            if (List.of(c.split(" ")).contains(cls)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void histogramMarksTheQ7RangeTheCalibratedMaxAndTheSaturatedValues() throws Exception {
        Histogram h = Samples.laplace(-9.6, 9.1, 96, 0.2, 1.1, 27648);
        Element svg = parse(Plots.svgHistogram("conv1", h, "Q3.4", 4, 7.3)).getDocumentElement();
        assertEquals(2, countClass(svg, "range"));
        assertEquals(2, countClass(svg, "calmax"));
        assertEquals(2, countClass(svg, "satzone"));
        assertThat(countClass(svg, "sat")).isGreaterThan(0);
        List<String> text = texts(svg, Plots.SVG_NS, "text");
        assertThat(text).contains("Q3.4: [-8, 7.94]");
        assertThat(text).contains("calibrated max|x| = 7.3");
        assertThat(text).contains("count (log scale)");
        assertThat(text).contains("output value (real units)");
        assertThat(text).containsAtLeast("1", "10", "100", "1000");

        // a histogram inside the range has no saturated bars
        Element inside = parse(Plots.svgHistogram("in", Samples.laplace(-3, 3, 32, 0, 1, 1000), "Q3.4", 4, 3))
                .getDocumentElement();
        assertEquals(0, countClass(inside, "sat"));
        assertEquals(32, countClass(inside, "bar"));
    }

    @Test
    void degenerateHistogramsStillDraw() throws Exception {
        parse(Plots.svgHistogram("zero", new Histogram(0, 0, new long[] {42}), "Q0.7", 7, 0));
        parse(Plots.svgHistogram("empty", new Histogram(-1, 1, new long[4]), "Q0.7", 7, Double.NaN));
        parse(Plots.svgHistogram("negative frac", Samples.laplace(-300, 250, 20, 0, 50, 10), "Q8.-1", -1, 255));
        parse(Plots.svgBarChart("none", "x", "y", List.of(), new double[0]));
        parse(Plots.svgBarChart("all exact", "x", "y", List.of("a", "b"),
                new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}));
        Element neg = parse(Plots.svgBarChart("neg", "x", "y", List.of("a", "b", "c"),
                new double[] {-3.5, Double.NEGATIVE_INFINITY, 12})).getDocumentElement();
        assertEquals(1, countClass(neg, "neginf"));
        assertThat(texts(neg, Plots.SVG_NS, "text")).contains("-3.5");
    }

    @Test
    void helpersSpellNumbersPlainly() {
        assertEquals("\u2014", HtmlReportWriter.sqnrText(Double.NaN));
        assertEquals("exact", HtmlReportWriter.sqnrText(Double.POSITIVE_INFINITY));
        assertEquals("0.0", HtmlReportWriter.sqnrText(-0.04), "no minus zero");
        assertEquals("<0.01%", HtmlReportWriter.percent(1e-7));
        assertEquals("100.00%", HtmlReportWriter.percent(1));
        assertEquals(5.0, Plots.niceStep(23, 5));
        assertEquals(0.2, Plots.niceStep(0.9, 5), 1e-12);
        assertEquals(1, Plots.decimals(0.2));
        assertEquals(0, Plots.decimals(50));
        assertEquals("7.94", Xml.real(7.9375));
        assertEquals("0.00781", Xml.real(0.0078125));
        assertEquals("128", Xml.real(128));
    }

    @Test
    void recordsCopyWhatTheyAreGiven() {
        long[] counts = {1, 2, 3};
        Histogram h = new Histogram(0, 1, counts);
        counts[0] = 99;
        assertEquals(1, h.counts()[0]);
        h.counts()[1] = 99;
        assertEquals(2, h.count(1));
        assertEquals(new Histogram(0, 1, new long[] {1, 2, 3}), h);
        List<String> warnings = new ArrayList<>(List.of("w"));
        ReportData d = new ReportData("n", "s", "t", "v", "Q0.7", "Q0.7", 0, "m", List.of(), 0, 0, warnings,
                List.of(), List.of());
        warnings.add("later");
        assertThat(d.warnings()).containsExactly("w");
        assertThrows(UnsupportedOperationException.class, () -> d.warnings().add("x"));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(1, 0, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(0, 1, new long[0]));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(0, Double.NaN, new long[] {1}));
    }

    /** Writes the sample report and its SVGs under target/ to look at (rsvg-convert, a browser). */
    @Test
    void writesTheSampleForLookingAt() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "html-report"));
        String html = HtmlReportWriter.write(Samples.tiny());
        Files.writeString(dir.resolve("tiny_net_report.html"), html);
        Matcher m = Pattern.compile("<svg .*?</svg>\n", Pattern.DOTALL).matcher(html);
        int i = 0;
        while (m.find()) {
            Files.writeString(dir.resolve("plot-" + i++ + ".svg"), m.group());
        }
        assertEquals(6, i);
        // the awkward cases, to look at as well
        List<String> names = new ArrayList<>();
        double[] v = new double[30];
        for (int k = 0; k < v.length; k++) {
            names.add((k % 3 == 0 ? "encoder_block_" : "l") + k + (k % 7 == 0 ? "_depthwise_conv3x3" : ""));
            v[k] = k % 5 == 4 ? Double.POSITIVE_INFINITY : 45 - 2.1 * k;
        }
        v[3] = Double.NaN;
        v[8] = Double.NEGATIVE_INFINITY;
        Files.writeString(dir.resolve("edge-bars.svg"), Plots.svgBarChart("30 layers", "layer", "SQNR (dB)", names,
                v));
        Files.writeString(dir.resolve("edge-wide.svg"), Plots.svgHistogram("data far beyond Q3.4",
                Samples.laplace(-100, 120, 110, 0, 12, 50000), "Q3.4", 4, 9.5));
        Files.writeString(dir.resolve("edge-spike.svg"), Plots.svgHistogram("all zero",
                new Histogram(0, 0, new long[] {4096}), "Q0.7", 7, 0));
    }
}
