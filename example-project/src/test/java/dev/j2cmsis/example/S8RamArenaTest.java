package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.testing.CmsisNnS8;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.NativeToolchain.Core;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The static RAM of each s8 example network: the header's arena size for each CMSIS-NN code path equals the
 * report's, is the lower bound (the most bytes live at one layer) on the planned target, and is the {@code .bss}
 * that {@code arm-none-eabi-size} finds in {@code <net>.o} built with the portable kernels (plain-C layout) and, when
 * {@code CMSIS_NN_PATH} is set, built with CMSIS-NN's headers for the planned core (that path's layout).
 */
class S8RamArenaTest {
    /** The header's three layouts, in its order: MVE, DSP, plain C. */
    private static int[] arenas(String header, String up) {
        Matcher m = Pattern.compile("#define " + up + "_ARENA_BYTES (\\d+)\n").matcher(header);
        int[] a = new int[3];
        for (int k = 0; k < 3; k++) {
            assertTrue(m.find(), header);
            a[k] = Integer.parseInt(m.group(1));
        }
        return a;
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void headerReportAndObjectAgreeAtTheLowerBound(S8Net net, @TempDir Path tmp) throws Exception {
        String up = net.cName().toUpperCase(Locale.ROOT);
        String header = Files.readString(S8Net.GENERATED.resolve(net.cName() + ".h"));
        String report = Files.readString(S8Net.GENERATED.resolve(net.cName() + "_report.md"));
        int[] arena = arenas(header, up);
        Matcher t = Pattern.compile("int8 API, (MVE|DSP|plain-C)").matcher(report);
        assertTrue(t.find(), report);
        int planned = switch (t.group(1)) {
            case "MVE" -> arena[0];
            case "DSP" -> arena[1];
            default -> arena[2];
        };
        assertEquals(planned, RamArenaTest.number(report, "\nRAM: (\\d+) bytes on"), "report");
        assertEquals(RamArenaTest.number(report, "\\(the lower bound\\) are (\\d+)"), planned, "above the lower bound");
        Matcher paths = Pattern.compile("path's layout \\(plain-C (\\d+), DSP (\\d+), MVE \\(Helium\\) (\\d+)\\)")
                .matcher(report);
        assertTrue(paths.find(), report);
        for (int k = 0; k < 3; k++) {
            assertEquals(arena[2 - k], Integer.parseInt(paths.group(k + 1)), "path " + k);
        }
        Optional<String> missing = NativeToolchain.armToolchainMissing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped (object size): " + missing.orElse(""));
        assertEquals(arena[2], bss(tmp.resolve("portable"), Core.CORTEX_M4, net, List.of("J2CMSIS_PORTABLE"),
                List.of()), "portable build: plain-C layout");
    }

    @ParameterizedTest
    @EnumSource(S8Net.class)
    void objectBuiltWithCmsisNnHeadersHasThePlannedTargetsArena(S8Net net, @TempDir Path tmp) throws Exception {
        Optional<String> nn = CmsisNnS8.missingReason();
        Assumptions.assumeTrue(nn.isEmpty(), () -> "skipped: " + nn.orElse(""));
        Optional<String> missing = NativeToolchain.armToolchainMissing(Core.CORTEX_M55);
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        String up = net.cName().toUpperCase(Locale.ROOT);
        int[] arena = arenas(Files.readString(S8Net.GENERATED.resolve(net.cName() + ".h")), up);
        Matcher t = Pattern.compile("int8 API, (MVE|DSP|plain-C)").matcher(
                Files.readString(S8Net.GENERATED.resolve(net.cName() + "_report.md")));
        assertTrue(t.find());
        int k = t.group(1).equals("MVE") ? 0 : t.group(1).equals("DSP") ? 1 : 2;
        Core core = k == 0 ? Core.CORTEX_M55 : k == 1 ? Core.CORTEX_M4 : Core.CORTEX_M3;
        assertEquals(arena[k], bss(tmp, core, net, List.of(), CmsisNnS8.includes(CmsisNnS8.path().orElseThrow())),
                "CMSIS-NN build for " + core);
    }

    private static int bss(Path dir, Core core, S8Net net, List<String> defines, List<Path> includes)
            throws Exception {
        List<Path> inc = new ArrayList<>(includes);
        inc.add(S8Net.GENERATED);
        Files.createDirectories(dir);
        Path obj = NativeToolchain.defaults().compileCortexMObjects(core, dir,
                List.of(S8Net.GENERATED.resolve(net.cName() + ".c")), inc, defines, List.of()).get(0);
        Process p = new ProcessBuilder("arm-none-eabi-size", obj.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, out);
        return RamArenaTest.number(out, "\n\\s*\\d+\\s+\\d+\\s+(\\d+)\\s");
    }
}
