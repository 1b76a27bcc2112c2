package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.j2cmsis.sim.testing.NativeToolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Make fragments as a firmware Makefile uses them: two networks included in one build (the
 * portable kernels listed once), each harness built with host gcc from nothing but the fragments' variables,
 * and run (its 16 golden vectors).
 */
class BuildFragmentTest {
    @Test
    void makeFragmentsBuildTwoNetworksInOneMakefile(@TempDir Path dir) throws Exception {
        NativeToolchain.hostGccMissing().ifPresent(r -> Assumptions.abort("skipped: " + r));
        if (!new java.io.File("/usr/bin/make").canExecute()) {
            Assumptions.abort("skipped: no /usr/bin/make");
        }
        Path gen = TestSet.GENERATED.toAbsolutePath();
        String makefile = "J2CMSIS_PORTABLE := 1\n"
                + "include " + gen + "/fashion_lenet.mk\n"
                + "include " + gen + "/fashion_tanh.mk\n"
                + "CFLAGS := -std=c99 -O1 $(addprefix -I,$(FASHION_LENET_INCLUDES) $(FASHION_TANH_INCLUDES)) "
                + "$(addprefix -D,$(J2CMSIS_DEFINES))\n"
                + "all: lenet tanh\n"
                + "\t./lenet && ./tanh\n"
                + "lenet:\n\tgcc $(CFLAGS) -o $@ $(FASHION_LENET_SOURCES) $(FASHION_LENET_HARNESS) $(J2CMSIS_SOURCES) -lm\n"
                + "tanh:\n\tgcc $(CFLAGS) -o $@ $(FASHION_TANH_SOURCES) $(FASHION_TANH_HARNESS) $(J2CMSIS_SOURCES) -lm\n"
                + "print:\n\t@echo $(words $(J2CMSIS_SOURCES)) $(J2CMSIS_DEFINES)\n";
        Files.writeString(dir.resolve("Makefile"), makefile);
        assertEquals("2 J2CMSIS_PORTABLE", run(dir, "print").strip());
        run(dir, "all");
    }

    private static String run(Path dir, String target) throws Exception {
        Process p = new ProcessBuilder("make", "-s", target).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.MINUTES);
        assertEquals(0, p.exitValue(), "make " + target + ":\n" + out);
        return out;
    }
}
