package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the C side of the kernel tests with {@link NativeToolchain}: kernel_driver.c linked with the portable twin
 * or with the real CMSIS-NN 5.9.0 from {@code $CMSIS_PATH}, for the host, for a Cortex-M4 (DSP path) or for a
 * Cortex-M3 (plain-C path); the ARM builds run under QEMU. Everything goes under {@code target/kernel-c}, which is
 * also the working directory of every run, so the driver is handed relative file names (semihosting resolves them
 * there).
 */
final class KernelBuilds {

    static final String PORTABLE_C = "dev/j2cmsis/sim/c/j2cmsis_portable.c";
    static final String PORTABLE_H = "dev/j2cmsis/sim/c/j2cmsis_portable.h";
    static final String DRIVER_C = "dev/j2cmsis/sim/kernels/kernel_driver.c";

    static final NativeToolchain TOOLCHAIN = NativeToolchain.defaults();

    private static final Set<Target> REPORTED = ConcurrentHashMap.newKeySet();

    /** CMSIS-NN is third-party code: built as its own CMake files do, without our warning flags. */
    static final List<String> CMSIS_HOST_FLAGS = List.of("-std=c99", "-O2");

    /**
     * CMSIS-NN 5.9.0 sources the driver needs on every path: the kernels, plus the im2col and matrix helpers their
     * {@code ARM_MATH_DSP} branches call ({@code _fast} conv: the reordered q7-to-q15 copy and mat-mult kernel;
     * basic/RGB conv: the plain ones; avepool: {@code arm_q7_to_q15_no_shift}; the depthwise kernels need none).
     */
    static final List<String> CMSIS_SOURCES = List.of(
            "ConvolutionFunctions/arm_convolve_HWC_q7_basic.c",
            "ConvolutionFunctions/arm_convolve_HWC_q7_fast.c",
            "ConvolutionFunctions/arm_convolve_HWC_q7_RGB.c",
            "ConvolutionFunctions/arm_convolve_HWC_q7_basic_nonsquare.c",
            "ConvolutionFunctions/arm_convolve_HWC_q7_fast_nonsquare.c",
            "ConvolutionFunctions/arm_convolve_1x1_HWC_q7_fast_nonsquare.c",
            "ConvolutionFunctions/arm_depthwise_separable_conv_HWC_q7.c",
            "ConvolutionFunctions/arm_depthwise_separable_conv_HWC_q7_nonsquare.c",
            "ConvolutionFunctions/arm_nn_mat_mult_kernel_q7_q15.c",
            "ConvolutionFunctions/arm_nn_mat_mult_kernel_q7_q15_reordered.c",
            "FullyConnectedFunctions/arm_fully_connected_q7.c",
            "FullyConnectedFunctions/arm_fully_connected_q7_opt.c",
            "PoolingFunctions/arm_pool_q7_HWC.c",
            "ActivationFunctions/arm_relu_q7.c",
            "ActivationFunctions/arm_nn_activations_q7.c",
            "SoftmaxFunctions/arm_softmax_q7.c",
            "NNSupportFunctions/arm_nntables.c",
            "NNSupportFunctions/arm_q7_to_q15_no_shift.c",
            "NNSupportFunctions/arm_q7_to_q15_reordered_no_shift.c");

    /** Where a driver is built for and run. */
    enum Target {
        HOST("host"),
        /** {@code -mcpu=cortex-m4}: {@code __ARM_FEATURE_DSP}, so CMSIS-NN takes its {@code ARM_MATH_DSP} path. */
        CORTEX_M4("Cortex-M4"),
        /** {@code -mcpu=cortex-m3}: no DSP extension, so the plain-C path on ARM; run on QEMU's M3 board, mps2-an385. */
        CORTEX_M3("Cortex-M3");

        final String label;

        Target(String label) {
            this.label = label;
        }

        boolean qemu() {
            return this != HOST;
        }

        /** The core of a QEMU target. */
        NativeToolchain.Core core() {
            return this == CORTEX_M3 ? NativeToolchain.Core.CORTEX_M3 : NativeToolchain.Core.CORTEX_M4;
        }

