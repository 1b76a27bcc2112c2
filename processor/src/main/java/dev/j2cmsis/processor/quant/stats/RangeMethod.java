package dev.j2cmsis.processor.quant.stats;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an activation tensor's clipping range is chosen from its calibration |x| histogram; see
 * {@link RangeChooser} for the algorithms. Text forms ({@link #text()}, {@link #parse}): {@code minmax},
 * {@code percentile(99.99)}, {@code kld}, {@code kld(6)}.
 */
public sealed interface RangeMethod permits RangeMethod.MinMax, RangeMethod.Percentile, RangeMethod.Kld {

    /** The largest |x| seen: never saturates on calibration data. The rule the processor has always used. */
    static RangeMethod minmax() {
        return new MinMax();
    }

    /** The |x| below which {@code p} percent of the calibration values lie. */
    static RangeMethod percentile(double p) {
        return new Percentile(p);
    }

    /** Entropy calibration, looking at most {@value Kld#DEFAULT_EXTRA_BITS} bits finer than minmax. */
    static RangeMethod kld() {
        return new Kld(Kld.DEFAULT_EXTRA_BITS);
    }

    String text();

    /** Parses {@link #text()}; throws {@link IllegalArgumentException} naming the accepted forms. */
    static RangeMethod parse(String s) {
        String t = s.strip();
        if (t.equals("minmax")) {
            return minmax();
        }
        if (t.equals("kld")) {
            return kld();
        }
        Matcher m = Pattern.compile("(percentile|kld)\\(\\s*([^)]*?)\\s*\\)").matcher(t);
        if (m.matches()) {
            try {
                return m.group(1).equals("kld") ? new Kld(Integer.parseInt(m.group(2)))
                        : new Percentile(Double.parseDouble(m.group(2)));
            } catch (NumberFormatException e) {
                // fall through to the message naming the accepted forms
            }
        }
        throw new IllegalArgumentException("unknown range method '" + s
                + "'; expected minmax, percentile(P) with 0 < P <= 100 (e.g. percentile(99.99)), kld or kld(N)");
    }

    record MinMax() implements RangeMethod {
        @Override
        public String text() {
            return "minmax";
        }
    }

    /** @param p percent of the values that must lie below the threshold, in (0, 100] */
    record Percentile(double p) implements RangeMethod {
        public Percentile {
            if (!(p > 0 && p <= 100)) {
                throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
            }
        }

        @Override
        public String text() {
            return "percentile(" + BigDecimal.valueOf(p).stripTrailingZeros().toPlainString() + ")";
        }
    }

    /**
     * @param extraBits how many formats finer than the minmax one {@link RangeChooser#chooseFrac} evaluates
     *                  (0..16); each finer format halves the clipping threshold
     */
    record Kld(int extraBits) implements RangeMethod {
        public static final int DEFAULT_EXTRA_BITS = 4;

        public Kld {
            if (extraBits < 0 || extraBits > 16) {
                throw new IllegalArgumentException("kld extra bits must be in 0..16, was " + extraBits);
            }
        }

        @Override
        public String text() {
            return extraBits == DEFAULT_EXTRA_BITS ? "kld" : "kld(" + extraBits + ")";
        }
    }
}
