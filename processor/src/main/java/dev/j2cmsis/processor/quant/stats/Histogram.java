package dev.j2cmsis.processor.quant.stats;

import java.util.Arrays;

/**
 * A fixed-bin histogram over {@code [lo, hi]}: bin {@code i} holds the values in
 * {@code [lo + i * w, lo + (i + 1) * w)} with {@code w = (hi - lo) / bins}, the last bin also holds {@code hi}.
 * When {@code lo == hi} every value is in bin 0. Immutable: the counts are copied in and out.
 *
 * @param lo lower edge of bin 0
 * @param hi upper edge of the last bin; for an |x| histogram, exactly the largest |x| seen
 * @param counts values per bin
 */
public record Histogram(double lo, double hi, long[] counts) {
    public Histogram {
        if (counts.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bin");
        }
        if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("histogram range [" + lo + ", " + hi + "] is not a finite interval");
        }
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public int bins() {
        return counts.length;
    }

    public long count(int bin) {
        return counts[bin];
    }

    public double binWidth() {
        return (hi - lo) / counts.length;
    }

    /** Lower edge of bin {@code i}; {@code edge(bins())} is {@code hi}. */
    public double edge(int i) {
        return i == counts.length ? hi : lo + i * binWidth();
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Double.compare(lo, h.lo) == 0 && Double.compare(hi, h.hi) == 0
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(lo) + Double.hashCode(hi)) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[lo=" + lo + ", hi=" + hi + ", bins=" + counts.length + ", total=" + total() + "]";
    }
}
