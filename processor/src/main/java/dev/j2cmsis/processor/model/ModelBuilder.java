package dev.j2cmsis.processor.model;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Suggest;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.read.LayerDeclaration;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.processor.read.config.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the immutable {@link NetworkModel}: infers every layer's shapes, checks the layer order, resolves
 * and checks the weight tensors (presence, shape, finite values).
 */
public final class ModelBuilder {
    /** CMSIS-NN legacy kernels take every dimension as uint16_t. */
    static final int U16_MAX = 65535;

    private final NetworkDeclaration decl;
    private final Map<String, FloatTensor> weights;
    private final Map<String, String> names;
    private final String weightsFile;
    private final Report report;

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
        Shape shape = Shape.spatial(in[0], in[1], in[2]);
        checkU16(Where.network("input"), "input", in);
        List<LayerSpec> layers = new ArrayList<>();
        List<LayerDeclaration> decls = decl.layers();
        for (int i = 0; i < decls.size(); i++) {
            LayerDeclaration d = decls.get(i);
            LayerSpec previous = layers.isEmpty() ? null : layers.get(layers.size() - 1);
            LayerSpec layer = layer(d, shape, previous, i == decls.size() - 1);
            report.throwIfErrors();
            layers.add(layer);
            shape = layer.out();
        }
        for (String mapped : names.keySet()) {
            if (decls.stream().noneMatch(d -> d.name().equals(mapped))) {
                report.warning(Tag.YAML, Where.network("config"), "names: maps '" + mapped
                        + "', which is not a layer of this network; it is ignored."
                        + Suggest.didYouMean(mapped, decls.stream().map(LayerDeclaration::name).toList()));
            }
        }
        String cName = decl.prefix().value().isEmpty() ? snakeCase(decl.simpleName()) : decl.prefix().value();
        return new NetworkModel(decl.packageName(), decl.simpleName(), cName, Shape.spatial(in[0], in[1], in[2]),
                layers, transform, target, decl.packageName().isEmpty() ? decl.simpleName()
                : decl.packageName() + "." + decl.simpleName());
    }

    private LayerSpec layer(LayerDeclaration d, Shape in, LayerSpec previous, boolean last) throws AbortException {
        int idx = d.index();
        String name = d.name();
        if (previous instanceof LayerSpec.Flatten f && f.in().needsChwToHwcPermutation()
                && !(d.kind() == dev.j2cmsis.processor.read.LayerKind.LINEAR)
                && !(d.kind() == dev.j2cmsis.processor.read.LayerKind.RELU)) {
            throw new AbortException(Tag.ORDER, Where.layer(idx), "@" + d.kind().simpleName() + " '" + name
                    + "' follows the Flatten '" + f.name() + "' of a " + f.in()
                    + " tensor; only a @Linear (or @ReLU) may follow a Flatten of a spatial tensor, because the C "
                    + "keeps tensors in HWC order and only a Linear can absorb the CHW flatten order. Fix: put a "
                    + "@Linear after '" + f.name() + "'.");
        }
        switch (d.kind()) {
            case CONV2D -> {
                return conv(d, in);
            }
            case LINEAR -> {
                return linear(d, in);
            }
            case MAXPOOL -> {
                return maxPool(d, in);
            }
            case RELU -> {
                return new LayerSpec.Relu(name, idx, in, in);
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
                Shape v = Shape.vector(in.size());
                return new LayerSpec.Softmax(name, idx, in, v);
            }
            case FLATTEN -> {
                return new LayerSpec.Flatten(name, idx, in, Shape.vector(in.size()));
            }
            default -> throw new IllegalStateException(d.kind().toString());
        }
    }

    private LayerSpec conv(LayerDeclaration d, Shape in) throws AbortException {
        int idx = d.index();
        if (in.flat()) {
            throw new AbortException(Tag.ORDER, Where.layer(idx), "@Conv2d '" + d.name()
                    + "' gets a flat vector " + in + "; a convolution needs a spatial [C, H, W] input. Fix: move "
                    + "it before the Linear/Flatten layers.");
        }
        int k = d.intsValue("kernel")[0];
        int s = d.intsValue("stride")[0];
        int p = d.intsValue("padding")[0];
        int outC = d.intValue("outChannels");
        int oh = outDim(d, "kernel", in, k, s, p);
        Shape out = Shape.spatial(outC, oh, oh);
        checkU16(Where.layer(idx, "outChannels"), "outChannels", new int[] {outC});
        if ((long) in.c() * k * k > U16_MAX) {
            throw new AbortException(Tag.SHAPE, Where.layer(idx, "kernel"), "'" + d.name() + "' has "
                    + in.c() + "x" + k + "x" + k + " = " + (long) in.c() * k * k + " inputs per output; the CMSIS "
                    + "DSP path counts them in uint16_t (max 65535). Fix: use fewer input channels or a smaller "
                    + "kernel.");
        }
        FloatTensor w = tensor(d, "weight", new int[] {outC, in.c(), k, k},
                "@Conv2d(outChannels = " + outC + ", kernel = " + k + ") on input " + in);
        FloatTensor b = d.boolValue("bias") ? tensor(d, "bias", new int[] {outC}, "@Conv2d(outChannels = "
                + outC + ")") : null;
        return new LayerSpec.Conv2d(d.name(), idx, in, out, k, s, p, w, b);
    }

    private LayerSpec linear(LayerDeclaration d, Shape in) throws AbortException {
        int idx = d.index();
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
        return new LayerSpec.Linear(d.name(), idx, in, Shape.vector(outF), w, b);
    }

    private LayerSpec maxPool(LayerDeclaration d, Shape in) throws AbortException {
        int idx = d.index();
        if (in.flat()) {
            throw new AbortException(Tag.ORDER, Where.layer(idx), "@MaxPool '" + d.name()
                    + "' gets a flat vector " + in + "; pooling needs a spatial [C, H, W] input. Fix: move it "
                    + "before the Linear/Flatten layers.");
        }
        int k = d.intsValue("kernel")[0];
        int[] strides = d.intsValue("stride");
        int s = strides.length == 0 ? k : strides[0];
        int p = d.intsValue("padding")[0];
        if (2 * p > k) {
            throw new AbortException(Tag.SHAPE, Where.layer(idx, "padding"), "padding " + p + " of '" + d.name()
                    + "' is more than half the kernel " + k + " (as in PyTorch, windows would lie entirely in the "
                    + "padding). Fix: use padding <= " + k / 2 + ".");
        }
        int oh = outDim(d, "kernel", in, k, s, p);
        return new LayerSpec.MaxPool(d.name(), idx, in, Shape.spatial(in.c(), oh, oh), k, s, p);
    }

    /** PyTorch's floor-mode output size; the input must be square (CMSIS legacy square kernels). */
    private int outDim(LayerDeclaration d, String attr, Shape in, int k, int s, int p) throws AbortException {
        if (in.h() != in.w()) {
            throw new AbortException(Tag.UNSUPPORTED, Where.layer(d.index()), "'" + d.name() + "' gets a "
                    + "non-square input " + in + "; this version's CMSIS legacy kernels take square images. "
                    + "Fix: use a square input shape.");
        }
        if (in.h() + 2 * p < k) {
            throw new AbortException(Tag.SHAPE, Where.layer(d.index(), attr), "kernel " + k + " of '" + d.name()
                    + "' is larger than its padded input (" + in.h() + " + 2x" + p + " = " + (in.h() + 2 * p)
                    + ", input " + in + "), so the output would be empty. Fix: use kernel <= " + (in.h() + 2 * p)
                    + " or more padding.");
        }
        return (in.h() + 2 * p - k) / s + 1;
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
                    + (suffix.equals("bias") ? ", or declare the layer with bias = false" : "") + ".");
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
        return t;
    }

    private void checkU16(Where where, String what, int[] values) throws AbortException {
        for (int v : values) {
            if (v > U16_MAX) {
                throw new AbortException(Tag.SHAPE, where, what + " value " + v + " exceeds 65535; CMSIS-NN "
                        + "legacy kernels take dimensions as uint16_t.");
            }
        }
    }

    /** FashionLeNet -> fashion_lenet; HTTPServer2 -> http_server2. */
    public static String snakeCase(String name) {
        String s = name.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }

    /** Names of the layers of a declaration, for messages. */
    static String layerNames(NetworkDeclaration decl) {
        return decl.layers().stream().map(LayerDeclaration::name).collect(Collectors.joining(", "));
    }
}
