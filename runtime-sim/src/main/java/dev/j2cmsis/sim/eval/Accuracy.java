package dev.j2cmsis.sim.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/** Top-1 accuracy and a parallel prediction loop for evaluating a network over a test set. */
public final class Accuracy {
    private Accuracy() {}

    /**
     * Number of positions where {@code predictions[i] == labels[i]}.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static int correct(int[] predictions, int[] labels) {
        if (predictions.length != labels.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%d predictions but %d labels; pass one prediction per label", predictions.length,
                    labels.length));
        }
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predictions[i] == labels[i]) {
                n++;
            }
        }
        return n;
    }

    /** Top-1 accuracy in [0, 1]: {@link #correct} divided by the count; NaN for empty arrays. */
    public static double top1(int[] predictions, int[] labels) {
        int n = correct(predictions, labels);
        return labels.length == 0 ? Double.NaN : (double) n / labels.length;
    }

    /**
     * Calls {@code predictIndex} for every index {@code 0 .. n-1} on {@code threads} worker threads and
     * returns the results in index order, so the outcome does not depend on scheduling.
     *
     * <p>{@code predictIndex} is called concurrently and must be thread-safe: give each call its own
     * buffers (or use a {@link ThreadLocal} simulator instance). With {@code threads <= 1} everything runs
     * on the calling thread. The pool is created for this call and shut down before it returns.
     *
     * @throws RuntimeException the first exception a prediction threw (by index order of the chunks), with
     *     the index range in its message; remaining work is cancelled
     */
    public static int[] predictAll(int n, IntUnaryOperator predictIndex, int threads) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        int[] out = new int[n];
        if (threads <= 1 || n <= 1) {
            for (int i = 0; i < n; i++) {
                out[i] = predictIndex.applyAsInt(i);
            }
            return out;
        }
        int workers = Math.min(threads, n);
        // A few chunks per worker balance uneven per-item cost without much scheduling overhead.
        int chunks = Math.min(n, workers * 4);
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "j2cmsis-eval-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers, factory);
        try {
            List<Future<?>> futures = new ArrayList<>(chunks);
            List<int[]> ranges = new ArrayList<>(chunks);
            for (int k = 0; k < chunks; k++) {
                int from = (int) ((long) n * k / chunks);
                int to = (int) ((long) n * (k + 1) / chunks);
                ranges.add(new int[] {from, to});
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        out[i] = predictIndex.applyAsInt(i);
                    }
                }));
            }
            for (int k = 0; k < chunks; k++) {
                try {
                    futures.get(k).get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "prediction failed for an index in [%d, %d): %s", ranges.get(k)[0], ranges.get(k)[1],
                            cause), cause);
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for predictions", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // Future.get() orders every worker's writes to out before this point (happens-before).
        return out;
    }
}
