package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.board.BoardFailure;
import dev.j2cmsis.sim.board.BoardValidator;
import dev.j2cmsis.sim.board.ValidationResult;
import dev.j2cmsis.sim.testing.CmsisNn;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.QemuUartBoard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board workflow end to end, with QEMU as the board: FashionLeNet's generated harness in serial mode
 * (-DJ2CMSIS_HARNESS_SERIAL) on an emulated Cortex-M4 (mps2-an386) whose CMSDK UART0 is a loopback TCP socket,
 * and {@link BoardValidator} streaming test images through it and comparing every answer with the simulator.
 * Firmware variants with a test-only fault prove that a corrupted byte, a board that resets and one that stops
 * answering are each reported precisely, in bounded time.
 */
class BoardSerialTest {
    static final int IMAGES = 1000;
    static final ExampleNet NET = ExampleNet.LENET;

    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
    }

    /** The serial firmware: generated network + harness + protocol + CMSDK UART support, plus {@code defines}. */
    static Path firmware(String name, Path cmsis, List<String> defines) {
        return firmware(NET, name, cmsis, defines);
    }

    static Path firmware(ExampleNet net, String name, Path cmsis, List<String> defines) {
        List<Path> sources = new ArrayList<>(GeneratedCTest.networkSources(net));
        sources.add(TestSet.GENERATED.resolve("j2cmsis_serial.c"));
        sources.add(TestSet.GENERATED.resolve("j2cmsis_bsp_cmsdk_uart.c"));
        List<Path> includes = new ArrayList<>();
        List<String> d = new ArrayList<>(List.of("J2CMSIS_HARNESS_SERIAL", "J2CMSIS_BSP_CMSDK_UART"));
        List<String> flags = List.of();
        if (cmsis == null) {
            d.add("J2CMSIS_PORTABLE");
        } else {
            sources.addAll(CmsisNn.legacySources(cmsis));
            includes.addAll(CmsisNn.includes(cmsis));
            flags = CmsisNn.relaxedFlags();
        }
        includes.add(TestSet.GENERATED);
        d.addAll(defines);
        return NativeToolchain.defaults().compileCortexM4(dir.resolve(name + ".elf"), sources, includes, d, flags);
    }

    static ValidationResult validate(Path elf, int n, BoardValidator.Options options) throws Exception {
        return validate(NET, elf, n, options);
    }

    static ValidationResult validate(ExampleNet net, Path elf, int n, BoardValidator.Options options)
            throws Exception {
        try (QemuUartBoard board = QemuUartBoard.start(elf, Duration.ofSeconds(30))) {
            ValidationResult r = new BoardValidator(net.q7(), options).validate(board.transport(),
                    net.inputs().subList(0, n), Arrays.copyOf(TestSet.images().labels(), n));
            System.out.println(r.render().strip());
            return r;
        }
    }

    static void assertAllIdentical(ValidationResult r) {
        assertTrue(r.identical(), r.render());
        assertEquals(IMAGES, r.answered());
        assertEquals(IMAGES, r.labelled());
        assertEquals(r.simulatorCorrect(), r.boardCorrect(), r.render());
        // The simulator's accuracy is checked against float in AccuracyTest; a LeNet this good is far above chance.
        assertTrue(r.boardAccuracy() > 0.85, r.render());
    }

    @Test
    void portableKernelsThousandImagesOverTheUart() throws Exception {
        // WFI between bytes: QEMU idles instead of spinning while the host prepares the next image.
        assertAllIdentical(validate(firmware("serial_portable", null, List.of("J2CMSIS_BSP_CMSDK_UART_WFI")), IMAGES,
                BoardValidator.Options.defaults()));
    }

    @Test
    void realCmsisNnThousandImagesOverTheUart() throws Exception {
        Optional<String> missing = CmsisNn.missingReason();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        assertAllIdentical(validate(firmware("serial_cmsis", CmsisNn.path().orElseThrow(),
                List.of("J2CMSIS_BSP_CMSDK_UART_WFI")), IMAGES,
                BoardValidator.Options.defaults()));
    }

    @Test
    void aFirmwareThatCorruptsOneByteIsCaughtAtThatImage() throws Exception {
        // With the layer trace built in, the validator runs image 137 again layer by layer: every one of the 12
        // layers' outputs must equal the simulator's trace, which also proves the trace path of the harness.
        ValidationResult r = validate(firmware("serial_corrupt", null, List.of("J2CMSIS_SERIAL_TEST_CORRUPT=137",
                "FASHION_LENET_TRACE")), 200, BoardValidator.Options.defaults());
        assertTrue(r.failure().isEmpty(), r.render());
        assertEquals(200, r.answered());
        ValidationResult.Difference d = r.firstDifference().orElseThrow(() -> new AssertionError(r.render()));
        assertEquals(137, d.image());
        assertEquals(137 % 10, d.mismatch().index());
        assertEquals(1, d.differing());
        assertEquals(0x10, (d.mismatch().expected() ^ d.mismatch().actual()) & 0xFF);
        assertEquals(1, r.agreement().itemsWithMismatch(), r.render());
        assertTrue(d.hint().contains("single bit"), d.hint());
        String layer = d.layer().orElseThrow(() -> new AssertionError(r.render()));
        assertTrue(layer.contains("all 12 layers and the output equal") && layer.contains("does not reproduce"),
                layer);
    }

    @Test
    void aQ15NetworkTracesEveryLayerWhole() throws Exception {
        // The trace hook takes bytes, two per value of a q15 layer: the q15 LeNet's firmware builds with the trace
        // under -Werror, and the validator compares every layer, q15 ones included, whole with the simulator's.
        ValidationResult r = validate(ExampleNet.LENET_Q15, firmware(ExampleNet.LENET_Q15, "serial_q15_corrupt",
                null, List.of("J2CMSIS_SERIAL_TEST_CORRUPT=37", "FASHION_LENET_Q15_TRACE")), 50,
                BoardValidator.Options.defaults());
        assertTrue(r.failure().isEmpty(), r.render());
        ValidationResult.Difference d = r.firstDifference().orElseThrow(() -> new AssertionError(r.render()));
        assertEquals(37, d.image());
        String layer = d.layer().orElseThrow(() -> new AssertionError(r.render()));
        assertTrue(layer.contains("layers and the output equal") && layer.contains("does not reproduce"), layer);
    }

    @Test
    void aFirmwareThatResetsIsCaughtAtThatImage() throws Exception {
        ValidationResult r = validate(firmware("serial_reset", null, List.of("J2CMSIS_SERIAL_TEST_RESET=20")), 100,
                BoardValidator.Options.defaults());
        BoardFailure f = r.failure().orElseThrow(() -> new AssertionError(r.render()));
        assertEquals(BoardFailure.Kind.RESET, f.kind(), r.render());
        assertEquals(20, f.image());
        assertEquals(20, r.answered());
    }

    @Test
    void aFirmwareThatStopsAnsweringTimesOutAtThatImage() throws Exception {
        long start = System.nanoTime();
        ValidationResult r = validate(firmware("serial_stall", null, List.of("J2CMSIS_SERIAL_TEST_STALL=50")), 200,
                BoardValidator.Options.defaults().withInference(Duration.ofSeconds(2)));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        BoardFailure f = r.failure().orElseThrow(() -> new AssertionError(r.render()));
        assertEquals(BoardFailure.Kind.TIMEOUT, f.kind(), r.render());
        assertEquals(50, f.image());
        assertEquals(50, r.answered());
        assertTrue(r.agreement().identical(), "the 50 answers before the stall are right");
        assertTrue(seconds < 60, seconds + " s including the build");
    }
}
