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
    /** Concurrent: the executor is shared by the threads that measure the layers' quality in parallel. */
    private final Map<String, Method> methods = new java.util.concurrent.ConcurrentHashMap<>();

    public PlanExecutor(Plan plan) {
        this.plan = plan;
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
        for (Step s : plan.prelude()) {
            execute(s, mem);
        }
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (PlannedLayer l : plan.layers()) {
            for (Step s : l.steps()) {
                execute(s, mem);
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

    private void execute(Step st, Map<String, Object> mem) {
        if (st instanceof Step.Copy c) {
            System.arraycopy(mem.get(c.from().var()), plan.elementOffset(c.from()), mem.get(c.to().var()),
                    plan.elementOffset(c.to()), c.size());
            return;
        }
        JavaCall call = JavaCall.of(st, plan::elementOffset);
        List<Object> args = call.args();
        Object[] values = new Object[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = args.get(i) instanceof JavaCall.Arr a ? mem.get(a.name()) : args.get(i);
        }
        try {
            Object status = method(call).invoke(null, values);
            if (call.returnsStatus() && (Integer) status != 0) {
                throw new IllegalStateException(call.method() + " returned " + status + " for " + st);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(call.method() + " failed for " + st, e.getCause());
        }
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
