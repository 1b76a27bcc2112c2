package dev.j2cmsis.sim.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Compiles C for the host and for Cortex-M cores, and runs the result natively or under
 * {@code qemu-system-arm} with ARM semihosting. Tests use it to prove that the Java simulator and the
 * generated CMSIS-NN C compute the same bytes on every target.
 *
 * <p>The emulated cores are the constants of {@link Core}; each has its compiler flags, its QEMU 7.2
 * machine and a linker script of our own for that machine's memory map:
 *
 * <table>
 * <caption>Cores</caption>
 * <tr><th>{@link Core}</th><th>QEMU machine</th><th>CPU flags</th><th>CMSIS-NN code path</th></tr>
 * <tr><td>{@code CORTEX_M3}</td><td>{@code mps2-an385}</td><td>{@code -mcpu=cortex-m3 -mfloat-abi=soft}</td>
 * <td>plain C (no DSP extension)</td></tr>
 * <tr><td>{@code CORTEX_M4}</td><td>{@code mps2-an386}</td><td>{@code -mcpu=cortex-m4 -mfloat-abi=soft}</td>
 * <td>DSP ({@code __ARM_FEATURE_DSP}, CMSIS-NN's {@code ARM_MATH_DSP}: SMLAD etc.)</td></tr>
 * <tr><td>{@code CORTEX_M55}</td><td>{@code mps3-an547}</td><td>{@code -mcpu=cortex-m55 -mfloat-abi=hard}</td>
 * <td>Helium ({@code __ARM_FEATURE_MVE}, CMSIS-NN's {@code ARM_MATH_MVEI}); QEMU 7.2 emulates MVE</td></tr>
 * </table>
 *
 * <p>Typical use in a JUnit 5 test:
 *
 * <pre>{@code
 * Core core = Core.CORTEX_M55;
 * NativeToolchain.armToolchainMissing(core).ifPresent(reason -> Assumptions.abort("skipped: " + reason));
 * NativeToolchain tc = NativeToolchain.defaults();
 * Path elf = tc.compileCortexM(core, dir.resolve("net.elf"), sources, includes, List.of("NDEBUG"), List.of());
 * tc.runQemu(core, elf, List.of("in.bin", "out.bin"), dir, Duration.ofMinutes(2)).requireSuccess();
 * }</pre>
 *
 * <p>{@link #compileCortexM4} and {@link #runQemu(Path, List, Path, Duration)} are the same calls with
 * {@link Core#CORTEX_M4}. Costly third-party code (CMSIS-NN) can be compiled once into object files
 * with {@link #compileHostObjects} / {@link #compileCortexMObjects} and passed to later compiles as
 * sources.
 *
 * <p>Cortex-M programs are linked with newlib + librdimon and with a startup file and linker script
 * of our own, which {@link #compileCortexM} extracts next to the ELF. Inside such a program:
 * {@code main(argc, argv)} gets the arguments given to {@link #runQemu}; {@code fopen} and friends
 * reach the host file system relative to the run's work directory; {@code exit(n)} or returning
 * {@code n} from {@code main} becomes QEMU's exit status; a fault (bad address, integer division by
 * zero, write to code/const data, stack overflow) prints one line on stderr
 * ({@code j2cmsis startup: <fault> pc=... cfsr=... hfsr=...}) and exits with {@link #FAULT_EXIT_CODE}.
 * Memory (QEMU 7.2):
 * <ul>
 * <li>mps2-an385 / mps2-an386 (one map): code + const data in the 4 MiB SSRAM1 at 0x00000000, made
 * read-only by the MPU; a 512 KiB stack with a no-access MPU guard below it, then .data/.bss, in the
 * 4 MiB SSRAM2/3 at 0x20000000; the malloc heap in the 16 MiB PSRAM at 0x21000000.</li>
 * <li>mps3-an547 (Secure state, Secure aliases): the vector table in ITCM at 0x10000000 (VTOR resets
 * to 0, an alias of ITCM); code + const data in 16 MiB of DDR at 0x70000000, read-only by the MPU; a
 * 512 KiB stack bounded by MSPLIM, then .data/.bss, in the 4 MiB SSE-300 SRAM at 0x31000000; the
 * heap in the next 16 MiB of DDR at 0x71000000. CP10/CP11 (FPU and MVE) are enabled before
 * {@code main}.</li>
 * </ul>
 *
 * <p>Instances are immutable; they only hold the compiler flags.
 */
public final class NativeToolchain {

    /**
     * A Cortex-M core j2cmsis tests run under QEMU: its CPU flags, its QEMU machine and the linker
     * script for that machine. The flags select the newlib multilib, so they are used for linking too.
     */
    public enum Core {
        /** ARMv7-M without the DSP extension: CMSIS-NN's plain-C path on Arm. */
        CORTEX_M3("Cortex-M3", "mps2-an385", "mps2.ld", List.of("-mcpu=cortex-m3", "-mthumb", "-mfloat-abi=soft")),
        /**
         * ARMv7E-M: {@code -mcpu=cortex-m4} defines {@code __ARM_FEATURE_DSP}, which selects CMSIS-NN's
         * SIMD (SMLAD) code paths; soft float because the network code is integer-only and QEMU's M4 has
         * no need for an enabled FPU then.
         */
        CORTEX_M4("Cortex-M4", "mps2-an386", "mps2.ld", List.of("-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=soft")),
        /**
         * ARMv8.1-M with Helium: {@code -mcpu=cortex-m55} defines {@code __ARM_FEATURE_MVE} (and
         * {@code __ARM_FEATURE_DSP}), so CMSIS-NN takes its MVE paths. Hard float, the ABI of every M55
         * multilib; gcc 12.2 links newlib's {@code thumb/v8-m.main+dp/hard} build for it.
         */
        CORTEX_M55("Cortex-M55", "mps3-an547", "mps3-an547.ld",
                List.of("-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard"));

        private final String label;
        private final String qemuMachine;
        private final String linkerScript;
        private final List<String> cpuFlags;

        Core(String label, String qemuMachine, String linkerScript, List<String> cpuFlags) {
            this.label = label;
            this.qemuMachine = qemuMachine;
            this.linkerScript = linkerScript;
            this.cpuFlags = cpuFlags;
        }

        /** Human-readable name, e.g. {@code Cortex-M55}. */
        public String label() {
            return label;
        }

        /** The {@code qemu-system-arm -M} machine its programs are linked for and run on. */
        public String qemuMachine() {
            return qemuMachine;
        }

        /** {@code -mcpu}, {@code -mthumb} and {@code -mfloat-abi}. */
        public List<String> cpuFlags() {
            return cpuFlags;
        }

        /** The default compile flags: {@link #cpuFlags()} then {@link #DEFAULT_ARM_FLAGS}. */
        public List<String> defaultFlags() {
            List<String> flags = new ArrayList<>(cpuFlags);
            flags.addAll(DEFAULT_ARM_FLAGS);
            return List.copyOf(flags);
        }

        String linkerScriptResource() {
            return linkerScript;
        }
    }

    /** Host compiler flags unless replaced by {@link #withHostFlags}. */
    public static final List<String> DEFAULT_HOST_FLAGS = List.of("-std=c99", "-O2", "-Wall", "-Wextra", "-Werror");

    /** Flags every Cortex-M compile gets after the core's {@link Core#cpuFlags()}, unless replaced. */
    public static final List<String> DEFAULT_ARM_FLAGS = List.of("-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
            "-ffunction-sections", "-fdata-sections");

    /** Cortex-M4 compiler flags unless replaced by {@link #withCortexM4Flags}: {@code Core.CORTEX_M4.defaultFlags()}. */
    public static final List<String> DEFAULT_CORTEX_M4_FLAGS = Core.CORTEX_M4.defaultFlags();

    /** QEMU machine the Cortex-M4 programs are linked for and run on. */
    public static final String QEMU_MACHINE = Core.CORTEX_M4.qemuMachine();

    /** Exit status of a Cortex-M program that took a fault; mirrors a host process killed by SIGSEGV. */
    public static final int FAULT_EXIT_CODE = 139;

    /** Bound on each compiler run; CMSIS-NN plus a network compiles in seconds. */
    public static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(5);

    static final String HOST_CC = "gcc";
    static final String ARM_CC = "arm-none-eabi-gcc";
    static final String QEMU = "qemu-system-arm";
    static final String STARTUP_RESOURCE = "cortex_m_startup.c";
    /** Prefix of the directory, next to the ELF, that receives the startup file and the linker script. */
    static final String SUPPORT_DIR_PREFIX = "j2cmsis-";

    /** Matches the argv buffers in cortex_m_startup.c. */
    static final int MAX_QEMU_ARGS = 32;
    static final int MAX_QEMU_CMDLINE = 1023;

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static volatile Optional<String> hostProbe;
    private static final Map<Core, Optional<String>> ARM_PROBES = new ConcurrentHashMap<>();

    private final List<String> hostFlags;
    private final Map<Core, List<String>> armFlags;

    private NativeToolchain(List<String> hostFlags, Map<Core, List<String>> armFlags) {
        this.hostFlags = List.copyOf(hostFlags);
        this.armFlags = Collections.unmodifiableMap(new EnumMap<>(armFlags));
    }

    /** A toolchain with {@link #DEFAULT_HOST_FLAGS} and each core's {@link Core#defaultFlags()}. */
    public static NativeToolchain defaults() {
        Map<Core, List<String>> flags = new EnumMap<>(Core.class);
        for (Core core : Core.values()) {
            flags.put(core, core.defaultFlags());
        }
        return new NativeToolchain(DEFAULT_HOST_FLAGS, flags);
    }

    /** A copy whose host compiles use {@code flags} instead of the defaults (the {@code extraFlags} still follow). */
    public NativeToolchain withHostFlags(List<String> flags) {
        return new NativeToolchain(flags, armFlags);
    }

    /**
     * A copy whose compiles for {@code core} use {@code flags} (CPU flags included: they select the
     * newlib multilib) instead of the current ones; the link flags stay.
     */
    public NativeToolchain withArmFlags(Core core, List<String> flags) {
        Map<Core, List<String>> copy = new EnumMap<>(armFlags);
        copy.put(core, List.copyOf(flags));
        return new NativeToolchain(hostFlags, copy);
    }

    /** Same as {@code withArmFlags(Core.CORTEX_M4, flags)}. */
    public NativeToolchain withCortexM4Flags(List<String> flags) {
        return withArmFlags(Core.CORTEX_M4, flags);
    }

    public List<String> hostFlags() {
        return hostFlags;
    }

    /** The compile flags for {@code core}. */
    public List<String> armFlags(Core core) {
        return armFlags.get(core);
    }

    public List<String> cortexM4Flags() {
        return armFlags(Core.CORTEX_M4);
    }

    // ---------------------------------------------------------------------------------------------
    // Availability probes

    /**
     * Empty if {@code gcc} can compile and link a C99 program, otherwise why not. Computed once per
     * JVM; meant for {@code Assumptions.assumeTrue(hostGccMissing().isEmpty(), ...)}.
     */
    public static Optional<String> hostGccMissing() {
        Optional<String> result = hostProbe;
        if (result == null) {
            synchronized (NativeToolchain.class) {
                if (hostProbe == null) {
                    hostProbe = probeHost();
                }
                result = hostProbe;
            }
        }
        return result;
    }

    /** Same as {@code armToolchainMissing(Core.CORTEX_M4)}. */
    public static Optional<String> armToolchainMissing() {
        return armToolchainMissing(Core.CORTEX_M4);
    }

    /**
     * Empty if {@code arm-none-eabi-gcc}, newlib's semihosting library (rdimon.specs, librdimon.a for
     * the multilib of {@code core}) and {@code qemu-system-arm} with the core's machine are all
     * present, otherwise the first thing missing. Computed once per JVM and core.
     */
    public static Optional<String> armToolchainMissing(Core core) {
        return ARM_PROBES.computeIfAbsent(core, NativeToolchain::probeArm);
    }

    private static Optional<String> probeHost() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("j2cmsis-probe-");
            Path source = dir.resolve("probe.c");
            Files.writeString(source, "#include <stdio.h>\nint main(void) { return puts(\"ok\") < 0; }\n");
            RunResult r = execute(List.of(HOST_CC, "-std=c99", source.toString(), "-o", dir.resolve("probe").toString()),
                    dir, PROBE_TIMEOUT);
            if (r.exitCode() != 0) {
                return Optional.of(HOST_CC + " cannot compile a C99 program: " + r.stderr().strip());
            }
            return Optional.empty();
        } catch (IOException | ToolchainException e) {
            return Optional.of(HOST_CC + " is not usable (install gcc): " + firstLine(e.getMessage()));
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Optional<String> probeArm(Core core) {
        Path cwd = Path.of(".").toAbsolutePath();
        try {
            execute(List.of(ARM_CC, "--version"), cwd, PROBE_TIMEOUT).requireSuccess();
        } catch (ToolchainException e) {
            return Optional.of(ARM_CC + " is not usable (install gcc-arm-none-eabi): " + firstLine(e.getMessage()));
        }
        for (String file : List.of("rdimon.specs", "librdimon.a")) {
            List<String> command = new ArrayList<>();
            command.add(ARM_CC);
            command.addAll(core.cpuFlags());
            command.add("-print-file-name=" + file);
            String found = execute(command, cwd, PROBE_TIMEOUT).stdout().strip();
            // gcc echoes the bare name back when it finds nothing in its search path.
            if (!Path.of(found).isAbsolute() || !Files.isRegularFile(Path.of(found))) {
                return Optional.of("newlib semihosting support (" + file + ") not found for " + ARM_CC + " "
                        + String.join(" ", core.cpuFlags()) + " (install libnewlib-arm-none-eabi)");
            }
        }
        try {
            RunResult machines = execute(List.of(QEMU, "-machine", "help"), cwd, PROBE_TIMEOUT);
            if (!machines.stdout().contains(core.qemuMachine())) {
                return Optional.of(QEMU + " does not know machine " + core.qemuMachine() + " for the " + core.label()
                        + " (QEMU 7.2 has it)");
            }
        } catch (ToolchainException e) {
            return Optional.of(QEMU + " is not usable (install qemu-system-arm): " + firstLine(e.getMessage()));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------
    // Compiling

    /**
     * Compiles and links {@code sources} into a host executable with {@code gcc}, the
     * {@linkplain #hostFlags() host flags}, {@code -I} for each include directory, {@code -D} for each
     * define ({@code "NAME"} or {@code "NAME=value"}), then {@code extraFlags} (so they can override),
     * and {@code -lm}.
     *
     * @return {@code outExe}
     * @throws ToolchainException with the command and the complete compiler output if gcc fails
     */
    public Path compileHost(Path outExe, List<Path> sources, List<Path> includeDirs, List<String> defines,
            List<String> extraFlags) {
        List<String> command = new ArrayList<>();
        command.add(HOST_CC);
        command.addAll(hostFlags);
        addCommon(command, includeDirs, defines, extraFlags, sources);
        command.add("-o");
        command.add(outExe.toAbsolutePath().toString());
        command.add("-lm");
        return compile(command, outExe);
    }

    /** Same as {@code compileCortexM(Core.CORTEX_M4, outElf, ...)}. */
    public Path compileCortexM4(Path outElf, List<Path> sources, List<Path> includeDirs, List<String> defines,
            List<String> extraFlags) {
        return compileCortexM(Core.CORTEX_M4, outElf, sources, includeDirs, defines, extraFlags);
    }

    /**
     * Compiles and links {@code sources} (C files or objects from {@link #compileCortexMObjects} for the
     * same core) into an ELF for {@code core}'s QEMU machine with {@code arm-none-eabi-gcc}, the
     * {@linkplain #armFlags(Core) core's flags}, {@code -I} for each include directory, {@code -D} for
     * each define, then {@code extraFlags}. Adds our startup file and the machine's linker script
     * (extracted into {@code j2cmsis-<machine>/} next to {@code outElf}) and links newlib with
     * semihosting ({@code --specs=rdimon.specs}) and {@code -lm}. The sources must define
     * {@code int main(int argc, char **argv)} (or {@code main(void)}).
     *
     * @return {@code outElf}
     * @throws ToolchainException with the command and the complete compiler output if gcc fails
     */
    public Path compileCortexM(Core core, Path outElf, List<Path> sources, List<Path> includeDirs,
            List<String> defines, List<String> extraFlags) {
        Path support = outElf.toAbsolutePath().getParent().resolve(SUPPORT_DIR_PREFIX + core.qemuMachine());
        Path startup = extractResource(STARTUP_RESOURCE, support);
        Path linkerScript = extractResource(core.linkerScriptResource(), support);
        List<Path> allSources = new ArrayList<>(sources);
        allSources.add(startup);

        List<String> command = new ArrayList<>();
        command.add(ARM_CC);
        command.addAll(armFlags(core));
        addCommon(command, includeDirs, defines, extraFlags, allSources);
        // Our Reset_Handler replaces newlib's crt0 (see the startup file for why).
        command.addAll(List.of("-nostartfiles", "--specs=rdimon.specs", "-T", linkerScript.toString(),
                "-Wl,--gc-sections"));
        command.add("-o");
        command.add(outElf.toAbsolutePath().toString());
        command.add("-lm");
        return compile(command, outElf);
    }

    /**
     * Compiles each of {@code sources} with {@code gcc -c} and the host flags, defines and
     * {@code extraFlags} as {@link #compileHost} would, into {@code outDir/<name>.o}.
     *
     * @return the object files, in the order of {@code sources}
     * @throws IllegalArgumentException if two sources share a file name (their objects would collide)
     * @throws ToolchainException with the command and the complete compiler output if gcc fails
     */
    public List<Path> compileHostObjects(Path outDir, List<Path> sources, List<Path> includeDirs,
            List<String> defines, List<String> extraFlags) {
        List<String> command = new ArrayList<>();
        command.add(HOST_CC);
        command.addAll(hostFlags);
        return compileObjects(command, outDir, sources, includeDirs, defines, extraFlags);
    }

    /**
     * Compiles each of {@code sources} with {@code arm-none-eabi-gcc -c} and the flags
     * {@link #compileCortexM} would use for {@code core}, into {@code outDir/<name>.o}; link them by
     * passing them as sources to {@link #compileCortexM} for the same core.
     *
     * @return the object files, in the order of {@code sources}
     * @throws IllegalArgumentException if two sources share a file name (their objects would collide)
     * @throws ToolchainException with the command and the complete compiler output if gcc fails
     */
    public List<Path> compileCortexMObjects(Core core, Path outDir, List<Path> sources, List<Path> includeDirs,
            List<String> defines, List<String> extraFlags) {
        List<String> command = new ArrayList<>();
        command.add(ARM_CC);
        command.addAll(armFlags(core));
        return compileObjects(command, outDir, sources, includeDirs, defines, extraFlags);
    }

    private static List<Path> compileObjects(List<String> command, Path outDir, List<Path> sources,
            List<Path> includeDirs, List<String> defines, List<String> extraFlags) {
        Set<String> names = new HashSet<>();
        List<Path> objects = new ArrayList<>();
        for (Path source : sources) {
            String name = source.getFileName().toString();
            if (!names.add(name)) {
                throw new IllegalArgumentException("two sources named " + name + ": their objects would collide");
            }
            objects.add(outDir.toAbsolutePath().resolve(name.replaceFirst("\\.[^.]*$", "") + ".o"));
        }
        // One gcc run for all files: gcc -c writes <name>.o into its working directory, outDir.
        command.add("-c");
        addCommon(command, includeDirs, defines, extraFlags, sources);
        runCompiler(command, outDir.toAbsolutePath());
        return List.copyOf(objects);
    }

    private static void addCommon(List<String> command, List<Path> includeDirs, List<String> defines,
            List<String> extraFlags, List<Path> sources) {
        for (Path dir : includeDirs) {
            command.add("-I" + dir.toAbsolutePath());
        }
        for (String define : defines) {
            command.add("-D" + define);
        }
        command.addAll(extraFlags);
        for (Path source : sources) {
            command.add(source.toAbsolutePath().toString());
        }
    }

    private static Path compile(List<String> command, Path output) {
        runCompiler(command, output.toAbsolutePath().getParent());
        return output;
    }

    private static void runCompiler(List<String> command, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunResult result = execute(command, dir, COMPILE_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new ToolchainException("compilation failed\n" + result);
        }
    }

    /** Copies a resource of this package into {@code dir}; via a temp file and a rename, so parallel builds never see half a file. */
    private static Path extractResource(String name, Path dir) {
        Path target = dir.resolve(name);
        try (InputStream in = NativeToolchain.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from runtime-sim's jar");
            }
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, name, ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + name + " to " + dir, e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Running

    /**
     * Runs a host executable in {@code workDir} with stdin at end-of-file.
     *
     * @throws ToolchainException if it cannot start or runs longer than {@code timeout} (it is then
     *     killed, with its children, and the message holds the output so far)
     */
    public RunResult runHost(Path exe, List<String> args, Path workDir, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(exe.toAbsolutePath().toString());
        command.addAll(args);
        return execute(command, workDir, timeout);
    }

    /** Same as {@code runQemu(Core.CORTEX_M4, elf, args, workDir, timeout)}. */
    public RunResult runQemu(Path elf, List<String> args, Path workDir, Duration timeout) {
        return runQemu(Core.CORTEX_M4, elf, args, workDir, timeout);
    }

    /**
     * Runs an ELF from {@link #compileCortexM} for {@code core} under {@code qemu-system-arm -M
     * <core's machine>} in {@code workDir}, which is where the program's relative {@code fopen} paths
     * resolve. The program sees {@code argv[0]} = the ELF's file name, then {@code args}. Semihosting
     * joins the arguments with spaces, so an argument may not be empty or contain whitespace, and all
     * of them together must fit the startup's 1023-character command-line buffer.
     *
     * @throws IllegalArgumentException for an argument semihosting cannot carry
     * @throws ToolchainException if QEMU cannot start or the run exceeds {@code timeout} (QEMU is
     *     killed; the message holds the output so far)
     */
    public RunResult runQemu(Core core, Path elf, List<String> args, Path workDir, Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add(elf.getFileName().toString().replaceAll("\\s", "_"));
        argv.addAll(args);
        checkSemihostingArgs(argv);
        StringBuilder config = new StringBuilder("enable=on,target=native");
        for (String arg : argv) {
            // QEMU's option syntax: a literal comma inside a value is written twice.
            config.append(",arg=").append(arg.replace(",", ",,"));
        }
        List<String> command = List.of(QEMU, "-M", core.qemuMachine(),
                // No display, no serial port, no monitor: the program's only I/O is semihosting,
                // which QEMU maps to its own stdout/stderr and to host files.
                "-nographic", "-monitor", "none", "-serial", "none",
                "-semihosting-config", config.toString(),
                "-kernel", elf.toAbsolutePath().toString());
        return execute(command, workDir, timeout);
    }

    static void checkSemihostingArgs(List<String> argv) {
        if (argv.size() > MAX_QEMU_ARGS) {
            throw new IllegalArgumentException("at most " + (MAX_QEMU_ARGS - 1) + " arguments under QEMU, got "
                    + (argv.size() - 1));
        }
        int length = -1;
        for (String arg : argv) {
            Objects.requireNonNull(arg, "argument");
            if (arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("semihosting passes arguments space-separated; cannot pass \""
                        + arg + "\" (empty or containing whitespace)");
            }
            length += arg.length() + 1;
        }
        if (length > MAX_QEMU_CMDLINE) {
            throw new IllegalArgumentException("command line of " + length + " characters exceeds the "
                    + MAX_QEMU_CMDLINE + " the startup file accepts");
        }
    }

    /**
     * Runs {@code command} in {@code workDir}. Output goes to temporary files rather than pipes, so a
     * chatty process can never block on a full pipe while we wait for it.
     */
    static RunResult execute(List<String> command, Path workDir, Duration timeout) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("j2cmsis-", ".stdout");
            err = Files.createTempFile("j2cmsis-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // Stable, English compiler messages for assertions and logs.
            builder.environment().put("LC_ALL", "C");
            long start = System.nanoTime();
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new ToolchainException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            RunResult result = new RunResult(command, finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    elapsed);
            if (!finished) {
                throw new ToolchainException("timed out after " + timeout.toMillis() + " ms and was killed\n" + result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolchainException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (process != null && process.isAlive()) {
                // Interrupted or failed while waiting: never leave a compiler or QEMU behind.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            if (Files.isDirectory(path)) {
                try (var files = Files.list(path)) {
                    files.forEach(NativeToolchain::deleteQuietly);
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException | UncheckedIOException e) {
            // Temporary files only; leaving one behind is harmless.
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
