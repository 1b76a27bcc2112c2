package dev.j2cmsis.processor;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.model.FloatTensor;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.model.Transform;
import dev.j2cmsis.processor.read.config.CalibrationConfig;
import dev.j2cmsis.processor.read.config.Located;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import dev.j2cmsis.sim.data.IdxReader;
import dev.j2cmsis.sim.data.NdArray;
import dev.j2cmsis.sim.data.NpyReader;
import dev.j2cmsis.sim.data.Tensor;
import dev.j2cmsis.sim.data.TensorFiles;
import dev.j2cmsis.sim.runtime.Q7;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the files the YAML names: the weights and the calibration data, with errors pointing at the YAML. */
final class Inputs {
    private Inputs() {
    }

    /**
     * Every tensor of the weights file as float32. Integer tensors (I8, I64, ...) are converted with a warning:
     * the documented format is float32, and integers usually mean the wrong file (a quantized export, or the
     * step counter of a checkpoint).
     */
    static Map<String, FloatTensor> weights(NetworkConfig config, Report report) throws AbortException {
        Located<Path> w = config.weights();
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        List<String> integers = new ArrayList<>();
        try {
            for (Map.Entry<String, NdArray> e : TensorFiles.readArrays(w.value()).entrySet()) {
                NdArray a = e.getValue();
                if (!a.dtype().isFloatingPoint()) {
                    integers.add("'" + e.getKey() + "' " + a.dtype());
                }
                Tensor t = a.toTensor(e.getKey());
                out.put(e.getKey(), new FloatTensor(e.getKey(), t.shape(), t.data()));
            }
        } catch (IOException | RuntimeException e) {
            throw new AbortException(Tag.WEIGHTS, Where.network("config"), w.pos() + ": cannot read weights file "
                    + w.value() + ": " + e.getMessage() + ". Fix: name a float32 safetensors, .npz or .npy file "
                    + "written by PyTorch/numpy (e.g. safetensors.torch.save_file(model.state_dict(), ...)).");
        }
        if (!integers.isEmpty()) {
            report.warning(Tag.WEIGHTS, Where.network("config"), w.pos() + ": " + w.value().getFileName()
                    + " holds integer tensors, which j2cmsis converts to float32 as they are: "
                    + String.join(", ", integers.size() > 10 ? integers.subList(0, 10) : integers)
                    + (integers.size() > 10 ? ", ... (" + integers.size() + " in all)" : "")
                    + ". Fix: export the float weights of the trained model (not a quantized one), e.g. "
                    + "{k: v.float() for k, v in model.state_dict().items()}.");
        }
        return out;
    }

    /** The calibration samples, transformed to float network inputs (CHW). */
    static List<float[]> calibration(NetworkConfig config, Shape input, Transform transform, Report report)
            throws AbortException {
        CalibrationConfig cal = config.calibration();
        Located<Path> data = cal.data();
        int limit = cal.samples().map(Located::value).orElse(Integer.MAX_VALUE);
        NdArray arr;
        try {
            String name = data.value().getFileName().toString();
            arr = name.endsWith(".npy") ? NpyReader.read(data.value()) : IdxReader.read(data.value(), limit);
        } catch (IOException | RuntimeException e) {
            throw new AbortException(Tag.CALIBRATION, Where.network("config"), data.pos()
                    + ": cannot read calibration data " + data.value() + ": " + e.getMessage()
                    + ". Fix: give an IDX file (*-ubyte or *-ubyte.gz) or a .npy array of shape [N, H, W] or "
                    + "[N, C, H, W].");
        }
        int[] shape = arr.shape();
        int[] item = shape.length == 0 ? new int[0] : Arrays.copyOfRange(shape, 1, shape.length);
        boolean ok = (item.length == 3 && item[0] == input.c() && item[1] == input.h() && item[2] == input.w())
                || (item.length == 2 && input.c() == 1 && item[0] == input.h() && item[1] == input.w());
        if (!ok) {
            throw new AbortException(Tag.CALIBRATION, Where.network("input"), data.pos() + ": calibration data "
                    + data.value().getFileName() + " has shape " + Arrays.toString(shape) + " (items of "
                    + Arrays.toString(item) + ") but the network input is " + input + ". Fix: give samples of shape "
                    + "[N, " + input.c() + ", " + input.h() + ", " + input.w() + "]"
                    + (input.c() == 1 ? " or [N, " + input.h() + ", " + input.w() + "]" : "")
                    + ", or correct @Network(input = ...).");
        }
        int n = Math.min(arr.items(), limit);
        if (n == 0) {
            throw new AbortException(Tag.CALIBRATION, Where.network("config"), data.pos()
                    + ": calibration data " + data.value().getFileName() + " holds no samples. Fix: give at least "
                    + "one (a few hundred to a few thousand representative inputs is typical).");
        }
        double[] mean = transform.mean();
        double[] std = transform.std();
        List<float[]> out = new ArrayList<>(n);
        boolean allZero = true;
        for (int i = 0; i < n; i++) {
            float[] raw = arr.itemFloats(i);
            for (int j = 0; j < raw.length; j++) {
                if (!Float.isFinite(raw[j])) {
                    throw new AbortException(Tag.CALIBRATION, Where.network("config"), String.format(Locale.ROOT,
                            "%s: calibration data %s holds %s in sample %d at flat index %d of the sample (item "
                                    + "shape %s). Fix: clean the data set; calibration needs finite inputs.",
                            data.pos(), data.value().getFileName(), raw[j], i, j, Arrays.toString(item)));
                }
                allZero &= raw[j] == 0;
            }
            out.add(Q7.transformChw(raw, input.c(), input.h(), input.w(), transform.scale(), mean, std));
        }
        if (allZero) {
            report.warning(Tag.CALIBRATION, Where.network("config"), data.pos() + ": the " + n + " calibration "
                    + "sample(s) of " + data.value().getFileName() + " are all zero, so the activation ranges "
                    + "j2cmsis measures say nothing about real inputs. Fix: calibrate with representative inputs.");
        }
        return out;
    }

    /** The YAML transform with mean and std expanded to one value per channel. */
    static Transform transform(NetworkConfig config, Shape input) throws AbortException {
        var t = config.calibration().transform();
        double[] mean = perChannel(t.mean(), input.c(), "mean", t);
        double[] std = perChannel(t.std(), input.c(), "std", t);
        return new Transform(t.scale(), mean, std);
    }

    private static double[] perChannel(double[] v, int c, String what,
                                       dev.j2cmsis.processor.read.config.TransformConfig t) throws AbortException {
        if (v.length == c) {
            return v.clone();
        }
        if (v.length == 1) {
            double[] out = new double[c];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new AbortException(Tag.CALIBRATION, Where.network("input"), t.pos() + ": transform " + what
                + " has " + v.length + " values but the input has " + c + " channels. Fix: give one value, or one "
                + "per channel.");
    }
}
