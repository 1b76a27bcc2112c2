package dev.j2cmsis.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.sim.runtime.Q7Network;
import dev.j2cmsis.sim.runtime.Simulators;
import org.junit.jupiter.api.Test;

/** A test written against Simulators.of switches backend with the YAML alone: the same class name, either backend. */
class SimulatorsTest {
    @Test
    void findsTheGeneratedSimulatorOfEitherBackend() {
        Q7Network q7 = Simulators.of(FashionLeNet.class);
        Q7Network s8 = Simulators.of(dev.j2cmsis.example.s8.FashionLeNet.class);
        assertTrue(q7 instanceof FashionLeNetQ7, q7.getClass().getName());
        assertTrue(s8 instanceof dev.j2cmsis.example.s8.FashionLeNetS8, s8.getClass().getName());
        float[] image = TestSet.images().images()[0];
        assertEquals(TestSet.images().labels()[0], s8.predict(image));
        assertEquals(q7.predict(image), Simulators.floatOf(FashionLeNet.class).predict(image));
        assertThrows(IllegalArgumentException.class, () -> Simulators.of(Main.class));
    }
}
