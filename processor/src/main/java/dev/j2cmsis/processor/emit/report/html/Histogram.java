package dev.j2cmsis.processor.emit.report.html;

import java.util.Arrays;

/**
 * Counts of values in {@code counts.length} equal-width bins over [min, max]; bin i holds
 * [min + i*w, min + (i+1)*w) with w = (max - min) / counts.length, the last bin closed.
 */
public record Histogram(double min, double max, long[] counts) {
    public Histogram {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("histogram range [" + min + ", " + max + "] is not finite and ordered");
        }
        if (counts.length == 0) {
            throw new IllegalArgumentException("histogram has no bins");
        }
        counts = counts.clone();
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative histogram count " + c);
            }
        }
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

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Double.compare(min, h.min) == 0 && Double.compare(max, h.max) == 0
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(min) + Double.hashCode(max)) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[min=" + min + ", max=" + max + ", counts=" + Arrays.toString(counts) + "]";
    }
}
