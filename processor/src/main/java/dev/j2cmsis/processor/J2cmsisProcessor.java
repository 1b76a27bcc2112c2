package dev.j2cmsis.processor;

import com.google.auto.service.AutoService;
import dev.j2cmsis.processor.cache.CacheKey;
import dev.j2cmsis.processor.cache.DeclarationFingerprint;
import dev.j2cmsis.processor.cache.GeneratedFile;
import dev.j2cmsis.processor.cache.GeneratedNetwork;
import dev.j2cmsis.processor.cache.OutputCache;
import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Problem;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.emit.c.CEmitter;
import dev.j2cmsis.processor.emit.c.Harness;
import dev.j2cmsis.processor.emit.report.ReportWriter;
import dev.j2cmsis.processor.plan.PlanExecutor;
import dev.j2cmsis.sim.runtime.InputHashes;
import dev.j2cmsis.sim.runtime.NetworkId;
import dev.j2cmsis.sim.runtime.Q7;
import java.util.ArrayList;
import dev.j2cmsis.processor.emit.java.SimulatorWriter;
import dev.j2cmsis.processor.model.Equalizer;
import dev.j2cmsis.processor.model.ModelBuilder;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.read.config.Target;
import dev.j2cmsis.processor.model.Transform;
import dev.j2cmsis.processor.plan.Plan;
import dev.j2cmsis.processor.plan.Planner;
import dev.j2cmsis.processor.quant.CalibrationStats;
import dev.j2cmsis.processor.quant.FormatSearch;
import dev.j2cmsis.processor.quant.LayerQuality;
import dev.j2cmsis.processor.quant.Precision;
import dev.j2cmsis.processor.quant.QuantOptions;
import dev.j2cmsis.processor.quant.QuantizedNetwork;
import dev.j2cmsis.processor.quant.stats.RangeMethod;
import dev.j2cmsis.processor.read.config.QuantizationConfig;
import dev.j2cmsis.processor.quant.Quantizer;
import dev.j2cmsis.processor.read.DeclarationReader;
import dev.j2cmsis.processor.read.Locator;
import dev.j2cmsis.processor.read.ResourceDirs;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.processor.read.config.ConfigException;
import dev.j2cmsis.processor.read.config.ConfigReader;
import dev.j2cmsis.processor.read.config.Located;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The j2cmsis annotation processor: for every {@code @Network} class, reads and validates the declaration
 * and its YAML, builds the model, calibrates and quantizes it, plans the kernels and buffers, and writes the C
 * (SOURCE_OUTPUT, under the class's package) and the Java simulator. A network with errors gets compile errors
 * on the offending elements and no output at all.
 *
 * <p>Options: {@code -Aj2cmsis.cOutputDir=DIR} also writes the C files into DIR (for copying into firmware);
 * {@code -Aj2cmsis.verbose=true} adds a note per network with its timings, RAM and flash;
 * {@code -Aj2cmsis.resourceDirs=DIR[:DIR]} names resource directories searched for the YAML before the class path
 * (Gradle, see {@link ResourceDirs}); {@code -Aj2cmsis.cacheDir=DIR} and {@code -Aj2cmsis.cache=false} place or
 * turn off the build cache ({@link OutputCache}), which writes an unchanged network's files from its last build
 * instead of recomputing them. For Gradle's incremental processing the jar declares the processor
 * {@code dynamic} and then claims no category: each network's output depends on files Gradle does not track for a
 * processor (YAML, weights, calibration data), so neither isolating nor aggregating would be true. Messages follow the
 * severity policy of {@link Problem.Severity}. For every network it also writes a stamp of its inputs'
 * SHA-256 ({@code InputHashes}), which the build checks before the next compile.
 */
@AutoService(Processor.class)
public final class J2cmsisProcessor extends AbstractProcessor {
    /** Golden vectors in the generated C harness. */
    static final int HARNESS_VECTORS = 16;
    public static final String OPTION_C_OUTPUT_DIR = "j2cmsis.cOutputDir";
    /** {@code -Aj2cmsis.verbose=true}: a note per network with its wall time and RAM/flash. */
    public static final String OPTION_VERBOSE = "j2cmsis.verbose";

    private final Set<String> portableWritten = new HashSet<>();
    /** "package/prefix" to the class that generated it, so a second network with that prefix is an error. */
    private final Map<String, String> prefixOwner = new HashMap<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(DeclarationReader.NETWORK);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(OPTION_C_OUTPUT_DIR, OPTION_VERBOSE, ResourceDirs.OPTION, OutputCache.OPTION_DIR,
                OutputCache.OPTION_ENABLED);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement network = processingEnv.getElementUtils().getTypeElement(DeclarationReader.NETWORK);
        if (network == null) {
            return false;
        }
        for (Element e : round.getElementsAnnotatedWith(network)) {
            if (e instanceof TypeElement type) {
                processNetwork(type);
            }
        }
        return false;
    }

    private void processNetwork(TypeElement type) {
        Report report = new Report();
        AnnotationMirror mirror = type.getAnnotationMirrors().stream()
                .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
                        .contentEquals(DeclarationReader.NETWORK))
                .findFirst().orElseThrow();
        Locator locator = new Locator(type, mirror);
        long start = System.nanoTime();
        try {
            NetworkDeclaration decl = new DeclarationReader(processingEnv.getElementUtils())
                    .read(type, report, locator);
            Sources sources = sources(decl, report);
            String binary = processingEnv.getElementUtils().getBinaryName(type).toString();
            OutputCache cache = cache(binary);
            CacheKey key = cache == null ? null : CacheKey.of(Version.VERSION,
                    DeclarationFingerprint.of(type, processingEnv.getElementUtils()), sources.inputs());
            var hit = cache == null ? java.util.Optional.<GeneratedNetwork>empty() : cache.load(binary, key);
            GeneratedNetwork generated;
            if (hit.isPresent()) {
                generated = hit.get();
                generated.problems().forEach(report::add);
            } else {
                int before = report.problems().size();
                Compiled compiled = compile(decl, sources, report);
                report.throwIfErrors();
                generated = render(decl, compiled, report, before);
            }
            Outputs.checkNames(processingEnv, decl, generated.cName(), prefixOwner);
            write(decl, generated);
            if (cache != null && hit.isEmpty()) {
                cache.store(binary, key, generated);
            }
            summarizeWarnings(generated.cName(), report, type);
            if (Boolean.parseBoolean(processingEnv.getOptions().get(OPTION_VERBOSE))) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, hit.isPresent()
                        ? String.format(java.util.Locale.ROOT, "j2cmsis: %s reused from the build cache %s in %d ms "
                                + "(inputs unchanged since a build of %s)", generated.cName(), cache.dir(), ms,
                                generated.summary())
                        : String.format(java.util.Locale.ROOT, "j2cmsis: %s generated in %d ms %s",
                                generated.cName(), ms, generated.summary()), type);
            }
        } catch (AbortException e) {
            if (e.problem() != null) {
                print(e.problem(), locator);
            }
        } catch (RuntimeException e) {
            StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            print(new Problem(Tag.INTERNAL, "internal error while processing " + type.getQualifiedName() + ": " + e
                    + (at == null ? "" : " at " + at) + ". This is a j2cmsis bug: please report it with the "
                    + "class and its YAML.", Where.network(), true), locator);
        } finally {
            for (Problem p : report.problems()) {
                print(p, locator);
            }
        }
    }

    /**
     * The build cache ({@link OutputCache}): {@code -Aj2cmsis.cacheDir}, else {@code j2cmsis-cache} beside the
     * class output directory; null when disabled ({@code -Aj2cmsis.cache=false}) or when the class output is not
     * a directory on disk (in-memory file managers). The class output is found from the path of this network's
     * inputs stamp, a file every successful build writes anyway: probing a name of our own would leave an
     * unwritten file object behind in file managers that list every name asked for.
     */
    private OutputCache cache(String binary) {
        Map<String, String> options = processingEnv.getOptions();
        if ("false".equalsIgnoreCase(options.get(OutputCache.OPTION_ENABLED))) {
            return null;
        }
        String dir = options.get(OutputCache.OPTION_DIR);
        if (dir != null && !dir.isBlank()) {
            return new OutputCache(Paths.get(dir));
        }
        try {
            String stamp = InputHashes.STAMP_DIR + "/" + binary + InputHashes.STAMP_SUFFIX;
            URI uri = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", stamp).toUri();
            if (!"file".equals(uri.getScheme())) {
                return null;
            }
            Path classes = Paths.get(uri);
            for (int k = stamp.split("/").length; k > 0 && classes != null; k--) {
                classes = classes.getParent();
            }
            Path build = classes == null ? null : classes.getParent();
            return build == null ? null : new OutputCache(build.resolve(OutputCache.DEFAULT_DIR));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A network ready to write: its plan and the golden vectors of its C harness. */
    record Compiled(Plan plan, Harness harness, List<LayerQuality> quality, String method, String timing,
                    List<InputHashes.Input> inputs) {
    }

    /** The YAML found, read and checked, with the hashes of the files it names: all the cache key needs. */
    record Sources(Path yaml, NetworkConfig config, List<InputHashes.Input> inputs) {
    }

    private Sources sources(NetworkDeclaration decl, Report report) throws AbortException {
        Path yaml = locateYaml(decl);
        String display = decl.config().value().startsWith("/") ? decl.config().value().substring(1)
                : (decl.packageName().isEmpty() ? "" : decl.packageName().replace('.', '/') + "/")
                + decl.config().value();
        NetworkConfig config;
        try {
            config = ConfigReader.read(yaml, display);
        } catch (ConfigException e) {
            throw new AbortException(Tag.YAML, Where.network("config"), e.getMessage());
        }
        List<InputHashes.Input> inputs = inputHashes(yaml, display, config);
        Outputs.noteOutsideResources(inputs, config, report);
        return new Sources(yaml, config, inputs);
    }

    /** Every stage, in memory; nothing is written here. */
    private Compiled compile(NetworkDeclaration decl, Sources sources, Report report) throws AbortException {
        NetworkConfig config = sources.config();
        List<InputHashes.Input> inputs = sources.inputs();
        int[] in = decl.input().value();
        Shape input = Shape.spatial(in[0], in[1], in[2]);
        Transform transform = Inputs.transform(config, input);
        Target target = config.target().value();
        var weights = Inputs.weights(config, report);
        Map<String, String> names = new LinkedHashMap<>();
        for (Map.Entry<String, Located<String>> e : config.names().entrySet()) {
            names.put(e.getKey(), e.getValue().value());
        }
        long t0 = System.nanoTime();
        NetworkModel model = new ModelBuilder(decl, weights, names,
                config.weights().value().getFileName().toString(), report).build(transform, target);
        model = Equalizer.equalize(model);
        List<float[]> calibration = Inputs.calibration(config, input, transform, report);
        long t1 = System.nanoTime();
        QuantOptions options = options(config, model);
        CalibrationStats stats = CalibrationStats.collect(model, calibration);
        Map<Integer, int[]> nudges = Map.of();
        FormatSearch.Result search = null;
        if (config.quantization().search().value()) {
            search = new FormatSearch(model, stats, calibration, options).search();
            nudges = search.nudges();
            report.note(Tag.QUANT, Where.network("config"), String.format(java.util.Locale.ROOT,
                    "the format search (quantization.search) %s; arg-max agreement with the float network on %d "
                            + "held-back calibration samples %.1f%% -> %.1f%% (%d evaluations).",
                    search.changes().isEmpty() ? "kept every format"
                            : "changed " + String.join("; ", search.changes()), search.samples(),
                    100 * search.agreementBefore(), 100 * search.agreementAfter(), search.evaluations()));
        }
        QuantizedNetwork q = new Quantizer(report).quantize(model, stats, calibration.size(), options, nudges);
        long t2 = System.nanoTime();
        Plan plan = new Planner(report).plan(q);
        Budget.check(decl, plan);
        var qc = config.quantization();
        String method = qc.activations().value().yamlName()
                + (qc.activations().value() == QuantizationConfig.Activations.PERCENTILE
                ? " " + qc.percentile().value() : "") + (qc.layers().isEmpty() ? "" : ", per-layer overrides")
                + (qc.search().value() ? ", then the format search" : "");
        long t3 = System.nanoTime();
        Harness harness = harness(plan, calibration);
        List<LayerQuality> quality = LayerQuality.measure(plan, calibration);
        long t4 = System.nanoTime();
        String timing = String.format(java.util.Locale.ROOT, "read %d ms, calibrate+quantize %d ms, plan %d ms, "
                + "harness+quality %d ms", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                (t4 - t3) / 1_000_000);
        return new Compiled(plan, harness, quality, method, timing, inputs);
    }

    /**
     * The YAML and the files it names with their SHA-256, named as class-path resources where they lie under
     * the YAML's class-path root (so the simulator finds them at run time as it finds its weights), else by
     * absolute path.
     */
    private static List<InputHashes.Input> inputHashes(Path yaml, String resourceName, NetworkConfig config)
            throws AbortException {
        Path root = yaml.toAbsolutePath().normalize();
        for (int k = resourceName.split("/").length; k > 0; k--) {
            root = root.getParent();
        }
        List<InputHashes.Input> out = new ArrayList<>();
        for (Path p : List.of(yaml, config.weights().value(), config.calibration().data().value())) {
            Path abs = p.toAbsolutePath().normalize();
            String name = abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.toString();
            try {
                out.add(new InputHashes.Input(name, InputHashes.sha256(abs)));
            } catch (IOException e) {
                throw new AbortException(Tag.YAML, Where.network("config"), "cannot read " + abs + ": " + e
                        + ". Fix: make the file readable.");
            }
        }
        return out;
    }

    /** The per-layer precisions of the YAML's quantization section, checked against the network's layers. */
    private static QuantOptions options(NetworkConfig config, NetworkModel model) throws AbortException {
        var q = config.quantization();
        Map<Integer, Precision> explicit = new LinkedHashMap<>();
        Map<Integer, RangeMethod> methods = new LinkedHashMap<>();
        List<String> names = model.layers().stream().map(l -> l.name()).toList();
        for (var e : q.layers().entrySet()) {
            int index = names.indexOf(e.getKey());
            if (index < 0) {
                throw new AbortException(Tag.YAML, Where.network("config"), e.getValue().keyPos()
                        + ": quantization.layers names '" + e.getKey() + "', which is not a layer of this network."
                        + dev.j2cmsis.processor.diag.Suggest.didYouMean(e.getKey(), names) + " Layers: "
                        + String.join(", ", names) + ".");
            }
            if (e.getValue().scheme() != null) {
                explicit.put(index, precision(e.getValue().scheme().value()));
            }
            if (e.getValue().activations() != null || e.getValue().percentile() != null) {
                var a = e.getValue().activations() != null ? e.getValue().activations().value()
                        : q.activations().value();
                double p = e.getValue().percentile() != null ? e.getValue().percentile().value()
                        : q.percentile().value();
                methods.put(index, method(a, p));
            }
        }
        return new QuantOptions(precision(q.scheme().value()), explicit,
                method(q.activations().value(), q.percentile().value()), methods);
    }

    private static RangeMethod method(QuantizationConfig.Activations a, double percentile) {
        return switch (a) {
            case MINMAX -> RangeMethod.minmax();
            case PERCENTILE -> RangeMethod.percentile(percentile);
            case KLD -> RangeMethod.kld();
        };
    }

    private static Precision precision(QuantizationConfig.Scheme s) {
        return switch (s) {
            case Q7 -> Precision.Q7;
            case Q15 -> Precision.Q15;
            case Q7Q15 -> Precision.Q7Q15;
        };
    }

    /**
     * The first calibration samples, quantized, with the outputs the simulator's kernels give for them, and the
     * network's fingerprint for the serial handshake.
     */
    private static Harness harness(Plan plan, List<float[]> calibration) {
        Shape in = plan.network().model().input();
        PlanExecutor executor = new PlanExecutor(plan);
        List<byte[]> inputs = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (float[] x : calibration.subList(0, Math.min(HARNESS_VECTORS, calibration.size()))) {
            byte[] q = Q7.quantizeTransformed(x, in.c(), in.h(), in.w(), plan.network().inputFrac());
            inputs.add(q);
            expected.add(executor.run(q));
        }
        return new Harness(inputs, expected, "the first " + inputs.size() + " calibration samples",
                NetworkId.of(executor::run, plan.inputSize(), plan.outputSize()));
    }

    private Path locateYaml(NetworkDeclaration decl) throws AbortException {
        String config = decl.config().value();
        String pkg = config.startsWith("/") ? "" : decl.packageName();
        String rel = config.startsWith("/") ? config.substring(1) : config;
        String shown = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + rel;
        ResourceDirs dirs = ResourceDirs.parse(processingEnv.getOptions().get(ResourceDirs.OPTION));
        var inDirs = dirs.find(shown);
        if (inDirs.isPresent()) {
            return inDirs.get();
        }
        FileObject fo;
        try {
            fo = processingEnv.getFiler().getResource(StandardLocation.CLASS_PATH, pkg, rel);
            URI uri = fo.toUri();
            if (!"file".equals(uri.getScheme())) {
                throw new AbortException(Tag.YAML, Where.network("config"), "config " + shown + " was found at "
                        + uri + ", inside an archive; the files it names must be on disk. Fix: keep the YAML and "
                        + "its files in the project's resources (src/main/resources).");
            }
            Path p = Paths.get(uri);
            if (!Files.isRegularFile(p)) {
                throw new IOException("not found");
            }
            return p;
        } catch (IOException | IllegalArgumentException e) {
            throw new AbortException(Tag.YAML, Where.network("config"), "config file '" + config
                    + "' not found on the class path" + (dirs.dirs().isEmpty() ? "" : " nor in -A"
                    + ResourceDirs.OPTION + " " + dirs.dirs()) + " (looked for " + shown + "). Fix: put it in "
                    + "src/main/resources/" + shown + (config.startsWith("/") ? "" : ", or start the name with '/' "
                    + "to look it up from the resource root") + ".");
        }
    }

    /**
     * Every file of the network, in the order they are written, with the problems reported since index
     * {@code firstProblem} (the ones a cached build replays).
     */
    private GeneratedNetwork render(NetworkDeclaration decl, Compiled compiled, Report report, int firstProblem) {
        Plan plan = compiled.plan();
        String pkg = decl.packageName();
        String cName = plan.network().model().cName();
        String inputsSha256 = InputHashes.combined(Version.VERSION, compiled.inputs());
        Map<String, String> cFiles = new LinkedHashMap<>(new CEmitter(plan, compiled.harness(), inputsSha256)
                .files());
        cFiles.putAll(dev.j2cmsis.processor.emit.c.BuildFragment.files(cName,
                decl.type().getQualifiedName().toString(), Version.VERSION));
        String reportName = cName + "_report.md";
        ReportWriter reports = new ReportWriter(plan, report.problems(), compiled.quality(), compiled.method());
        cFiles.put(reportName, reports.markdown());
        cFiles.put(cName + "_report.html", reports.html());
        List<GeneratedFile> files = new ArrayList<>();
        for (Map.Entry<String, String> f : cFiles.entrySet()) {
            files.add(GeneratedFile.text(GeneratedFile.Kind.SOURCE_TEXT, pkg, f.getKey(), f.getValue(), true));
        }
        files.add(GeneratedFile.text(GeneratedFile.Kind.CLASS_TEXT, pkg, reportName, cFiles.get(reportName), false));
        SimulatorWriter sim = new SimulatorWriter(plan, compiled.inputs());
        for (SimulatorWriter.Output o : List.of(sim.q7(), sim.floatReference())) {
            files.add(GeneratedFile.text(GeneratedFile.Kind.JAVA_SOURCE, o.source().packageName(),
                    o.source().typeSpec().name(), o.source().toString(), false));
            files.add(new GeneratedFile(GeneratedFile.Kind.CLASS_BINARY, pkg, o.resourceName(), o.resource(), false));
            if (o.resource15Name() != null) {
                files.add(new GeneratedFile(GeneratedFile.Kind.CLASS_BINARY, pkg, o.resource15Name(), o.resource15(),
                        false));
            }
        }
        // Read before compile by InputHashes.main, which makes the class stale when an input changed.
        String binary = processingEnv.getElementUtils().getBinaryName(decl.type()).toString();
        files.add(GeneratedFile.text(GeneratedFile.Kind.CLASS_TEXT, "", InputHashes.STAMP_DIR + "/" + binary
                + InputHashes.STAMP_SUFFIX, InputHashes.stamp(binary, binary.replace('.', '/') + ".class",
                Version.VERSION, compiled.inputs()), false));
        List<Problem> problems = report.problems();
        String summary = String.format(java.util.Locale.ROOT, "(%d calibration samples; %s); RAM %d bytes, flash %d "
                + "bytes", plan.network().calibrationSamples(), compiled.timing(), plan.ramBytes(), plan.flashBytes());
        return new GeneratedNetwork(cName, files, problems.subList(firstProblem, problems.size()), summary);
    }

    private void write(NetworkDeclaration decl, GeneratedNetwork generated) {
        Filer filer = processingEnv.getFiler();
        Element origin = decl.type();
        try {
            for (GeneratedFile f : generated.files()) {
                FileObject fo;
                switch (f.kind()) {
                    case JAVA_SOURCE -> fo = filer.createSourceFile(f.pkg().isEmpty() ? f.name()
                            : f.pkg() + "." + f.name(), origin);
                    case SOURCE_TEXT -> {
                        if (CEmitter.PORTABLE_FILES.contains(f.name()) && !portableWritten.add(f.pkg() + "/"
                                + f.name())) {
                            continue;
                        }
                        fo = filer.createResource(StandardLocation.SOURCE_OUTPUT, f.pkg(), f.name(), origin);
                    }
                    default -> fo = filer.createResource(StandardLocation.CLASS_OUTPUT, f.pkg(), f.name(), origin);
                }
                if (f.binary()) {
                    try (OutputStream out = fo.openOutputStream()) {
                        out.write(f.content());
                    }
                } else {
                    try (Writer w = fo.openWriter()) {
                        w.write(f.text());
                    }
                }
            }
            String dir = processingEnv.getOptions().get(OPTION_C_OUTPUT_DIR);
            if (dir != null && !dir.isBlank()) {
                Path d = Paths.get(dir);
                Files.createDirectories(d);
                for (GeneratedFile f : generated.files()) {
                    if (f.exported()) {
                        Files.write(d.resolve(f.name()), f.content());
                    }
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Tag.INTERNAL
                    + " cannot write the generated files of " + decl.type().getQualifiedName() + ": " + e, origin);
        }
    }

    /**
     * One note listing a generated network's warnings. Maven's compiler plugin hides javac warnings unless
     * {@code <showWarnings>true</showWarnings>}, but logs notes: this way a default build still says that
     * something needs the user's attention, in a line per warning rather than the full texts twice.
     */
    private void summarizeWarnings(String cName, Report report, Element type) {
        List<Problem> warnings = report.problems(Problem.Severity.WARNING);
        if (warnings.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "j2cmsis: %s was generated with "
                + "%d warning(s); the full texts are in %s_report.md and, with <showWarnings>true</showWarnings>, "
                + "in the compiler output:", cName, warnings.size(), cName));
        for (Problem p : warnings) {
            String m = p.message();
            b.append("\n  ").append(m.length() <= 140 ? m : m.substring(0, 137) + "...");
        }
        processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, b.toString(), type);
    }

    private void print(Problem p, Locator locator) {
        Messager messager = processingEnv.getMessager();
        Locator.Site site = locator.site(p.where());
        Diagnostic.Kind kind = switch (p.severity()) {
            case ERROR -> Diagnostic.Kind.ERROR;
            case WARNING -> Diagnostic.Kind.WARNING;
            case NOTE -> Diagnostic.Kind.NOTE;
        };
        if (site.value() != null) {
            messager.printMessage(kind, p.message(), site.element(), site.mirror(), site.value());
        } else if (site.mirror() != null) {
            messager.printMessage(kind, p.message(), site.element(), site.mirror());
        } else {
            messager.printMessage(kind, p.message(), site.element());
        }
    }
}
