package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.testing.NativeToolchain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The static RAM of each example network: the header's {@code <NET>_RAM_BYTES}, the report's figure and the
 * {@code .bss} that {@code arm-none-eabi-size} finds in the compiled {@code <net>.o} are one number, and it is the
 * lower bound (the most bytes live at any step), so the lifetime arena wastes nothing on these networks.
 */
class RamArenaTest {
    @ParameterizedTest
    @EnumSource(ExampleNet.class)
    void headerReportAndObjectAgreeAtTheLowerBound(ExampleNet net, @TempDir Path tmp) throws Exception {
        String header = Files.readString(TestSet.GENERATED.resolve(net.cName() + ".h"));
        String up = net.cName().toUpperCase(java.util.Locale.ROOT);
        int ram = define(header, up + "_RAM_BYTES");
        assertEquals(define(header, up + "_RAM_LOWER_BOUND_BYTES"), ram, "arena above the lower bound");
        assertEquals(ram, number(report(net), "\nRAM: (\\d+) bytes"), "report");

        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped (object size): " + missing.orElse(""));
        Path obj = NativeToolchain.defaults().compileCortexMObjects(NativeToolchain.Core.CORTEX_M4, tmp,
                List.of(TestSet.GENERATED.resolve(net.cName() + ".c")), List.of(TestSet.GENERATED),
                List.of("J2CMSIS_PORTABLE"), List.of()).get(0);
        Process p = new ProcessBuilder("arm-none-eabi-size", obj.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, out);
        // Berkeley format, "text data bss dec hex file": bss sums every .bss.* section (-fdata-sections).
        assertEquals(ram, number(out, "\n\\s*\\d+\\s+\\d+\\s+(\\d+)\\s"), out);
    }

    private static String report(ExampleNet net) throws IOException {
        try (InputStream in = RamArenaTest.class.getResourceAsStream(net.cName() + "_report.md")) {
            assertTrue(in != null, "no report for " + net);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static int define(String header, String name) {
        return number(header, "#define " + name + " (\\d+)\n");
    }

    static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in\n" + text);
        return Integer.parseInt(m.group(1));
    }
}
