package dev.j2cmsis.sim.runtime;

import java.lang.reflect.InvocationTargetException;

/**
 * The generated classes of a {@code @Network} class, whatever backend its YAML chose: {@code <Class>Q7} (scheme
 * q7, q15, q7q15) or {@code <Class>S8} (scheme s8), and {@code <Class>Float}. A test written against
 * {@code Simulators.of(MyNet.class)} switches backend when only the YAML changes.
 */
public final class Simulators {
    /** The suffixes of the generated simulator classes, one per backend. */
    static final String[] SUFFIXES = {"Q7", "S8"};

    private Simulators() {
    }

    /** A new instance of the network's generated simulator. */
    public static Q7Network of(Class<?> network) {
        for (String suffix : SUFFIXES) {
            Object o = instance(network, suffix);
            if (o != null) {
                return (Q7Network) o;
            }
        }
        throw new IllegalArgumentException("no generated simulator for " + network.getName() + " (looked for "
                + network.getName() + "Q7 and " + network.getName() + "S8): is it a @Network class, compiled with "
                + "the j2cmsis processor?");
    }

    /** A new instance of the network's generated float reference. */
    public static FloatNetwork floatOf(Class<?> network) {
        Object o = instance(network, "Float");
        if (o == null) {
            throw new IllegalArgumentException("no generated float reference " + network.getName() + "Float");
        }
        return (FloatNetwork) o;
    }

    private static Object instance(Class<?> network, String suffix) {
        Class<?> c;
        try {
            c = Class.forName(network.getName() + suffix, true, network.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        try {
            return c.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot instantiate " + c.getName() + ": " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot instantiate " + c.getName() + ": " + e.getCause(), e.getCause());
        }
    }
}
