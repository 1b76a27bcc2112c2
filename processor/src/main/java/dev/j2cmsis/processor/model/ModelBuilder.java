package dev.j2cmsis.processor.model;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Suggest;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.read.CNames;
import dev.j2cmsis.processor.read.LayerDeclaration;
import dev.j2cmsis.processor.read.LayerKind;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.processor.read.config.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the immutable {@link NetworkModel}: resolves every layer's inputs, infers shapes, checks the layer
 * order, resolves and checks the weight tensors (presence, shape, finite values) and folds batch norms into
 * the layer before them.
 */
public final class ModelBuilder {
    /** CMSIS-NN legacy kernels take every dimension as uint16_t. */
    static final int U16_MAX = 65535;
    /** The name {@code inputs} uses for the network input. */
    public static final String INPUT_NAME = "input";

    private final NetworkDeclaration decl;
    private final Map<String, FloatTensor> weights;
    private final Map<String, String> names;
    private final String weightsFile;
    private final Report report;
    private final List<LayerSpec> layers = new ArrayList<>();
    private final Map<String, Integer> indexByName = new HashMap<>();
    private Shape input;

    /**
     * @param weights     every tensor of the weights file, by key
     * @param names       explicit layer name to key prefix mapping from the YAML
     * @param weightsFile the weights file's name, for messages
     */
    public ModelBuilder(NetworkDeclaration decl, Map<String, FloatTensor> weights, Map<String, String> names,
                        String weightsFile, Report report) {
        this.decl = decl;
        this.weights = weights;
        this.names = names;
        this.weightsFile = weightsFile;
        this.report = report;
    }

    public NetworkModel build(Transform transform, Target target) throws AbortException {
        int[] in = decl.input().value();
        checkU16(Where.network("input"), "input", in);
        if ((long) in[0] * in[1] * in[2] > MAX_ACTIVATION) {
            throw new AbortException(Tag.SHAPE, Where.network("input"), String.format(Locale.ROOT,
                    "input {%d, %d, %d} has %d values; at most %d per tensor are accepted.", in[0], in[1], in[2],
                    (long) in[0] * in[1] * in[2], MAX_ACTIVATION));
        }
        input = Shape.spatial(in[0], in[1], in[2]);
        List<LayerDeclaration> decls = decl.layers();
        for (LayerDeclaration d : decls) {
            if (d.name().equals(INPUT_NAME)) {
                throw new AbortException(Tag.ANNOTATION, Where.layer(d.index()), "a layer field cannot be named '"
                        + INPUT_NAME + "': 'inputs' uses that name for the network input. Fix: rename the field.");
            }
        }
        for (int i = 0; i < decls.size(); i++) {
            LayerDeclaration d = decls.get(i);
            List<Integer> inputs = inputs(d);
            LayerSpec layer = layer(d, inputs, i == decls.size() - 1);
            report.throwIfErrors();
            checkActivation(d, layer.out());
            layers.add(layer);
            indexByName.put(d.name(), i);
        }
        for (String mapped : names.keySet()) {
            if (decls.stream().noneMatch(d -> d.name().equals(mapped))) {
                report.warning(Tag.YAML, Where.network("config"), "names: maps '" + mapped
                        + "', which is not a layer of this network; it is ignored."
                        + Suggest.didYouMean(mapped, decls.stream().map(LayerDeclaration::name).toList()));
            }
        }
        String cName = decl.prefix().value().isEmpty() ? snakeCase(decl.simpleName()) : decl.prefix().value();
        String why = CNames.problem(cName);
        if (why != null) {
            throw new AbortException(Tag.ANNOTATION, Where.network(), "the C prefix '" + CNames.shorten(cName)
                    + "' derived from the class name " + why.replace("Fix: ", "Fix: set prefix = \"...\"; "));
        }
        return new NetworkModel(decl.packageName(), decl.simpleName(), cName, input, layers, transform, target,
                decl.packageName().isEmpty() ? decl.simpleName() : decl.packageName() + "." + decl.simpleName());
    }

