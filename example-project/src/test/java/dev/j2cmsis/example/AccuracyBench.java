package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.j2cmsis.sim.eval.Accuracy;
import dev.j2cmsis.sim.runtime.FloatNetwork;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.util.Arrays;
import java.util.Locale;

/**
 * Wall time of the 10,000-image LeNet accuracy check, q7 and s8: every test image quantized, run through the
 * simulator and arg-maxed ({@link Accuracy#predictAll} on all cores, as {@link Main.Evaluation} does), then the
 * top-1 accuracy counted. Also, for comparison, the same on one thread and the whole {@link Main.Evaluation} (float
 * reference and simulator, all cores). 2 warm-up runs, then 7 timed runs: min / median / max; the predictions of
 * every run must equal the single-thread ones. A bench program, not a test (surefire's default includes do not match
 * its name; BENCHMARKS.md has its numbers): {@code mvn -B -pl example-project -am test -Dtest=AccuracyBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dj2cmsis.bench=true}.
 */
class AccuracyBench {
    static final int WARMUP = 2;
    static final int RUNS = 7;

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "j2cmsis.bench", matches = "true")
    void bench() {
        FashionMnist test = TestSet.images();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%d test images, %d cores, %d timed runs after %d warm-up runs%n", test.size(),
                cores, RUNS, WARMUP);
        System.out.println("| network | backend | what | threads | min ms | median ms | max ms | accuracy |");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|");
        run("q7", new FashionLeNetQ7(), new FashionLeNetFloat(), test, cores);
        run("s8", new dev.j2cmsis.example.s8.FashionLeNetS8(), new dev.j2cmsis.example.s8.FashionLeNetFloat(), test,
                cores);
    }

    private static void run(String backend, Q7Network sim, FloatNetwork fl, FashionMnist test, int cores) {
        float[][] x = test.images();
        int[] labels = test.labels();
        int[] sequential = Accuracy.predictAll(x.length, i -> sim.predict(x[i]), 1);
        double accuracy = 100.0 * Accuracy.correct(sequential, labels) / labels.length;
        String name = sim.cName();
        report(name, backend, "simulator accuracy check", cores, accuracy, () -> {
            int[] p = Accuracy.predictAll(x.length, i -> sim.predict(x[i]), cores);
            Accuracy.correct(p, labels);
            assertArrayEquals(sequential, p, "parallel predictions differ from the sequential ones");
        });
        report(name, backend, "simulator accuracy check", 1, accuracy, () -> {
            int[] p = Accuracy.predictAll(x.length, i -> sim.predict(x[i]), 1);
            Accuracy.correct(p, labels);
            assertArrayEquals(sequential, p);
        });
        report(name, backend, "`Main.Evaluation` (float reference + simulator)", cores, accuracy, () -> {
            Main.Evaluation e = Main.Evaluation.run(test, sim, fl, cores);
            assertArrayEquals(sequential, e.q7Predictions());
        });
    }

    private static void report(String name, String backend, String what, int threads, double accuracy,
            Runnable check) {
        double[] ms = new double[RUNS];
        for (int r = -WARMUP; r < RUNS; r++) {
            long t0 = System.nanoTime();
            check.run();
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.0f | %.0f | %.0f | %.2f%% |%n", name, backend, what,
                threads, ms[0], ms[RUNS / 2], ms[RUNS - 1], accuracy);
    }
}
