package dev.j2cmsis.example;

import dev.j2cmsis.sim.testing.RiscvToolchain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable C of every example network on RISC-V (RV64GC, as the K210's cores), where no CMSIS-NN exists:
 * built with -DJ2CMSIS_PORTABLE by riscv64-linux-gnu-gcc, run under qemu-riscv64 user mode through the harness's
 * file mode, and compared byte for byte with the simulator on the first 1,000 test images.
 */
class RiscvPortableTest {
    static final int IMAGES = 1000;

    @BeforeAll
    static void tools() {
        Optional<String> missing = RiscvToolchain.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
    }

    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void portableKernelsOnRiscv64(ExampleNet net, @TempDir Path tmp) throws Exception {
        net.writeRecords(tmp, IMAGES);
        Path exe = RiscvToolchain.compile(tmp.resolve("harness_rv64"), GeneratedCTest.networkSources(net),
                List.of(TestSet.GENERATED), List.of("J2CMSIS_PORTABLE"), List.of("-pedantic"));
        GeneratedCTest.check(net, RiscvToolchain.run(exe, List.of("inputs.bin", "expected.bin", "actual.bin"), tmp,
                Duration.ofMinutes(5)), tmp, IMAGES);
    }
}
