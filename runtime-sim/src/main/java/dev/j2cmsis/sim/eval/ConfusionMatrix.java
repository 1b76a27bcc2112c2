package dev.j2cmsis.sim.eval;

import java.util.Locale;

/**
 * Counts of (true label, prediction) pairs for a {@code classes}-way classifier.
 *
 * <p>Mutable and not thread-safe: fill it from one thread (for instance from the array
 * {@link Accuracy#predictAll} returns), then read it.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[][] counts;
    private long total;

    /** An empty matrix for labels and predictions {@code 0 .. classes-1}. */
    public ConfusionMatrix(int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be > 0, was " + classes);
        }
        this.classes = classes;
        this.counts = new long[classes][classes];
    }

    /** A matrix filled from parallel arrays of labels and predictions. */
    public static ConfusionMatrix of(int classes, int[] labels, int[] predictions) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.addAll(labels, predictions);
        return m;
    }

    /** Counts one sample. */
    public void add(int label, int prediction) {
        check("label", label);
        check("prediction", prediction);
        counts[label][prediction]++;
        total++;
    }

    /** Counts {@code labels[i], predictions[i]} for every i. */
    public void addAll(int[] labels, int[] predictions) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d labels but %d predictions",
                    labels.length, predictions.length));
        }
        for (int i = 0; i < labels.length; i++) {
            add(labels[i], predictions[i]);
        }
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** Samples with true {@code label} predicted as {@code prediction}. */
    public long count(int label, int prediction) {
        check("label", label);
        check("prediction", prediction);
        return counts[label][prediction];
    }

    /** Samples counted. */
    public long total() {
        return total;
    }

    /** Samples on the diagonal. */
    public long correct() {
        long c = 0;
        for (int i = 0; i < classes; i++) {
            c += counts[i][i];
        }
        return c;
    }

    /** {@link #correct()} / {@link #total()}; NaN while empty. */
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct() / total;
    }

    /** Per true class, the fraction predicted correctly; NaN for a class with no samples. */
    public double[] perClassRecall() {
        double[] r = new double[classes];
        for (int i = 0; i < classes; i++) {
            long row = 0;
            for (int j = 0; j < classes; j++) {
                row += counts[i][j];
            }
            r[i] = row == 0 ? Double.NaN : (double) counts[i][i] / row;
        }
        return r;
    }

    /** Per predicted class, the fraction that was right; NaN for a class never predicted. */
    public double[] perClassPrecision() {
        double[] p = new double[classes];
        for (int j = 0; j < classes; j++) {
            long col = 0;
            for (int i = 0; i < classes; i++) {
                col += counts[i][j];
            }
            p[j] = col == 0 ? Double.NaN : (double) counts[j][j] / col;
        }
        return p;
    }

    /**
     * A fixed-width table: one row per true label, one column per prediction, then the recall of the row;
     * a last line with the overall accuracy. Columns are as wide as the largest count needs. Formatted with
     * {@link Locale#ROOT}, lines end with {@code \n}.
     */
    public String render() {
        long max = 0;
        for (long[] row : counts) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        int width = Math.max(Math.max(Long.toString(max).length(), Integer.toString(classes - 1).length()), 3) + 1;
        String cell = "%" + width + "s";
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s", "true\\pred"));
        for (int j = 0; j < classes; j++) {
            b.append(String.format(Locale.ROOT, cell, j));
        }
        b.append("   recall\n");
        double[] recall = perClassRecall();
        for (int i = 0; i < classes; i++) {
            b.append(String.format(Locale.ROOT, "%-10d", i));
            for (int j = 0; j < classes; j++) {
                b.append(String.format(Locale.ROOT, cell, counts[i][j]));
            }
            b.append(String.format(Locale.ROOT, " %8s\n", percent(recall[i])));
        }
        b.append(String.format(Locale.ROOT, "accuracy %s (%d/%d)\n", percent(accuracy()), correct(), total));
        return b.toString();
    }

    /** Same as {@link #render()}. */
    @Override
    public String toString() {
        return render();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private void check(String what, int v) {
        if (v < 0 || v >= classes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d is outside 0..%d", what, v,
                    classes - 1));
        }
    }
}
