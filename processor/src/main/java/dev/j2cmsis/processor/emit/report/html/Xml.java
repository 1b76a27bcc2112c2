package dev.j2cmsis.processor.emit.report.html;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Escaping and number text shared by the HTML and the SVG: one place decides how a number is spelled. */
final class Xml {
    private Xml() {
    }

    /**
     * Text safe in element content and in double-quoted attributes of both HTML and XML. Characters XML 1.0
     * forbids (most C0 controls, lone surrogates) become U+FFFD, so the file stays well-formed XML.
     */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\r' -> sb.append(' ');
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n') || Character.isSurrogate(c)
                            || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** An SVG coordinate: one decimal at most, no "-0". */
    static String px(double v) {
        long tenths = Math.round(v * 10);
        if (tenths > -(1L << 52) && tenths < 1L << 52) {
            // The digits of round(10 v) / 10 in "%.1f", without a Formatter: a report has thousands of coordinates.
            long a = Math.abs(tenths);
            return tenths == 0 ? "0" : a % 10 == 0 ? Long.toString(tenths / 10)
                    : (tenths < 0 ? "-" : "") + a / 10 + "." + a % 10;
        }
        double r = tenths / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    /** {@code v} with {@code decimals} decimals, never "-0.0". */
    static String fixed(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.startsWith("-") && s.chars().noneMatch(ch -> ch >= '1' && ch <= '9')) {
            s = s.substring(1);
        }
        return s;
    }

    /** A real value as a person reads it: three significant digits, no exponent, no trailing zeros. */
    static String real(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
