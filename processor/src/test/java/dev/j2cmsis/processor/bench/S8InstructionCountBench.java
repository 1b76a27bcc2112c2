package dev.j2cmsis.processor.bench;

import dev.j2cmsis.sim.testing.CmsisNnS8;
import dev.j2cmsis.sim.testing.NativeToolchain;
import dev.j2cmsis.sim.testing.NativeToolchain.Core;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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

/**
 * Executed Cortex-M4 instructions of one inference of every s8 example network (CMSIS-NN v7.0.0's DSP path with
 * {@code CMSIS_NN_PATH}, and the portable kernels), split into the instructions executed inside the kernels
 * ({@code arm_*} and {@code j2cmsis_*} functions and everything they call) and the rest, the generated glue. A bench
 * program like {@link InstructionCountBench} (same exec-log counting, same marker), not run by {@code mvn verify}:
 * after building example-project, {@code CMSIS_NN_PATH=... mvn -B -pl processor -am test
 * -Dtest=S8InstructionCountBench -Dsurefire.failIfNoSpecifiedTests=false -Dj2cmsis.bench=true}.
 *
 * <p>Attribution: {@code arm-none-eabi-nm -S} gives the address range of the generated {@code <net>_run}; an
 * instruction of the run is glue when it lies there, a kernel's otherwise ({@code <net>_run} calls nothing but the
 * kernels, which call only their helpers and the C library's {@code memcpy}/{@code memset}).
 */
public final class S8InstructionCountBench {
    static final List<String> NETS = List.of("fashion_lenet_s8", "fashion_nonsquare_s8", "fashion_depthwise_s8",
            "fashion_residual_s8", "fashion_tanh_s8");

    /** Instructions of the run, and of them those inside kernel calls. */
    record Split(long run, long kernels) {
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "j2cmsis.bench", matches = "true")
    void bench() throws Exception {
        NativeToolchain.armToolchainMissing().ifPresent(r -> {
            throw new IllegalStateException("needs arm-none-eabi-gcc and qemu-system-arm: " + r);
        });
        Path dir = InstructionCountBench.EXAMPLE_C.resolve("s8");
        Path work = Files.createTempDirectory("j2cmsis-s8-icount");
        NativeToolchain tc = NativeToolchain.defaults();
        Optional<Path> nn = CmsisNnS8.path();
        List<Path> nnObjects = nn.isPresent()
                ? CmsisNnS8.cortexMObjects(tc, Core.CORTEX_M4, nn.get(), work.resolve("cmsis-nn"), false) : List.of();
        System.out.println("| network | kernels | instructions / inference | of which in kernel calls | glue | run / kernels |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (String net : NETS) {
            for (boolean real : nn.isPresent() ? new boolean[] {true, false} : new boolean[] {false}) {
                Path build = work.resolve(net + (real ? "-cmsis-nn" : "-portable"));
                Files.createDirectories(build);
                Path main = build.resolve("bench_main.c");
                Files.writeString(main, """
                        #include <stdio.h>
                        #include "%1$s.h"
                        #include "%1$s_harness_data.h"

                        void j2cmsis_bench_mark(void);

                        int main(void)
                        {
                            static int8_t out[%2$s_OUTPUT_SIZE];
                            j2cmsis_bench_mark();
                            int status = %1$s_run(%1$s_harness_inputs[0], out);
                            j2cmsis_bench_mark();
                            printf("status %%d, output %%s the simulator's\\n", status,
                                   out[0] == %1$s_harness_expected[0][0] ? "starts as" : "DIFFERS from");
                            return status;
                        }
                        """.formatted(net, net.toUpperCase(Locale.ROOT)));
                List<Path> sources = new ArrayList<>(List.of(dir.resolve(net + ".c"),
                        dir.resolve("j2cmsis_portable_s8.c"), main, InstructionCountBench.resource("bench_mark.c", build)));
                List<Path> includes = new ArrayList<>(List.of(dir));
                if (real) {
                    sources.addAll(nnObjects);
                    includes.addAll(CmsisNnS8.includes(nn.get()));
                }
                Path elf = tc.compileCortexM(Core.CORTEX_M4, build.resolve("bench.elf"), sources, includes,
                        real ? List.of() : List.of("J2CMSIS_PORTABLE"), List.of());
                Split s = count(elf, build);
                System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %.5f |%n", net,
                        real ? "CMSIS-NN v7.0.0" : "portable", s.run(), s.kernels(), s.run() - s.kernels(),
                        (double) s.run() / s.kernels());
            }
        }
    }

    /** The address range {start, end} of the function named {@code <net>_run}, from {@code nm -S}. */
    private static long[] runRange(Path elf) throws Exception {
        Process p = new ProcessBuilder("arm-none-eabi-nm", "-S", "--defined-only", elf.toString())
                .redirectErrorStream(true).start();
        String nm = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]+) ([0-9a-f]+) [Tt] \\S+_s8_run$").matcher(nm);
        if (!m.find()) {
            throw new IllegalStateException("no <net>_run in " + elf);
        }
        long start = Long.parseLong(m.group(1), 16) & ~1L;
        return new long[] {start, start + Long.parseLong(m.group(2), 16)};
    }

    /** Runs under QEMU with the exec log: the run's instructions, and those from entering a kernel to leaving it. */
    static Split count(Path elf, Path dir) throws Exception {
        long mark = InstructionCountBench.markAddress(elf);
        long[] glue = runRange(elf);
        List<String> command = List.of("qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
                "-serial", "none", "-semihosting-config", "enable=on,target=native,arg=bench.elf", "-singlestep",
                "-d", "exec,nochain", "-kernel", elf.toAbsolutePath().toString());
        Path out = dir.resolve("qemu.stdout");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).start();
        int marks = 0;
        long run = 0;
        long kernels = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.US_ASCII), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = InstructionCountBench.EXEC_PC.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long pc = Long.parseLong(m.group(1), 16);
                if (pc == mark) {
                    marks++;
                } else if (marks == 1) {
                    run++;
                    if (pc < glue[0] || pc >= glue[1]) {
                        kernels++;
                    }
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("QEMU failed: " + Files.readString(out));
        }
        if (Files.readString(out).contains("DIFFERS") || marks < 2) {
            throw new IllegalStateException(elf + ": " + Files.readString(out) + " (" + marks + " marks)");
        }
        return new Split(run, kernels);
    }
}
