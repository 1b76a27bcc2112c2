package dev.j2cmsis.sim.runtime.s8;

import dev.j2cmsis.sim.kernels.s8.S8Rounding;
import dev.j2cmsis.sim.kernels.s8.S8Target;
import dev.j2cmsis.sim.runtime.LayerTrace;
import dev.j2cmsis.sim.runtime.WeightBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A generated s8 network as data: the CMSIS-NN v7.0.0 calls of every layer with all their arguments and constants,
 * where each tensor lives in the arena, and the int8 quantization of the input, the output and every layer. The
 * processor plans it once and writes both the C and this program from it; the generated simulator
 * ({@link S8Network}) loads it from a CRC-checked resource and runs it, so the simulator, the compile-time golden
 * vectors and the C call the same kernels with the same arguments.
 *
 * @param target     the CMSIS-NN code path simulated (the network's planned target)
 * @param arenaBytes    size of the arena on {@code target}
 * @param tensorOffsets the offset of each arena tensor on {@code target}, by tensor id
 * @param scratchBytes  the largest {@code ctx.buf} a step needs on {@code target} (at least 1: never NULL)
 */
public record S8Program(S8Target target, S8Rounding rounding, int inputSize, int outputSize, float inputScale,
                        int inputZeroPoint, float outputScale, int outputZeroPoint, int arenaBytes,
                        int[] tensorOffsets, int scratchBytes, List<Layer> layers) implements Serializable {

    /**
     * One user layer: its steps (none for a layer folded into the previous one's kernel, e.g. a ReLU), where its
     * output lies afterwards, and that tensor's shape (HWC, or {n}) and quantization.
     */
    public record Layer(String name, String kind, int[] shape, float scale, int zeroPoint, List<S8Step> steps,
                        S8Ref result, int size) implements Serializable {
        public Layer {
            shape = shape.clone();
            steps = List.copyOf(steps);
        }
    }

    public S8Program {
        layers = List.copyOf(layers);
    }

    /** Runs the network: int8 HWC input in, int8 output out, as the generated C's {@code <net>_run}. */
    public byte[] run(byte[] input) {
        return execute(input, null);
    }

    /** Every layer's output as the C leaves it in the arena, in layer order. */
    public List<LayerTrace> trace(byte[] input) {
        List<LayerTrace> t = new ArrayList<>();
        execute(input, t);
        return List.copyOf(t);
    }

    private byte[] execute(byte[] input, List<LayerTrace> trace) {
        if (input.length != inputSize) {
            throw new IllegalArgumentException("input has " + input.length + " values, expected " + inputSize);
        }
        byte[] output = new byte[outputSize];
        S8Memory m = new S8Memory(input, output, new byte[arenaBytes], tensorOffsets, new byte[scratchBytes], target,
                rounding);
        for (Layer l : layers) {
            for (S8Step s : l.steps()) {
                int status = s.execute(m);
                if (status != 0) {
                    throw new IllegalStateException(s.function() + " of layer " + l.name() + " returned " + status);
                }
            }
            if (trace != null) {
                int off = m.offset(l.result());
                trace.add(LayerTrace.ofS8(l.name(), l.kind(), l.shape(), l.scale(), l.zeroPoint(),
                        Arrays.copyOfRange(m.array(l.result()), off, off + l.size())));
            }
        }
        return output;
    }

    /** The program as the bytes of the simulator's resource (Java serialization of these records: deterministic). */
    public byte[] toBytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /**
     * Reads {@link #toBytes}. Only the records of this package and of the s8 kernel parameters, their arrays and
     * lists are accepted: the resource is j2cmsis's own (and CRC-checked), but nothing else is ever instantiated.
     */
    public static S8Program fromBytes(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(S8Program::allowed);
            return (S8Program) in.readObject();
        } catch (InvalidClassException e) {
            throw new IllegalStateException("the s8 program resource was written by another j2cmsis version ("
                    + e.getMessage() + "): regenerate the network (mvn clean compile)", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the s8 program resource: " + e, e);
        }
    }

    /** Loads a program resource beside {@code owner}, checking its length and CRC-32 ({@link WeightBlob#load}). */
    public static S8Program load(Class<?> owner, String resource, int length, long crc32) {
        return fromBytes(WeightBlob.load(owner, resource, length, crc32));
    }

    private static ObjectInputFilter.Status allowed(ObjectInputFilter.FilterInfo info) {
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        String n = c.getName();
        boolean ok = c.isPrimitive() || c.isEnum() || n.startsWith(S8Program.class.getPackageName() + ".")
                || n.startsWith(S8Target.class.getPackageName() + ".") || n.startsWith("java.util.ImmutableCollections")
                || n.equals("java.util.CollSer") || n.equals("java.lang.Enum") || n.equals("java.lang.String")
                || n.equals("java.lang.Object");
        return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }
}