    /** The layers a declaration reads: its {@code inputs}, or the previous layer. */
    private List<Integer> inputs(LayerDeclaration d) throws AbortException {
        String[] named = d.has("inputs") ? d.stringsValue("inputs") : new String[0];
        int want = switch (d.kind()) {
            case ADD -> 2;
            case CONCAT -> -2;
            default -> 1;
        };
        if (named.length == 0) {
            if (want != 1) {
                throw new AbortException(Tag.ANNOTATION, Where.layer(d.index(), "inputs"), "@" + d.kind().simpleName()
                        + " '" + d.name() + "' needs inputs = {\"a\", \"b\"}: the layers it combines.");
            }
            return List.of(layers.isEmpty() ? LayerSpec.INPUT : layers.size() - 1);
        }
        Where where = Where.layer(d.index(), "inputs");
        if (want == 1 && named.length != 1) {
            throw new AbortException(Tag.ANNOTATION, where, "@" + d.kind().simpleName() + " '" + d.name()
                    + "' reads one tensor but inputs names " + named.length + ". Fix: name one layer, or use @Add "
                    + "or @Concat to combine several.");
        }
        if (want == 2 && named.length != 2) {
            throw new AbortException(Tag.ANNOTATION, where, "@Add '" + d.name() + "' adds exactly two tensors but "
                    + "inputs names " + named.length + ". Fix: chain several @Add layers.");
        }
        if (want == -2 && named.length < 2) {
            throw new AbortException(Tag.ANNOTATION, where, "@Concat '" + d.name() + "' needs at least two inputs.");
        }
        List<Integer> out = new ArrayList<>();
        for (String n : named) {
            if (n.equals(INPUT_NAME)) {
                out.add(LayerSpec.INPUT);
                continue;
            }
            if (n.equals(d.name())) {
                throw new AbortException(Tag.ORDER, where, "'" + d.name() + "' names itself in inputs; a layer "
                        + "reads the output of an earlier layer or 'input'. Fix: name the layer it should read.");
            }
            Integer idx = indexByName.get(n);
            if (idx == null) {
                boolean later = decl.layers().stream().anyMatch(l -> l.name().equals(n));
                List<String> earlier = new ArrayList<>(indexByName.keySet());
                earlier.add(INPUT_NAME);
                throw new AbortException(Tag.ORDER, where, later
                        ? "'" + d.name() + "' reads '" + n + "', which is declared after it; layers are computed "
                                + "in declaration order. Fix: declare '" + n + "' before '" + d.name() + "'."
                        : "'" + d.name() + "' reads '" + n + "', which is not a layer of this network."
                                + Suggest.didYouMean(n, earlier) + " Layers before it: "
                                + String.join(", ", earlier.stream().sorted().toList()) + ".");
            }
            out.add(idx);
        }
        return out;
    }

    private Shape shapeOf(int index) {
        return index == LayerSpec.INPUT ? input : layers.get(index).out();
    }

