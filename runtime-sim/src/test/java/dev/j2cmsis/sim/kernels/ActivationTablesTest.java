package dev.j2cmsis.sim.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The embedded q7 tables follow the documented formula (the C twin embeds the same values: see the driver tests). */
class ActivationTablesTest {

    @Test
    void tablesFollowTheFormula() {
        byte[] sig = ArmActivationsQ7.tableQ7(ArmActivationsQ7.ARM_SIGMOID);
        byte[] tanh = ArmActivationsQ7.tableQ7(ArmActivationsQ7.ARM_TANH);
        for (int i = 0; i < 256; i++) {
            double x = ((byte) i) / 16.0;
            assertEquals(q7(1.0 / (1.0 + StrictMath.exp(-x))), sig[i], "sigmoid entry " + i);
            assertEquals(q7(StrictMath.tanh(x)), tanh[i], "tanh entry " + i);
        }
    }

    private static byte q7(double v) {
        return (byte) Math.max(-128, Math.min(127, (long) Math.floor(v * 128 + 0.5)));
    }
}