        /** The defaults of {@link NativeToolchain} for this core, optionally without the warning flags. */
        NativeToolchain toolchain(boolean strictWarnings) {
            if (this == HOST) {
                return strictWarnings ? TOOLCHAIN : TOOLCHAIN.withHostFlags(CMSIS_HOST_FLAGS);
            }
            List<String> flags = new ArrayList<>();
            for (String f : core().defaultFlags()) {
                if (strictWarnings || !(f.equals("-Wall") || f.equals("-Wextra") || f.equals("-Werror"))) {
                    flags.add(f);
                }
            }
            return TOOLCHAIN.withArmFlags(core(), flags);
        }

        /**
         * Aborts the calling test with "skipped: why" when this target cannot be built or run here; the reason is
         * also printed, once per target.
         */
        void assumeAvailable() {
            Optional<String> missing = this == HOST ? Optional.empty() : NativeToolchain.armToolchainMissing(core());
            missing.ifPresent(why -> {
                String message = "skipped: no " + label + " run, " + why;
                if (REPORTED.add(this)) {
                    System.out.println("[kernels] " + message);
                }
                Assumptions.abort(message);
            });
        }
    }

    /** A compiled driver (or other test program) and the target that runs it. */
    record Executable(Path path, Target target) {

        /** Runs in {@link #workDir()}; fails with the complete output unless the exit status is 0. */
        String run(List<String> args, Duration timeout) throws IOException {
            RunResult r = target.qemu() ? TOOLCHAIN.runQemu(target.core(), path, args, workDir(), timeout)
                    : TOOLCHAIN.runHost(path, args, workDir(), timeout);
            return r.requireSuccess().stdout();
        }
    }

    private KernelBuilds() {
    }

    static Path workDir() throws IOException {
        Path base = Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("kernel-c");
        Files.createDirectories(base);
        return base;
    }

    /** Copies a classpath resource into the work directory and returns its path. */
    static Path resource(String name) throws IOException {
        Path dst = workDir().resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = KernelBuilds.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                fail("missing classpath resource " + name);
            }
            Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
        }
        return dst;
    }

    /** Compiles {@code sources} (the portable header is always next to them) into {@code target/kernel-c/name}. */
    static Executable compile(Target target, boolean strictWarnings, String name, List<Path> sources,
            List<Path> includeDirs, List<String> defines, List<String> extraFlags) throws IOException {
        resource(PORTABLE_H);
        List<Path> includes = Stream.concat(Stream.of(workDir()), includeDirs.stream()).toList();
        NativeToolchain tc = target.toolchain(strictWarnings);
        Path exe = target.qemu()
                ? tc.compileCortexM(target.core(), workDir().resolve(name + ".elf"), sources, includes, defines,
                        extraFlags)
                : tc.compileHost(workDir().resolve(name), sources, includes, defines, extraFlags);
        return new Executable(exe, target);
    }

    /** The driver linked with the portable C kernels, built with the strict warning flags. */
    static Executable portableDriver(Target target) throws IOException {
        String suffix = target == Target.HOST ? "" : "_" + target.name().toLowerCase(java.util.Locale.ROOT);
        return compile(target, true, "kernel_driver_portable" + suffix,
                List.of(resource(DRIVER_C), resource(PORTABLE_C)), List.of(), List.of(), List.of());
    }

    /**
     * The driver calling the real CMSIS-NN compiled from {@code cmsis} (the {@code CMSIS} directory of a CMSIS_5
     * 5.9.0 tree), in place. The portable twin is linked too: proves it does not clash with the real CMSIS-NN.
     */
    static Executable cmsisDriver(Target target, Path cmsis) throws IOException {
        assertTrue(Files.isDirectory(cmsis.resolve("NN/Source")), "no CMSIS/NN/Source under CMSIS_PATH=" + cmsis);
        List<Path> sources = new ArrayList<>();
        sources.add(resource(DRIVER_C));
        sources.add(resource(PORTABLE_C));
        for (String s : CMSIS_SOURCES) {
            sources.add(cmsis.resolve("NN/Source").resolve(s));
        }
        String suffix = target == Target.HOST ? "" : "_" + target.name().toLowerCase(java.util.Locale.ROOT);
        return compile(target, false, "kernel_driver_cmsis" + suffix, sources,
                List.of(cmsis.resolve("NN/Include"), cmsis.resolve("DSP/Include"), cmsis.resolve("Core/Include")),
                List.of("J2CMSIS_DRIVER_USE_CMSIS"), List.of());
    }
}