    private LayerSpec layer(LayerDeclaration d, List<Integer> inputs, boolean last) throws AbortException {
        int idx = d.index();
        String name = d.name();
        List<Shape> ins = inputs.stream().map(this::shapeOf).toList();
        Shape in = ins.get(0);
        for (int i : inputs) {
            if (i != LayerSpec.INPUT && layers.get(i) instanceof LayerSpec.Softmax s) {
                throw new AbortException(Tag.ORDER, Where.layer(idx), "'" + name + "' reads the Softmax '" + s.name()
                        + "'; Softmax must be the last layer. Fix: read the layer before it.");
            }
            if (i != LayerSpec.INPUT && layers.get(i) instanceof LayerSpec.Flatten f
                    && f.in().needsChwToHwcPermutation() && d.kind() != LayerKind.LINEAR && !isActivation(d.kind())) {
                throw new AbortException(Tag.ORDER, Where.layer(idx), "@" + d.kind().simpleName() + " '" + name
                        + "' follows the Flatten '" + f.name() + "' of a " + f.in() + " tensor; only a @Linear (or an "
                        + "activation) may follow a Flatten of a spatial tensor, because the C keeps tensors in HWC "
                        + "order and only a Linear can absorb the CHW flatten order. Fix: put a @Linear after '"
                        + f.name() + "'.");
            }
        }
        switch (d.kind()) {
            case CONV2D -> {
                return conv(d, inputs, ins);
            }
            case LINEAR -> {
                return linear(d, inputs, ins);
            }
            case MAXPOOL, AVGPOOL -> {
                return pool(d, inputs, ins);
            }
            case RELU, SIGMOID, TANH -> {
                LayerSpec.Activation.Function f = d.kind() == LayerKind.RELU ? LayerSpec.Activation.Function.RELU
                        : d.kind() == LayerKind.SIGMOID ? LayerSpec.Activation.Function.SIGMOID
                        : LayerSpec.Activation.Function.TANH;
                return new LayerSpec.Activation(name, idx, inputs, ins, in, f);
            }
            case SOFTMAX -> {
                if (!last) {
                    throw new AbortException(Tag.ORDER, Where.layer(idx), "Softmax '" + name
                            + "' is not the last layer; CMSIS-NN's arm_softmax_q7 ends a network. Fix: move it to "
                            + "the end or remove it.");
                }
                if (!in.flat() && in.h() * in.w() > 1) {
                    throw new AbortException(Tag.ORDER, Where.layer(idx), "Softmax '" + name
                            + "' gets a spatial tensor " + in + "; it needs a vector. Fix: add a @Linear (or a "
                            + "@Flatten of a 1x1 tensor) before it.");
                }
                return new LayerSpec.Softmax(name, idx, inputs, ins, Shape.vector(in.size()));
            }
            case FLATTEN -> {
                return new LayerSpec.Flatten(name, idx, inputs, ins, Shape.vector(in.size()));
            }
            case BATCHNORM -> {
                return batchNorm(d, inputs, ins);
            }
            case ADD -> {
                if (!ins.get(0).equals(ins.get(1))) {
                    throw new AbortException(Tag.SHAPE, Where.layer(idx, "inputs"), "@Add '" + name + "' adds "
                            + ins.get(0) + " and " + ins.get(1) + "; the shapes must be equal. Fix: add tensors of "
                            + "the same shape.");
                }
                return new LayerSpec.Add(name, idx, inputs, ins, in);
            }
            case CONCAT -> {
                int c = 0;
                for (Shape s : ins) {
                    if (s.flat() || s.h() != in.h() || s.w() != in.w()) {
                        throw new AbortException(Tag.SHAPE, Where.layer(idx, "inputs"), "@Concat '" + name
                                + "' joins channels of tensors with equal height and width, but gets "
                                + ins.stream().map(Shape::toString).toList() + ". Fix: concatenate spatial tensors "
                                + "of the same size.");
                    }
                    c += s.c();
                }
                return new LayerSpec.Concat(name, idx, inputs, ins, Shape.spatial(c, in.h(), in.w()));
            }
            default -> throw new IllegalStateException(d.kind().toString());
        }
    }

    private static boolean isActivation(LayerKind k) {
        return k == LayerKind.RELU || k == LayerKind.SIGMOID || k == LayerKind.TANH;
    }

    private Geometry geometry(LayerDeclaration d, boolean pool) {
        int[] k = d.intsValue("kernel");
        int[] s = d.intsValue("stride");
        int[] p = d.intsValue("padding");
        int ky = k[0];
        int kx = k[k.length - 1];
        int sy = pool && s.length == 0 ? ky : s[0];
        int sx = pool && s.length == 0 ? kx : s[s.length - 1];
        return new Geometry(ky, kx, sy, sx, p[0], p[p.length - 1]);
    }

