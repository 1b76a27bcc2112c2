package dev.j2cmsis.sim.kernels.s8;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes cases in kernel_driver_s8.c's format, runs the driver once per batch and reads its results; compares
 * them with {@link S8JavaKernels}. Files are named relative to {@link S8Builds#workDir()}.
 */
final class S8Driver {

    /** Bound on one batch; thousands of small cases take seconds natively and under QEMU. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private S8Driver() {
    }

    static List<S8Case.Result> run(S8Builds.Runner exe, List<S8Case> cases, String batchName) throws IOException {
        String inName = batchName + ".cases.bin";
        String outName = batchName + ".results.bin";
        Path in = S8Builds.workDir().resolve(inName);
        Path out = S8Builds.workDir().resolve(outName);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 16)) {
            writeInt(os, cases.size());
            for (S8Case c : cases) {
                writeInt(os, c.function().id);
                for (int i = 0; i < S8Case.PARAMS; i++) {
                    writeInt(os, c.p()[i]);
                }
                writeInt(os, c.a().length);
                os.write(c.a());
                writeInt(os, c.b().length);
                os.write(c.b());
                writeInts(os, c.bias());
                writeInts(os, c.mult());
                writeInts(os, c.shift());
                writeInt(os, c.outLen());
            }
        }
        exe.run(List.of(inName, outName), TIMEOUT);
        List<S8Case.Result> results = new ArrayList<>(cases.size());
        try (InputStream is = new BufferedInputStream(Files.newInputStream(out), 1 << 16)) {
            DataInputStream ds = new DataInputStream(is);
            for (int i = 0; i < cases.size(); i++) {
                int status = readInt(ds);
                byte[] o = new byte[readInt(ds)];
                ds.readFully(o);
                results.add(new S8Case.Result(status, o));
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
     * Runs {@code cases} through the driver and through Java for {@code target} and {@code rounding}; fails on the
     * first differing status or byte.
     *
     * @return the number of cases compared
     */
    static int compare(S8Builds.Runner exe, List<S8Case> cases, S8Target target, S8Rounding rounding,
            String label) throws IOException {
        List<S8Case.Result> c = run(exe, cases, label);
        for (int i = 0; i < cases.size(); i++) {
            S8Case kc = cases.get(i);
            S8Case.Result j = S8JavaKernels.run(kc, target, rounding);
            S8Case.Result r = c.get(i);
            String where = label + " case " + i + ": " + kc.describe();
            if (r.status() == S8JavaKernels.NOT_AVAILABLE) {
                fail("driver does not provide " + kc.function() + ": " + where);
            }
            if (j.status() != r.status()) {
                fail("status Java " + j.status() + " != C " + r.status() + " in " + where);
            }
            if (j.out().length != r.out().length) {
                fail("output length Java " + j.out().length + " != C " + r.out().length + " in " + where);
            }
            for (int k = 0; k < j.out().length; k++) {
                if (j.out()[k] != r.out()[k]) {
                    HexFormat hex = HexFormat.of();
                    fail("output byte " + k + ": Java " + j.out()[k] + " != C " + r.out()[k] + " in " + where
                            + "\n A=" + hex.formatHex(kc.a()) + "\n B=" + hex.formatHex(kc.b()));
                }
            }
        }
        return cases.size();
    }

    private static void writeInts(OutputStream os, int[] v) throws IOException {
        if (v == null) {
            writeInt(os, -1);
            return;
        }
        writeInt(os, v.length);
        for (int x : v) {
            writeInt(os, x);
        }
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
