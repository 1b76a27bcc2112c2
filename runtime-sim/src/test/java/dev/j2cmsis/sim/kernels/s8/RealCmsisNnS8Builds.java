package dev.j2cmsis.sim.kernels.s8;

import dev.j2cmsis.sim.testing.CmsisNn;
import dev.j2cmsis.sim.testing.CmsisNnS8;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.NativeToolchain.Core;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * kernel_driver_s8.c built with {@code -DJ2CMSIS_DRIVER_USE_CMSIS} against the real CMSIS-NN v7.0.0 of
 * {@code $CMSIS_NN_PATH} ({@link CmsisNnS8}) for each {@link Platform}, in either rounding. The portable twin is
 * linked into the same program, which proves that its symbols never clash with the real library. CMSIS-NN itself
 * is compiled once per platform and rounding into objects under {@code target/cmsis-nn-s8} and reused by every
 * driver and test of the run.
 */
final class RealCmsisNnS8Builds {

    /** Where the real CMSIS-NN runs, and the code path (so the Java target) it takes there. */
    enum Platform {
        HOST(null, S8Target.PLAIN_C, "host"),
        /** mps2-an385: no DSP extension, CMSIS-NN's plain C compiled for Arm. */
        CORTEX_M3(Core.CORTEX_M3, S8Target.PLAIN_C, "Cortex-M3 (QEMU mps2-an385)"),
        /** mps2-an386: {@code ARM_MATH_DSP}. */
        CORTEX_M4(Core.CORTEX_M4, S8Target.DSP, "Cortex-M4 (QEMU mps2-an386)"),
        /** mps3-an547: {@code ARM_MATH_MVEI} (Helium). */
        CORTEX_M55(Core.CORTEX_M55, S8Target.MVE, "Cortex-M55 (QEMU mps3-an547)");

        final Core core;
        final S8Target target;
        final String label;

        Platform(Core core, S8Target target, String label) {
            this.core = core;
            this.target = target;
            this.label = label;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final NativeToolchain TOOLCHAIN = NativeToolchain.defaults();
    private static final Map<String, S8Builds.Executable> DRIVERS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> REPORTED = new ConcurrentHashMap<>();

    private RealCmsisNnS8Builds() {
    }

    /**
     * Aborts the calling test with "skipped: why" unless CMSIS-NN v7.0.0 and the platform's tools are here; the
     * reason is also printed once per reason.
     */
    static Path assumeAvailable(Platform platform) {
        Optional<String> missing = CmsisNnS8.missingReason();
        if (missing.isEmpty()) {
            missing = platform.core == null ? NativeToolchain.hostGccMissing()
                    : NativeToolchain.armToolchainMissing(platform.core).map(why -> "no " + platform.label + " run, "
                            + why);
        }
        missing.ifPresent(why -> {
            if (REPORTED.putIfAbsent(why, Boolean.TRUE) == null) {
                System.out.println("[s8 real CMSIS-NN] skipped: " + why);
            }
            Assumptions.abort("skipped: " + why);
        });
        return CmsisNnS8.path().orElseThrow();
    }

    /** The driver for {@code platform} and {@code rounding}, built on first use (after {@link #assumeAvailable}). */
    static S8Builds.Executable driver(Platform platform, S8Rounding rounding) {
        Path root = assumeAvailable(platform);
        return DRIVERS.computeIfAbsent(platform + "-" + rounding, key -> {
            try {
                return build(platform, rounding, root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static S8Builds.Executable build(Platform platform, S8Rounding rounding, Path root) throws IOException {
        Path cache = S8Builds.workDir().getParent().resolve("cmsis-nn-s8");
        boolean single = rounding == S8Rounding.SINGLE;
        S8Builds.resource(S8Builds.PORTABLE_H);
        List<Path> sources = new ArrayList<>(List.of(S8Builds.resource(S8Builds.DRIVER_C),
                S8Builds.resource(S8Builds.PORTABLE_C)));
        List<Path> includes = new ArrayList<>(List.of(S8Builds.workDir()));
        includes.addAll(CmsisNnS8.includes(root));
        List<String> defines = new ArrayList<>(CmsisNnS8.defines(single));
        defines.add("J2CMSIS_DRIVER_USE_CMSIS");
        String name = "kernel_driver_s8_cmsis_" + platform.tag() + "_" + CmsisNnS8.roundingName(single);
        // The driver includes CMSIS-NN's headers, which are not clean under our warning flags.
        if (platform.core == null) {
            sources.addAll(CmsisNnS8.hostObjects(TOOLCHAIN, root, cache, single));
            Path exe = TOOLCHAIN.compileHost(S8Builds.workDir().resolve(name), sources, includes, defines,
                    CmsisNn.relaxedFlags());
            return new S8Builds.Executable(exe, false);
        }
        sources.addAll(CmsisNnS8.cortexMObjects(TOOLCHAIN, platform.core, root, cache, single));
        Path elf = TOOLCHAIN.compileCortexM(platform.core, S8Builds.workDir().resolve(name + ".elf"), sources,
                includes, defines, CmsisNn.relaxedFlags());
        return new S8Builds.Executable(elf, true, platform.core);
    }
}