    private LayerSpec conv(LayerDeclaration d, List<Integer> inputs, List<Shape> ins) throws AbortException {
        int idx = d.index();
        Shape in = ins.get(0);
        if (in.flat()) {
            throw new AbortException(Tag.ORDER, Where.layer(idx), "@Conv2d '" + d.name()
                    + "' gets a flat vector " + in + "; a convolution needs a spatial [C, H, W] input. Fix: move "
                    + "it before the Linear/Flatten layers.");
        }
        Geometry g = geometry(d, false);
        int outC = d.intValue("outChannels");
        int groups = d.intValue("groups");
        boolean depthwise = groups > 1;
        if (groups != 1 && !(groups == in.c() && outC == in.c())) {
            throw new AbortException(Tag.UNSUPPORTED, Where.layer(idx, "groups"), "groups = " + groups + " of '"
                    + d.name() + "' on " + in.c() + " input channels with " + outC + " outputs is a grouped "
                    + "convolution, which CMSIS-NN's legacy API does not have. Fix: use groups = 1, or a depthwise "
                    + "convolution: groups = outChannels = " + in.c() + ".");
        }
        Shape out = Shape.spatial(outC, outDim(d, "kernel", in.h(), g.kernelY(), g.strideY(), g.padY()),
                outDim(d, "kernel", in.w(), g.kernelX(), g.strideX(), g.padX()));
        checkU16(Where.layer(idx, "outChannels"), "outChannels", new int[] {outC});
        long column = (long) (depthwise ? 1 : in.c()) * g.kernelY() * g.kernelX();
        if (column > U16_MAX) {
            throw new AbortException(Tag.SHAPE, Where.layer(idx, "kernel"), "'" + d.name() + "' has "
                    + in.c() + "x" + g.kernelY() + "x" + g.kernelX() + " = " + column + " inputs per output; the "
                    + "CMSIS DSP path counts them in uint16_t (max 65535). Fix: use fewer input channels or a "
                    + "smaller kernel.");
        }
        String what = "@Conv2d(outChannels = " + outC + ", kernel = " + kernelText(g)
                + (depthwise ? ", groups = " + groups : "") + ") on input " + in;
        FloatTensor w = tensor(d, "weight", new int[] {outC, depthwise ? 1 : in.c(), g.kernelY(), g.kernelX()}, what);
        FloatTensor b = d.boolValue("bias") ? tensor(d, "bias", new int[] {outC}, "@Conv2d(outChannels = " + outC
                + ")") : null;
        return new LayerSpec.Conv2d(d.name(), idx, inputs, ins, out, g, depthwise, w, b);
    }

    private static String kernelText(Geometry g) {
        return g.kernelY() == g.kernelX() ? Integer.toString(g.kernelY()) : "{" + g.kernelY() + ", " + g.kernelX() + "}";
    }

    private LayerSpec linear(LayerDeclaration d, List<Integer> inputs, List<Shape> ins) throws AbortException {
        int idx = d.index();
        Shape in = ins.get(0);
        int outF = d.intValue("outFeatures");
        checkU16(Where.layer(idx, "outFeatures"), "outFeatures", new int[] {outF});
        if (in.size() > U16_MAX) {
            throw new AbortException(Tag.SHAPE, Where.layer(idx), "@Linear '" + d.name() + "' gets " + in.size()
                    + " input features; CMSIS-NN takes dim_vec as uint16_t (max 65535). Fix: reduce the input "
                    + "with pooling or strided convolutions first.");
        }
        FloatTensor w = tensor(d, "weight", new int[] {outF, in.size()},
                "@Linear(outFeatures = " + outF + ") on input " + in);
        FloatTensor b = d.boolValue("bias") ? tensor(d, "bias", new int[] {outF},
                "@Linear(outFeatures = " + outF + ")") : null;
        return new LayerSpec.Linear(d.name(), idx, inputs, ins, Shape.vector(outF), w, b);
    }

