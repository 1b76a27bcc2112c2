package dev.j2cmsis.processor.quant;

import dev.j2cmsis.sim.runtime.Q7;
import java.util.Locale;

/** Power-of-two fixed point: a q7 value v stands for v / 2^frac. */
public final class QFormat {
    private QFormat() {
    }

    /**
     * Fractional bits that make {@code maxAbs} fit 8 bits: frac = 7 - ceil(log2(maxAbs)) (the CMSIS
     * nn_quantizer rule); 7 for an all-zero tensor.
     */
    public static int fracFor(double maxAbs) {
        if (!(maxAbs > 0)) {
            return 7;
        }
        int e = Math.getExponent(maxAbs);
        boolean powerOfTwo = maxAbs == Math.scalb(1.0, e);
        int intBits = powerOfTwo ? e : e + 1;
        return 7 - intBits;
    }

    /** round-to-nearest (ties to even, as numpy and torch round), then saturate to int8. */
    public static byte quantize(double x, int frac) {
        return Q7.quantize(x, frac);
    }

    /** round-to-nearest (ties to even), then saturate to int16. */
    public static short quantize16(double x, int frac) {
        double v = Math.rint(Math.scalb(x, frac));
        return (short) Math.max(-32768, Math.min(32767, v));
    }

    public static short[] quantize16(float[] x, int frac) {
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = quantize16(x[i], frac);
        }
        return out;
    }

    /** Qm.n text for a 16-bit format, e.g. Q2.13. */
    public static String text16(int frac) {
        return String.format(Locale.ROOT, "Q%d.%d", 15 - frac, frac);
    }

    public static byte[] quantize(float[] x, int frac) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = quantize(x[i], frac);
        }
        return out;
    }

    /** Qm.n text for an 8-bit format, e.g. Q2.5; m may be negative. */
    public static String text(int frac) {
        return String.format(Locale.ROOT, "Q%d.%d", 7 - frac, frac);
    }
}
