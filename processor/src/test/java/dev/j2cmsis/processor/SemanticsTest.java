package dev.j2cmsis.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.processor.testing.TestNets;
import java.lang.reflect.Method;
import java.nio.file.Path;
import dev.j2cmsis.sim.runtime.LayerTrace;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The q7 network computes the float network (not only the same bytes as its C): on calibration-like inputs
 * the simulator's dequantized output follows the float reference's. A wrong weight layout (HWC order, the
 * CHW-to-HWC column permutation, the _opt interleaving) or a wrong shift would break this, while the
 * simulator and the C would still agree with each other.
 */
class SemanticsTest {
    @ParameterizedTest
    @EnumSource(TestNets.class)
    void simulatorOnThePlainPathTracksTheFloatReference(TestNets net, @TempDir Path tmp) throws Exception {
        // On the plain-C path every kernel is the textbook operation; the DSP path's max-pool with
        // padding >= stride (TINY's pool2) is not a true max-pool, which is why the planner warns about it.
        EndToEndTest.Generated g = EndToEndTest.generate(net, tmp, "cortex-m3");
        ClassLoader loader = g.sim().getClass().getClassLoader();
        Class<?> floatClass = loader.loadClass(net.floatClass());
        Object fl = floatClass.getConstructor().newInstance();
        Method forward = floatClass.getMethod("forward", float[].class);
        Method quantize = g.sim().getClass().getMethod("quantizeInput", float[].class);
        int outFrac = g.sim().getClass().getField("OUTPUT_FRAC_BITS").getInt(null);
        int inSize = g.sim().getClass().getField("INPUT_SIZE").getInt(null);
        Method traceMethod = g.sim().getClass().getMethod("trace", byte[].class);
        Random r = new Random(3);
        double err = 0;
        double norm = 0;
        for (int s = 0; s < 50; s++) {
            float[] raw = new float[inSize];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = r.nextInt(256);
            }
            float[] f = (float[]) forward.invoke(fl, (Object) raw);
            byte[] qin = (byte[]) quantize.invoke(g.sim(), (Object) raw);
            double[] qf = new double[f.length];
            double[] ff = new double[f.length];
            List<?> trace = (List<?>) traceMethod.invoke(g.sim(), (Object) qin);
            if (((LayerTrace) trace.get(trace.size() - 1)).kind().equals("Softmax")) {
                // CMSIS's q7 softmax is base 2 over the raw q7 logits: compare the logits instead, the float
                // ones recovered as log(p) up to a constant (both vectors centred).
                float[] logits = ((LayerTrace) trace.get(trace.size() - 2)).dequantize();
                for (int i = 0; i < f.length; i++) {
                    qf[i] = logits[i];
                    ff[i] = Math.log(f[i]);
                }
                centre(qf);
                centre(ff);
            } else {
                byte[] q = g.simulate(qin);
                for (int i = 0; i < f.length; i++) {
                    qf[i] = Math.scalb((double) q[i], -outFrac);
                    ff[i] = f[i];
                }
            }
            for (int i = 0; i < f.length; i++) {
                err += (qf[i] - ff[i]) * (qf[i] - ff[i]);
                norm += ff[i] * ff[i];
            }
        }
        double rel = Math.sqrt(err / norm);
        System.out.printf(Locale.ROOT, "%s: relative RMS error of the q7 output vs float: %.3f%n", net, rel);
        assertTrue(rel < 0.15, net + ": q7 output does not follow the float network, relative RMS error " + rel);
    }

    private static void centre(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] -= mean;
        }
    }
}
