package dev.j2cmsis.sim.kernels;

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
import java.util.List;

/**
 * Writes cases for kernel_driver.c, runs it once per batch (natively or under QEMU) and reads its results
 * (little-endian int32). The files are named on the driver's command line relative to {@link KernelBuilds#workDir()},
 * so under QEMU they travel through semihosting.
 */
final class KernelDriver {

    private KernelDriver() {
    }

    /** Int parameters per case (the nonsquare kernels need up to 14). */
    static final int PARAMS = 16;

    /** Bound on one batch; a few thousand small cases take seconds natively and under QEMU. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    static List<KernelCase.Result> run(KernelBuilds.Executable exe, List<KernelCase> cases, String batchName)
            throws IOException {
        String inName = batchName + ".cases.bin";
        String outName = batchName + ".results.bin";
        Path in = KernelBuilds.workDir().resolve(inName);
        Path out = KernelBuilds.workDir().resolve(outName);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 16)) {
            writeInt(os, cases.size());
            for (KernelCase kc : cases) {
                writeInt(os, kc.kernel().id);
                if (kc.p().length > PARAMS) {
                    fail("more than " + PARAMS + " parameters: " + kc.describe());
                }
                for (int i = 0; i < PARAMS; i++) {
                    writeInt(os, i < kc.p().length ? kc.p()[i] : 0);
                }
                writeBlock(os, kc.a());
                writeBlock(os, kc.b());
                writeBlock(os, kc.c());
                writeInt(os, kc.outLen());
            }
        }
        exe.run(List.of(inName, outName), TIMEOUT);
        List<KernelCase.Result> results = new ArrayList<>(cases.size());
        try (InputStream is = new BufferedInputStream(Files.newInputStream(out), 1 << 16)) {
            DataInputStream ds = new DataInputStream(is);
            for (int i = 0; i < cases.size(); i++) {
                int status = readInt(ds);
                byte[] o = new byte[readInt(ds)];
                ds.readFully(o);
                byte[] a = new byte[readInt(ds)];
                ds.readFully(a);
                results.add(new KernelCase.Result(status, o, a));
            }
            if (ds.read() != -1) {
                fail("trailing bytes in driver output " + out);
            }
        }
        Files.delete(in);
        Files.delete(out);
        return results;
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
