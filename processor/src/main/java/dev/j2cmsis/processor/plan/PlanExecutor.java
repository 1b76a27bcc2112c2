package dev.j2cmsis.processor.plan;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a plan's steps with the runtime-sim kernels at compile time (for the golden vectors of the C test
 * harness). It invokes exactly the {@link JavaCall}s the simulator writer prints, so the generated simulator
 * and this executor agree by construction; the harness run under QEMU checks the C against both. Runs are
 * independent (each has its own buffers), so one executor may run inputs on several threads.
 */
public final class PlanExecutor {
    private final Plan plan;
    /** Kernels by owner and name, found while binding the steps. */
    private final Map<String, Method> methods = new HashMap<>();
    /**
     * Every step bound once, its kernel found and its arguments built: a run fills in only the buffers. (Building
     * the calls per run made {@link JavaCall#of} hot: in one build of the example project the JIT's optimising
     * compiler spent 662 ms on that method alone.) Read-only after construction, so runs may share them.
     */
    private final List<Bound> prelude;
    private final List<List<Bound>> layers;

    public PlanExecutor(Plan plan) {
        this.plan = plan;
        this.prelude = plan.prelude().stream().map(this::bind).toList();
        this.layers = plan.layers().stream().map(l -> l.steps().stream().map(this::bind).toList()).toList();
    }

    /** The q7 output for one q7 HWC input. */
    public byte[] run(byte[] input) {
        return (byte[]) runTrace(input, false).get(0);
    }

    /**
     * Every layer's result, in layer order, as the values left in its buffer (a {@code byte[]} for q7, a
     * {@code short[]} for q15), followed by the q7 network output.
     */
    public java.util.List<Object> trace(byte[] input) {
        return runTrace(input, true);
    }

    private java.util.List<Object> runTrace(byte[] input, boolean traced) {
        if (input.length != plan.inputSize()) {
            throw new IllegalArgumentException("input has " + input.length + " values, expected "
                    + plan.inputSize());
        }
        Map<String, Object> mem = new HashMap<>();
        mem.put(Buf.INPUT.var(), input.clone());
        mem.put(Buf.OUTPUT.var(), new byte[plan.outputSize()]);
        mem.put("w", plan.blob());
        mem.put("w15", plan.blob15());
        mem.put(Buf.activation(0).var(), new byte[plan.arenaBytes()]);
        mem.put(Buf.activation(0, true).var(), new short[plan.arenaBytes() / 2]);
        for (Bound s : prelude) {
            s.run(mem);
        }
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            PlannedLayer l = plan.layers().get(k);
            for (Bound s : layers.get(k)) {
                s.run(mem);
            }
            if (traced) {
                Object a = mem.get(l.result().var());
                int from = plan.elementOffset(l.result());
                out.add(a instanceof byte[] b ? Arrays.copyOfRange(b, from, from + l.out().size())
                        : Arrays.copyOfRange((short[]) a, from, from + l.out().size()));
            }
        }
        out.add(Arrays.copyOf((byte[]) mem.get(Buf.OUTPUT.var()), plan.outputSize()));
        return traced ? out : java.util.List.of(out.get(out.size() - 1));
    }

    /** One step of a run, on that run's buffers (by variable name). */
    private interface Bound {
        void run(Map<String, Object> mem);
    }

    private Bound bind(Step st) {
        if (st instanceof Step.Copy c) {
            String from = c.from().var();
            String to = c.to().var();
            int fromAt = plan.elementOffset(c.from());
            int toAt = plan.elementOffset(c.to());
            int size = c.size();
            return mem -> System.arraycopy(mem.get(from), fromAt, mem.get(to), toAt, size);
        }
        JavaCall call = JavaCall.of(st, plan::elementOffset);
        Method method = method(call);
        Object[] template = call.args().toArray();
        String[] arrays = new String[template.length];
        for (int i = 0; i < template.length; i++) {
            arrays[i] = template[i] instanceof JavaCall.Arr a ? a.name() : null;
        }
        return mem -> {
            Object[] values = template.clone();
            for (int i = 0; i < values.length; i++) {
                if (arrays[i] != null) {
                    values[i] = mem.get(arrays[i]);
                }
            }
            try {
                Object status = method.invoke(null, values);
                if (call.returnsStatus() && (Integer) status != 0) {
                    throw new IllegalStateException(call.method() + " returned " + status + " for " + st);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(call.method() + " failed for " + st, e.getCause());
            }
        };
    }

    private Method method(JavaCall call) {
        return methods.computeIfAbsent(call.owner() + "." + call.method(), k -> {
            try {
                Class<?> owner = Class.forName(JavaCall.KERNELS + "." + call.owner());
                for (Method m : owner.getMethods()) {
                    if (m.getName().equals(call.method()) && m.getParameterCount() == call.args().size()) {
                        return m;
                    }
                }
                throw new IllegalStateException("no " + k + " with " + call.args().size() + " parameters");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
