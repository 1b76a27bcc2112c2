package dev.j2cmsis.sim.kernels.q15;

import static org.junit.jupiter.api.Assertions.fail;

import dev.j2cmsis.sim.testing.CmsisNn;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.RunResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds and runs the q15 driver (q15_kernel_driver.c) with {@link NativeToolchain}: linked with the portable twins
 * or with the real CMSIS-NN 5.9.0 from {@code $CMSIS_PATH}, for the host, a Cortex-M4 (DSP path) or a Cortex-M3
 * (plain-C path, on QEMU's Cortex-M3 board mps2-an385). Compares every output element with the Java
 * kernels. Everything lives under {@code target/kernel-c-q15}, the working directory of every run.
 */
final class Q15Harness {

    static final String PORTABLE_C = "dev/j2cmsis/sim/c/j2cmsis_portable.c";
    static final String PORTABLE_H = "dev/j2cmsis/sim/c/j2cmsis_portable.h";
    static final String PORTABLE_Q15_C = "dev/j2cmsis/sim/c/j2cmsis_portable_q15.c";
    static final String PORTABLE_Q15_H = "dev/j2cmsis/sim/c/j2cmsis_portable_q15.h";
    static final String DRIVER_C = "dev/j2cmsis/sim/kernels/q15/q15_kernel_driver.c";

    /** Cases per kernel on the host; override with -Dj2cmsis.q15Cases=N. */
    static final int HOST_CASES = Integer.getInteger("j2cmsis.q15Cases", 1000);
    /** Cases per kernel under QEMU; override with -Dj2cmsis.q15QemuCases=N. */
    static final int QEMU_CASES = Integer.getInteger("j2cmsis.q15QemuCases", 300);

    static final String LOG = "[kernels-q15] ";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final NativeToolchain TOOLCHAIN = NativeToolchain.defaults();
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final Map<Target, Path> PORTABLE = new EnumMap<>(Target.class);
    private static final Map<Target, Path> CMSIS = new EnumMap<>(Target.class);

    /** The real CMSIS-NN 5.9.0 sources the q15 driver calls; the q15 kernels need no other helper. */
    static final List<String> CMSIS_SOURCES = List.of(
            "ConvolutionFunctions/arm_convolve_HWC_q15_basic.c",
            "ConvolutionFunctions/arm_convolve_HWC_q15_fast.c",
            "ConvolutionFunctions/arm_convolve_HWC_q15_fast_nonsquare.c",
            "FullyConnectedFunctions/arm_fully_connected_q15.c",
            "FullyConnectedFunctions/arm_fully_connected_q15_opt.c",
            "FullyConnectedFunctions/arm_fully_connected_mat_q7_vec_q15.c",
            "FullyConnectedFunctions/arm_fully_connected_mat_q7_vec_q15_opt.c",
            "ActivationFunctions/arm_relu_q15.c",
            "ActivationFunctions/arm_nn_activations_q15.c",
            "SoftmaxFunctions/arm_softmax_q15.c",
            "NNSupportFunctions/arm_nntables.c",
            "NNSupportFunctions/arm_q7_to_q15_no_shift.c");

    enum Target {
        HOST("host"), CORTEX_M4("Cortex-M4"), CORTEX_M3("Cortex-M3");

        final String label;

        Target(String label) {
            this.label = label;
        }

        boolean qemu() {
            return this != HOST;
        }

        /** Whether the real CMSIS-NN takes its ARM_MATH_DSP path on this target. */
        boolean dsp() {
            return this == CORTEX_M4;
        }

        /** The core of a QEMU target: the M3 runs on its own board, mps2-an385. */
        NativeToolchain.Core core() {
            return this == CORTEX_M3 ? NativeToolchain.Core.CORTEX_M3 : NativeToolchain.Core.CORTEX_M4;
        }

        NativeToolchain toolchain(boolean strict) {
            if (this == HOST) {
                return strict ? TOOLCHAIN : TOOLCHAIN.withHostFlags(List.of("-std=c99", "-O2"));
            }
            List<String> flags = new ArrayList<>();
            for (String f : core().defaultFlags()) {
                if (strict || !(f.equals("-Wall") || f.equals("-Wextra") || f.equals("-Werror"))) {
                    flags.add(f);
                }
            }
            return TOOLCHAIN.withArmFlags(core(), flags);
        }

        String suffix() {
            return this == HOST ? "" : "_" + name().toLowerCase(Locale.ROOT);
        }
    }

    private Q15Harness() {
    }

    /** Aborts the calling test, printing why once, when {@code target} cannot be built or run here. */
    static void assumeAvailable(Target target) {
        Optional<String> missing = target.qemu() ? NativeToolchain.armToolchainMissing(target.core())
                : NativeToolchain.hostGccMissing();
        missing.ifPresent(why -> skip("no " + target.label + " run, " + why));
    }

    /** The CMSIS_5 checkout (the directory holding CMSIS/), or an abort printing why it is missing. */
    static Path assumeCmsis() {
        Optional<String> why = CmsisNn.missingReason();
        why.ifPresent(w -> skip("no comparison of the q15 kernels with the real CMSIS-NN, " + w));
        return CmsisNn.path().orElseThrow();
    }

    static void skip(String why) {
        String message = "skipped: " + why;
        if (REPORTED.add(message)) {
            System.out.println(LOG + message);
        }
        Assumptions.abort(message);
    }

    static Path workDir() throws IOException {
        Path base = Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("kernel-c-q15");
        Files.createDirectories(base);
        return base;
    }

    private static Path resource(String name) throws IOException {
        Path dst = workDir().resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = Q15Harness.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                fail("missing classpath resource " + name);
            }
            Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
        }
        return dst;
    }

    /** The driver linked with both portable twins, strict warning flags (-Wall -Wextra -Werror). */
    static synchronized Path portableDriver(Target target) throws IOException {
        Path exe = PORTABLE.get(target);
        if (exe == null) {
            exe = compile(target, true, "q15_driver_portable" + target.suffix(), List.of(), List.of(), List.of(),
                    List.of());
            PORTABLE.put(target, exe);
        }
        return exe;
    }

    /** The driver calling the real CMSIS-NN compiled in place from {@code cmsisRoot}, next to both twins. */
    static synchronized Path cmsisDriver(Target target, Path cmsisRoot) throws IOException {
        Path exe = CMSIS.get(target);
        if (exe == null) {
            Path src = cmsisRoot.resolve("CMSIS/NN/Source");
            List<Path> extra = CMSIS_SOURCES.stream().map(src::resolve).toList();
            exe = compile(target, false, "q15_driver_cmsis" + target.suffix(), extra, CmsisNn.includes(cmsisRoot),
                    List.of("J2CMSIS_DRIVER_USE_CMSIS"), List.of());
            CMSIS.put(target, exe);
        }
        return exe;
    }

    /** Builds (and returns) the driver with both portable twins under the strict flags plus {@code -pedantic}. */
    static Path pedanticDriver(Target target) throws IOException {
        return compile(target, true, "q15_driver_pedantic" + target.suffix(), List.of(), List.of(), List.of(),
                List.of("-pedantic"));
    }

    private static Path compile(Target target, boolean strict, String name, List<Path> extraSources,
            List<Path> includes, List<String> defines, List<String> extraFlags) throws IOException {
        resource(PORTABLE_H);
        resource(PORTABLE_Q15_H);
        List<Path> sources = new ArrayList<>(List.of(resource(DRIVER_C), resource(PORTABLE_C),
                resource(PORTABLE_Q15_C)));
        sources.addAll(extraSources);
        List<Path> inc = new ArrayList<>(List.of(workDir()));
        inc.addAll(includes);
        NativeToolchain tc = target.toolchain(strict);
        return target.qemu()
                ? tc.compileCortexM(target.core(), workDir().resolve(name + ".elf"), sources, inc, defines,
                        extraFlags)
                : tc.compileHost(workDir().resolve(name), sources, inc, defines, extraFlags);
    }

    /** Runs {@code cases} through the driver and returns its results. */
    static List<Q15Case.Result> runDriver(Path exe, Target target, List<Q15Case> cases, String batch)
            throws IOException {
        String inName = batch + ".cases.bin";
        String outName = batch + ".results.bin";
        Path in = workDir().resolve(inName);
        Path out = workDir().resolve(outName);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 16)) {
            writeInt(os, cases.size());
            for (Q15Case kc : cases) {
                Q15Kernel k = kc.kernel();
                writeInt(os, k.id);
                for (int i = 0; i < 16; i++) {
                    writeInt(os, i < kc.p().length ? kc.p()[i] : 0);
                }
                writeBlock(os, Q15Case.toBytes(kc.a(), k.aIsQ7()));
                writeBlock(os, Q15Case.toBytes(kc.b(), k.bcAreQ7()));
                writeBlock(os, Q15Case.toBytes(kc.c(), k.bcAreQ7()));
                writeInt(os, kc.outLen() * (k.outIsQ7() ? 1 : 2));
            }
        }
        List<String> args = List.of(inName, outName);
        RunResult rr = target.qemu() ? TOOLCHAIN.runQemu(target.core(), exe, args, workDir(), TIMEOUT)
                : TOOLCHAIN.runHost(exe, args, workDir(), TIMEOUT);
        rr.requireSuccess();
        List<Q15Case.Result> results = new ArrayList<>(cases.size());
        try (InputStream is = new BufferedInputStream(Files.newInputStream(out), 1 << 16)) {
            DataInputStream ds = new DataInputStream(is);
            for (Q15Case kc : cases) {
                int status = readInt(ds);
                byte[] o = new byte[readInt(ds)];
                ds.readFully(o);
                byte[] a = new byte[readInt(ds)];
                ds.readFully(a);
                results.add(new Q15Case.Result(status, Q15Case.fromBytes(o, kc.kernel().outIsQ7()),
                        Q15Case.fromBytes(a, kc.kernel().aIsQ7())));
            }
            if (ds.read() != -1) {
                fail("trailing bytes in driver output " + out);
            }
        }
        Files.delete(in);
        Files.delete(out);
        return results;
    }

    /**
     * Runs the batch through the driver (as {@code driverKernel}) and through Java (as each case's own kernel) and
     * fails on the first difference in status, output or in-place input.
     *
     * @return the number of cases compared
     */
    static int compare(Path exe, Target target, List<Q15Case> cases, Q15Kernel driverKernel, String label)
            throws IOException {
        List<Q15Case> forDriver = cases.stream().map(kc -> kc.withKernel(driverKernel)).toList();
        List<Q15Case.Result> c = runDriver(exe, target, forDriver, label);
        for (int i = 0; i < cases.size(); i++) {
            Q15Case kc = cases.get(i);
            Q15Case.Result j = JavaQ15Kernels.run(kc, i);
            Q15Case.Result cr = c.get(i);
            String where = label + " case " + i + ": " + kc.describe();
            if (cr.status() == -100) {
                fail("driver does not provide " + driverKernel + ": " + where);
            }
            if (j.status() != cr.status()) {
                fail("status Java " + j.status() + " != C " + cr.status() + " in " + where);
            }
            firstMismatch(where, "output", j.out(), cr.out());
            firstMismatch(where, "input after the call", j.aAfter(), cr.aAfter());
        }
        return cases.size();
    }

    private static void firstMismatch(String where, String what, short[] java, short[] c) {
        if (java.length != c.length) {
            fail(what + " length Java " + java.length + " != C " + c.length + " in " + where);
        }
        for (int i = 0; i < java.length; i++) {
            if (java[i] != c[i]) {
                fail(what + " element " + i + ": Java " + java[i] + " != C " + c[i] + " in " + where);
            }
        }
    }

    private static void writeBlock(OutputStream os, byte[] b) throws IOException {
        writeInt(os, b.length);
        os.write(b);
    }

    private static void writeInt(OutputStream os, int v) throws IOException {
        os.write(v);
        os.write(v >>> 8);
        os.write(v >>> 16);
        os.write(v >>> 24);
    }

    private static int readInt(DataInputStream ds) throws IOException {
        int b0 = ds.readUnsignedByte();
        int b1 = ds.readUnsignedByte();
        int b2 = ds.readUnsignedByte();
        int b3 = ds.readUnsignedByte();
        return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    }
}
