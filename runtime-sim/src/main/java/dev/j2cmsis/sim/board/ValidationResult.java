package dev.j2cmsis.sim.board;

import dev.j2cmsis.sim.eval.Comparison;
import dev.j2cmsis.sim.runtime.Q7;
import dev.j2cmsis.sim.runtime.Q7Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link BoardValidator} run found. Immutable.
 *
 * @param link the transport, e.g. {@code tcp:127.0.0.1:40123}
 * @param info what the board said in the handshake, empty if it never answered
 * @param requested images to validate
 * @param boardOutputs the board's answers, in order (as many as were answered)
 * @param agreement board against simulator over the answered images
 * @param firstDifference the first answered image whose output differs from the simulator's
 * @param labelled answered images that had a label
 * @param boardCorrect of those, how many the board's arg-max got right
 * @param simulatorCorrect of those, how many the simulator's arg-max got right
 * @param elapsed wall time from the first INFER to the last answer
 * @param cycles cycles per inference, when the firmware measured them
 * @param failure why the run stopped early
 */
public record ValidationResult(String link, Optional<SerialProtocol.BoardInfo> info, int requested,
        List<byte[]> boardOutputs, Comparison.Report agreement, Optional<Difference> firstDifference, int labelled,
        int boardCorrect, int simulatorCorrect, Duration elapsed, Optional<LongSummaryStatistics> cycles,
        Optional<BoardFailure> failure) {

    public ValidationResult {
        boardOutputs = List.copyOf(boardOutputs);
    }

    /**
     * The first differing output of an image, with a guess at the cause.
     *
     * @param image 0-based image index
     * @param mismatch the first differing element (its {@code item} is the image)
     * @param differing how many elements of this image's output differ
     * @param hint a first guess from the shape of the difference
     * @param layer what a layer trace of this image found, when the firmware can trace
     */
    public record Difference(int image, Comparison.Mismatch mismatch, int differing, String hint,
            Optional<String> layer) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "image %d: %d of its outputs differ, first [%d] board %d, "
                    + "simulator %d; %s", image, differing, mismatch.index(), mismatch.actual(), mismatch.expected(),
                    layer.map(l -> l + "; ").orElse("") + hint);
        }
    }

    public int answered() {
        return boardOutputs.size();
    }

    /** Every image answered, every byte equal to the simulator's. */
    public boolean identical() {
        return failure.isEmpty() && answered() == requested && agreement.identical();
    }

    public double boardAccuracy() {
        return labelled == 0 ? Double.NaN : (double) boardCorrect / labelled;
    }

    public double simulatorAccuracy() {
        return labelled == 0 ? Double.NaN : (double) simulatorCorrect / labelled;
    }

    /** Answered images per second of streaming. */
    public double imagesPerSecond() {
        return elapsed.isZero() ? 0 : answered() / (elapsed.toNanos() / 1e9);
    }

    /** A few lines for logs and assertion messages. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "board validation on %s: %s\n", link,
                identical() ? "IDENTICAL to the simulator" : failure.isPresent() ? "FAILED" : "DIFFERS"));
        b.append("  board: ").append(info.map(Object::toString).orElse("no handshake")).append('\n');
        b.append(String.format(Locale.ROOT, "  images: %d of %d answered, %d identical to the simulator\n",
                answered(), requested, answered() - agreement.itemsWithMismatch()));
        if (labelled > 0) {
            b.append(String.format(Locale.ROOT, "  accuracy: board %.2f%%, simulator %.2f%% (%d labelled)\n",
                    100 * boardAccuracy(), 100 * simulatorAccuracy(), labelled));
        }
        b.append(String.format(Locale.ROOT, "  throughput: %.1f images/s (%.1f ms each, transfer included)\n",
                imagesPerSecond(), answered() == 0 ? 0.0 : elapsed.toNanos() / 1e6 / answered()));
        b.append(cycles.map(c -> String.format(Locale.ROOT, "  cycles per inference: min %d, mean %.0f, max %d\n",
                c.getMin(), c.getAverage(), c.getMax())).orElse("  cycles per inference: not reported by the firmware\n"));
        firstDifference.ifPresent(d -> b.append("  first difference: ").append(d).append('\n'));
        if (!agreement.identical()) {
            b.append("  ").append(agreement.render().strip().replace("\n", "\n  ")).append('\n');
        }
        failure.ifPresent(f -> b.append("  stopped: ").append(f).append('\n'));
        return b.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    /** Collects a run as it goes. */
    static final class Builder {
        private final List<byte[]> inputs;
        private final int[] labels;
        private final Q7Network simulator;
        private final String link;
        private final List<byte[]> board = new ArrayList<>();
        private final List<byte[]> expected = new ArrayList<>();
        private final LongSummaryStatistics cycles = new LongSummaryStatistics();
        private SerialProtocol.BoardInfo info;
        private BoardFailure failure;
        private int firstDiffering = -1;
        private String trace;

        Builder(List<byte[]> inputs, int[] labels, Q7Network simulator, String link) {
            this.inputs = inputs;
            this.labels = labels;
            this.simulator = simulator;
            this.link = link;
        }

        void info(SerialProtocol.BoardInfo i) {
            info = i;
        }

        boolean handshaken() {
            return info != null;
        }

        int answered() {
            return board.size();
        }

        void answer(byte[] output, long cyc) {
            byte[] sim = simulator.run(inputs.get(board.size()));
            if (firstDiffering < 0 && !java.util.Arrays.equals(sim, output)) {
                firstDiffering = board.size();
            }
            expected.add(sim);
            board.add(output);
            if (cyc != SerialProtocol.NO_CYCLES) {
                cycles.accept(cyc);
            }
        }

        /** The first answered image that differs from the simulator, or -1. */
        int firstDiffering() {
            return firstDiffering;
        }

        boolean failed() {
            return failure != null;
        }

        void trace(String finding) {
            trace = finding;
        }

        void fail(BoardFailure f) {
            if (failure == null) {
                failure = f;
            }
        }

        ValidationResult build(long elapsedNanos) {
            Comparison.Report agreement = Comparison.compareAll(expected, board);
            Difference first = null;
            if (firstDiffering >= 0) {
                Comparison.Report one = Comparison.compare(expected.get(firstDiffering), board.get(firstDiffering));
                Comparison.Mismatch m = one.firstMismatch().orElseThrow();
                first = new Difference(firstDiffering, new Comparison.Mismatch(firstDiffering, m.index(),
                        m.expected(), m.actual()), (int) one.mismatches(), hint(one), Optional.ofNullable(trace));
            }
            int labelled = 0;
            int boardOk = 0;
            int simOk = 0;
            if (labels != null) {
                for (int i = 0; i < board.size(); i++) {
                    labelled++;
                    boardOk += Q7.argmax(board.get(i)) == labels[i] ? 1 : 0;
                    simOk += Q7.argmax(expected.get(i)) == labels[i] ? 1 : 0;
                }
            }
            return new ValidationResult(link, Optional.ofNullable(info), inputs.size(), board, agreement,
                    Optional.ofNullable(first), labelled, boardOk, simOk, Duration.ofNanos(elapsedNanos),
                    cycles.getCount() > 0 ? Optional.of(cycles) : Optional.empty(), Optional.ofNullable(failure));
        }

        /**
         * A first guess from the shape of the difference (off by one before a flipped bit: rounding is the usual
         * arithmetic difference); the layer itself needs a trace of that image.
         */
        private String hint(Comparison.Report one) {
            Comparison.Mismatch m = one.firstMismatch().orElseThrow();
            int xor = (m.expected() ^ m.actual()) & 0xFF;
            String trace = this.trace != null ? "see the layer trace" : "to find the layer, build the firmware with -D"
                    + simulator.cName().toUpperCase(Locale.ROOT) + "_TRACE: the validator then traces this image";
            if (one.maxAbsDiff() == 1) {
                return "off by one: rounding; check that ARM_NN_TRUNCATE is not defined and that the firmware was "
                        + "built for the planned target (the CMSIS DSP and plain-C paths differ); " + trace;
            }
            if (one.mismatches() == 1 && Integer.bitCount(xor) == 1) {
                return "a single bit of a single byte flipped: memory or transfer corruption on the board rather than "
                        + "arithmetic (the frame's CRC was right, so it happened before sending); " + trace;
            }
            return "arithmetic differs; check the CMSIS version (5.9.0) and that the generated files are from the "
                    + "same build as the simulator; " + trace;
        }
    }
}