    private LayerSpec pool(LayerDeclaration d, List<Integer> inputs, List<Shape> ins) throws AbortException {
        int idx = d.index();
        Shape in = ins.get(0);
        boolean max = d.kind() == LayerKind.MAXPOOL;
        String kind = max ? "@MaxPool" : "@AvgPool";
        if (in.flat()) {
            throw new AbortException(Tag.ORDER, Where.layer(idx), kind + " '" + d.name()
                    + "' gets a flat vector " + in + "; pooling needs a spatial [C, H, W] input. Fix: move it "
                    + "before the Linear/Flatten layers.");
        }
        Geometry g = geometry(d, true);
        if (!max && (g.padY() > 0 || g.padX() > 0)) {
            throw new AbortException(Tag.UNSUPPORTED, Where.layer(idx, "padding"), "@AvgPool '" + d.name()
                    + "' has padding; CMSIS-NN averages only the in-image values while PyTorch's AvgPool2d counts "
                    + "the padding by default, so the trained network and the C would disagree. Fix: use "
                    + "padding = 0.");
        }
        if (2 * g.padY() > g.kernelY() || 2 * g.padX() > g.kernelX()) {
            throw new AbortException(Tag.SHAPE, Where.layer(idx, "padding"), "padding " + g.padY()
                    + (g.padX() != g.padY() ? "x" + g.padX() : "") + " of '" + d.name() + "' is more than half the "
                    + "kernel " + kernelText(g) + " (as in PyTorch, windows would lie entirely in the padding). Fix: "
                    + "use padding <= " + g.kernelY() / 2 + ".");
        }
        boolean ceil = d.boolValue("ceilMode");
        Shape out = Shape.spatial(in.c(), poolDim(d, in.h(), g.kernelY(), g.strideY(), g.padY(), ceil),
                poolDim(d, in.w(), g.kernelX(), g.strideX(), g.padX(), ceil));
        return new LayerSpec.Pool(d.name(), idx, inputs, ins, out, g, max, ceil);
    }

    /**
     * The floor-mode size, or PyTorch's ceil-mode size (at most one more); {@link #outDim} checks the geometry
     * and reports a bad one either way.
     */
    private int poolDim(LayerDeclaration d, int in, int k, int s, int p, boolean ceil) throws AbortException {
        int floor = outDim(d, "kernel", in, k, s, p);
        return ceil ? dev.j2cmsis.sim.floatref.FloatKernels.poolOutputSize(in, k, s, p, true) : floor;
    }

