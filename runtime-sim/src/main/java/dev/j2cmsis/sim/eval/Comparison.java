package dev.j2cmsis.sim.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Element-by-element comparison of q7 outputs, typically the Java simulator's against the C code's, with a
 * report of where they differ. Bytes are compared and reported as signed int8 (q7) values.
 */
public final class Comparison {
    /** How many mismatches a report lists in detail unless told otherwise. */
    public static final int DEFAULT_KEEP = 10;

    private Comparison() {}

    /**
     * One differing element.
     *
     * @param item index of the output (sample) in a list comparison; 0 for a single array
     * @param index element index within the output
     * @param expected the expected q7 value
     * @param actual the actual q7 value
     */
    public record Mismatch(int item, int index, int expected, int actual) {
        /** {@code actual - expected}. */
        public int diff() {
            return actual - expected;
        }
    }

    /**
     * The outcome of a comparison. Immutable.
     *
     * @param items outputs compared (1 for a single array)
     * @param compared elements compared (over the common length where lengths differ)
     * @param mismatches elements that differ
     * @param maxAbsDiff largest {@code |actual - expected|}, 0 when all equal
     * @param itemsWithMismatch outputs with at least one differing element
     * @param first up to {@code keep} mismatches, in (item, index) order
     * @param problems structural differences: item counts or lengths that disagree
     */
    public record Report(int items, long compared, long mismatches, int maxAbsDiff, int itemsWithMismatch,
            List<Mismatch> first, List<String> problems) {
        /** Copies the lists. */
        public Report {
            first = List.copyOf(first);
            problems = List.copyOf(problems);
        }

        /** Whether everything matched: no differing element and no structural problem. */
        public boolean identical() {
            return mismatches == 0 && problems.isEmpty();
        }

        /** The first mismatch, if any. */
        public Optional<Mismatch> firstMismatch() {
            return first.isEmpty() ? Optional.empty() : Optional.of(first.get(0));
        }

        /** A few lines for logs and assertion messages; Locale.ROOT, {@code \n} line ends. */
        public String render() {
            StringBuilder b = new StringBuilder();
            if (identical()) {
                b.append(String.format(Locale.ROOT, "identical: %d elements in %d output(s)\n", compared, items));
                return b.toString();
            }
            b.append(String.format(Locale.ROOT,
                    "%d of %d elements differ (%.4f%%) in %d of %d output(s), max |diff| %d\n", mismatches,
                    compared, compared == 0 ? 0.0 : 100.0 * mismatches / compared, itemsWithMismatch, items,
                    maxAbsDiff));
            for (String p : problems) {
                b.append("  ").append(p).append('\n');
            }
            for (Mismatch m : first) {
                b.append(String.format(Locale.ROOT, "  output %d [%d]: expected %d, actual %d (diff %+d)\n",
                        m.item(), m.index(), m.expected(), m.actual(), m.diff()));
            }
            if (mismatches > first.size()) {
                b.append(String.format(Locale.ROOT, "  ... %d more\n", mismatches - first.size()));
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** Compares two q7 arrays, listing the first {@value #DEFAULT_KEEP} mismatches. */
    public static Report compare(byte[] expected, byte[] actual) {
        return compareAll(List.of(expected), List.of(actual), DEFAULT_KEEP);
    }

    /** Compares two lists of q7 outputs item by item, listing the first {@value #DEFAULT_KEEP} mismatches. */
    public static Report compareAll(List<byte[]> expected, List<byte[]> actual) {
        return compareAll(expected, actual, DEFAULT_KEEP);
    }

    /**
     * Compares two lists of q7 outputs item by item. Where item counts or lengths differ, the common part
     * is compared and the difference is listed under {@link Report#problems()}.
     *
     * @param keep how many mismatches to list in detail ({@code >= 0})
     */
    public static Report compareAll(List<byte[]> expected, List<byte[]> actual, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be >= 0, was " + keep);
        }
        List<String> problems = new ArrayList<>();
        List<Mismatch> first = new ArrayList<>();
        int items = Math.min(expected.size(), actual.size());
        if (expected.size() != actual.size()) {
            problems.add(String.format(Locale.ROOT, "expected %d outputs, actual %d; compared the first %d",
                    expected.size(), actual.size(), items));
        }
        long compared = 0;
        long mismatches = 0;
        int maxAbs = 0;
        int itemsWithMismatch = 0;
        for (int it = 0; it < items; it++) {
            byte[] e = expected.get(it);
            byte[] a = actual.get(it);
            int n = Math.min(e.length, a.length);
            if (e.length != a.length) {
                problems.add(String.format(Locale.ROOT,
                        "output %d: expected %d elements, actual %d; compared the first %d", it, e.length, a.length,
                        n));
            }
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (e[i] != a[i]) {
                    any = true;
                    mismatches++;
                    maxAbs = Math.max(maxAbs, Math.abs(a[i] - e[i]));
                    if (first.size() < keep) {
                        first.add(new Mismatch(it, i, e[i], a[i]));
                    }
                }
            }
            compared += n;
            if (any) {
                itemsWithMismatch++;
            }
        }
        return new Report(items, compared, mismatches, maxAbs, itemsWithMismatch, first, problems);
    }
}
