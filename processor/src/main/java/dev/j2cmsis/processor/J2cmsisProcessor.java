package dev.j2cmsis.processor;

import com.google.auto.service.AutoService;
import dev.j2cmsis.processor.backend.Backend;
import dev.j2cmsis.processor.backend.Generated;
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
import dev.j2cmsis.processor.model.Equalizer;
import dev.j2cmsis.processor.model.ModelBuilder;
import dev.j2cmsis.processor.model.NetworkModel;
import dev.j2cmsis.processor.model.Shape;
import dev.j2cmsis.processor.model.Transform;
import dev.j2cmsis.processor.quant.CalibrationStats;
import dev.j2cmsis.processor.read.DeclarationReader;
import dev.j2cmsis.processor.read.Locator;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.processor.read.ResourceDirs;
import dev.j2cmsis.processor.read.config.Located;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import dev.j2cmsis.processor.read.config.Target;
import dev.j2cmsis.sim.runtime.InputHashes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
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
    public static final String OPTION_C_OUTPUT_DIR = "j2cmsis.cOutputDir";
    /** {@code -Aj2cmsis.verbose=true}: a note per network with its wall time and RAM/flash. */
    public static final String OPTION_VERBOSE = "j2cmsis.verbose";

    private NetworkWriter writer;
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
        writer = new NetworkWriter(env);
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
            Sources sources = Sources.read(processingEnv, decl, report);
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
                generated = writer.render(decl, sources, compiled.generated(), compiled.timing(), report, before);
            }
            Outputs.checkNames(processingEnv, decl, generated.cName(), generated.files().stream()
                    .filter(f -> f.kind() == GeneratedFile.Kind.JAVA_SOURCE).map(GeneratedFile::name).toList(),
                    prefixOwner);
            writer.write(decl, generated);
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

    /** A network ready to render: what its backend generated, and the time of each stage. */
    record Compiled(Generated generated, String timing) {
    }

    /**
     * Every stage, in memory; nothing is written here: the model and the calibration statistics, shared by the
     * backends, then the backend of the YAML's scheme (quantization, plan, emitters).
     */
    private Compiled compile(NetworkDeclaration decl, Sources sources, Report report) throws AbortException {
        NetworkConfig config = sources.config();
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
        Backend backend = Backend.of(config);
        if (backend.equalizes()) {
            model = Equalizer.equalize(model);
        }
        List<float[]> calibration = Inputs.calibration(config, input, transform, report);
        long t1 = System.nanoTime();
        CalibrationStats stats = CalibrationStats.collect(model, calibration, backend.signedHistograms(),
                backend.statistics(model));
        long t2 = System.nanoTime();
        Generated generated = backend.generate(new Backend.Input(decl, config, model, calibration, stats,
                sources.inputs(), InputHashes.combined(Version.VERSION, sources.inputs())), report);
        String timing = String.format(java.util.Locale.ROOT, "read %d ms, calibration statistics %d ms, %s",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, generated.summary());
        return new Compiled(generated, timing);
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