    /** Folds the batch norm into the Conv2d or Linear it follows, which must have no other reader. */
    private LayerSpec batchNorm(LayerDeclaration d, List<Integer> inputs, List<Shape> ins) throws AbortException {
        int idx = d.index();
        int src = inputs.get(0);
        LayerSpec prev = src == LayerSpec.INPUT ? null : layers.get(src);
        if (!(prev instanceof LayerSpec.Conv2d) && !(prev instanceof LayerSpec.Linear)) {
            throw new AbortException(Tag.UNSUPPORTED, Where.layer(idx), "@BatchNorm '" + d.name() + "' follows "
                    + (prev == null ? "the network input" : "the " + prev.kind() + " '" + prev.name() + "'")
                    + "; j2cmsis folds a batch norm into the @Conv2d or @Linear right before it. Fix: put it "
                    + "directly after a convolution or linear layer.");
        }
        for (LayerDeclaration other : decl.layers()) {
            if (other.index() != idx && other.has("inputs")
                    && Arrays.asList(other.stringsValue("inputs")).contains(prev.name())) {
                throw new AbortException(Tag.UNSUPPORTED, Where.layer(idx), "@BatchNorm '" + d.name()
                        + "' cannot be folded into '" + prev.name() + "' because '" + other.name()
                        + "' also reads '" + prev.name() + "' before normalization.");
            }
        }
        int c = prev.out().c();
        String what = "@BatchNorm after '" + prev.name() + "' (" + c + " channels)";
        FloatTensor gamma = tensor(d, "weight", new int[] {c}, what);
        FloatTensor beta = tensor(d, "bias", new int[] {c}, what);
        FloatTensor mean = tensor(d, "running_mean", new int[] {c}, what);
        FloatTensor var = tensor(d, "running_var", new int[] {c}, what);
        double eps = d.doubleValue("eps");
        FloatTensor epsTensor = weights.get(names.getOrDefault(d.name(), d.name()) + ".eps");
        if (epsTensor != null && epsTensor.data().length == 1) {
            eps = epsTensor.data()[0];
        }
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = gamma.data()[i] / Math.sqrt(var.data()[i] + eps);
            scale[i] = (float) s;
            shift[i] = (float) (beta.data()[i] - mean.data()[i] * s);
        }
        LayerSpec folded;
        if (prev instanceof LayerSpec.Conv2d conv) {
            FloatTensor w = scaleRows(conv.weight(), scale, d.name());
            FloatTensor b = foldBias(conv.bias(), scale, shift, conv.name(), d.name());
            folded = new LayerSpec.Conv2d(conv.name(), conv.index(), conv.inputs(), conv.ins(), conv.out(),
                    conv.geometry(), conv.depthwise(), w, b);
        } else {
            LayerSpec.Linear lin = (LayerSpec.Linear) prev;
            folded = new LayerSpec.Linear(lin.name(), lin.index(), lin.inputs(), lin.ins(), lin.out(),
                    scaleRows(lin.weight(), scale, d.name()), foldBias(lin.bias(), scale, shift, lin.name(),
                    d.name()));
        }
        layers.set(src, folded);
        return new LayerSpec.BatchNorm(d.name(), idx, inputs, ins, ins.get(0), prev.name());
    }

    /** Multiplies each output row (first axis) by its scale. */
    private static FloatTensor scaleRows(FloatTensor w, float[] scale, String bn) {
        float[] data = w.data().clone();
        int rows = scale.length;
        int per = data.length / rows;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < per; j++) {
                data[r * per + j] = (float) ((double) data[r * per + j] * scale[r]);
            }
        }
        return new FloatTensor(w.key() + " (folded " + bn + ")", w.shape(), data);
    }

    private static FloatTensor foldBias(FloatTensor b, float[] scale, float[] shift, String layer, String bn) {
        float[] out = new float[scale.length];
        for (int i = 0; i < out.length; i++) {
            double bias = b == null ? 0 : b.data()[i];
            out[i] = (float) (bias * scale[i] + shift[i]);
        }
        return new FloatTensor(layer + ".bias (folded " + bn + ")", new int[] {out.length}, out);
    }

    /**
     * PyTorch's floor-mode output size on one axis, in long arithmetic so a huge padding is reported on this
     * layer's padding rather than as a negative size on a later layer.
     */
    private int outDim(LayerDeclaration d, String attr, int in, int k, int s, int p) throws AbortException {
        long padded = in + 2L * p;
        if (padded < k) {
            throw new AbortException(Tag.SHAPE, Where.layer(d.index(), attr), "kernel " + k + " of '" + d.name()
                    + "' is larger than its padded input (" + in + " + 2x" + p + " = " + padded
                    + "), so the output would be empty. Fix: use kernel <= " + padded + " or more padding.");
        }
        long out = (padded - k) / s + 1;
        if (out > U16_MAX) {
            throw new AbortException(Tag.SHAPE, Where.layer(d.index(), "padding"), "'" + d.name() + "' would "
                    + "output " + out + " rows or columns (input " + in + " + 2x" + p + " padding, kernel " + k
                    + ", stride " + s + "); CMSIS-NN legacy kernels take dimensions as uint16_t (max 65535). Fix: "
                    + "use a padding of at most (kernel - 1) / 2 = " + (k - 1) / 2 + " for 'same' output size.");
        }
        return (int) out;
    }

    /**
     * Largest activation accepted, in elements: 16 Mi q7 values are 16 MB of RAM, far beyond any Cortex-M, and
     * the float pass of calibration allocates one float per element per layer.
     */
    static final long MAX_ACTIVATION = 1L << 24;

    private void checkActivation(LayerDeclaration d, Shape out) throws AbortException {
        long size = (long) out.c() * out.h() * out.w();
        if (out.c() > U16_MAX || size > MAX_ACTIVATION) {
            throw new AbortException(Tag.SHAPE, Where.layer(d.index()), String.format(Locale.ROOT,
                    "'%s' outputs %s = %d values; at most %d values (%d channels) per tensor are accepted, more "
                            + "than any Cortex-M holds in RAM. Fix: check the layer's sizes (padding, stride, "
                            + "channels).", d.name(), out, size, MAX_ACTIVATION, U16_MAX));
        }
    }

    private FloatTensor tensor(LayerDeclaration d, String suffix, int[] expected, String because)
            throws AbortException {
        String prefix = names.getOrDefault(d.name(), d.name());
        String key = prefix + "." + suffix;
        FloatTensor t = weights.get(key);
        Where where = Where.layer(d.index());
        if (t == null) {
            List<String> present = weights.keySet().stream().sorted().toList();
            String list = present.size() <= 30 ? String.join(", ", present)
                    : String.join(", ", present.subList(0, 30)) + ", ... (" + present.size() + " in all)";
            throw new AbortException(Tag.WEIGHTS, where, "tensor '" + key + "' for layer '" + d.name()
                    + "' is not in " + weightsFile + "." + Suggest.didYouMean(key, present) + " Tensors present: "
                    + (present.isEmpty() ? "none" : list) + ". Fix: rename the field to match the weights, or map "
                    + "it in the YAML: 'names: {" + d.name() + ": <prefix>}'"
                    + (suffix.equals("bias") && d.has("bias") ? ", or declare the layer with bias = false" : "")
                    + ".");
        }
        int[] shape = t.shape();
        if (!Arrays.equals(shape, expected)) {
            throw new AbortException(Tag.SHAPE, where, "tensor '" + key + "' has shape " + Arrays.toString(shape)
                    + " but " + because + " expects " + Arrays.toString(expected)
                    + ". Fix: make the layer's annotation match the trained model, or export the right weights.");
        }
        float[] data = t.data();
        int bad = 0;
        int first = -1;
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw new AbortException(Tag.WEIGHTS, where, String.format(Locale.ROOT,
                    "tensor '%s' holds %d non-finite value%s (first: %s at flat index %d). Fix: the trained model "
                            + "diverged or was exported wrongly; retrain or export it again.",
                    key, bad, bad == 1 ? "" : "s", data[first], first));
        }
        if (suffix.equals("weight") && d.kind() != LayerKind.BATCHNORM) {
            checkSpread(d, key, data);
        }
        return t;
    }

    /**
     * Warns about weights q7 cannot represent usefully: all zero (the layer outputs only its bias), or one
     * outlier so large that most other weights fall below half a q7 step of the format it forces (1/256 of the
     * largest magnitude) and become 0.
     */
    private void checkSpread(LayerDeclaration d, String key, float[] data) {
        int argMax = -1;
        float max = 0;
        for (int i = 0; i < data.length; i++) {
            if (Math.abs(data[i]) > max) {
                max = Math.abs(data[i]);
                argMax = i;
            }
        }
        Where where = Where.layer(d.index());
        if (argMax < 0) {
            report.warning(Tag.WEIGHTS, where, "tensor '" + key + "' of '" + d.name() + "' is all zero ("
                    + data.length + " values), so the layer outputs only its bias. Fix: export the trained "
                    + "weights; an untrained or pruned-away layer is probably not what you meant to deploy.");
            return;
        }
        int nonZero = 0;
        int lost = 0;
        for (float v : data) {
            if (v != 0) {
                nonZero++;
                if (Math.abs(v) < max / 256) {
                    lost++;
                }
            }
        }
        if (nonZero >= 4 && 2L * lost > nonZero) {
            report.warning(Tag.WEIGHTS, where, String.format(Locale.ROOT, "in tensor '%s' of '%s' the largest "
                    + "|weight| %s (flat index %d) sets the q7 format, and %d of its %d non-zero weights are smaller "
                    + "than 1/256 of it, so they round to 0. Fix: check the export for an outlier or a corrupt "
                    + "value; clip or retrain with weight decay.", key, d.name(), data[argMax], argMax, lost,
                    nonZero));
        }
    }

    private void checkU16(Where where, String what, int[] values) throws AbortException {
        for (int v : values) {
            if (v > U16_MAX) {
                throw new AbortException(Tag.SHAPE, where, what + " value " + v + " exceeds 65535; CMSIS-NN "
                        + "legacy kernels take dimensions as uint16_t.");
            }
        }
    }

    /** FashionLeNet -> fashion_le_net; HTTPServer2 -> http_server2. */
    public static String snakeCase(String name) {
        String s = name.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }
}
