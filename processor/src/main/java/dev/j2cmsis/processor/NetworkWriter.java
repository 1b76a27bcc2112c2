package dev.j2cmsis.processor;

import com.palantir.javapoet.JavaFile;
import dev.j2cmsis.processor.backend.Generated;
import dev.j2cmsis.processor.cache.GeneratedFile;
import dev.j2cmsis.processor.cache.GeneratedNetwork;
import dev.j2cmsis.processor.diag.Problem;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.emit.c.CEmitter;
import dev.j2cmsis.processor.emit.c.S8CEmitter;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.sim.runtime.InputHashes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Turns what a backend generated into the files of a network ({@link GeneratedNetwork}, the unit the build cache
 * keeps) and writes them through the Filer: the C and reports to SOURCE_OUTPUT (and {@code -Aj2cmsis.cOutputDir}),
 * the simulator sources, their resources and the inputs stamp to the class output. The portable kernels, the same
 * for every network of a package, are written once per package.
 */
final class NetworkWriter {
    private final ProcessingEnvironment processingEnv;
    private final Set<String> portableWritten = new HashSet<>();

    NetworkWriter(ProcessingEnvironment processingEnv) {
        this.processingEnv = processingEnv;
    }

    /**
     * Every file of the network, in the order they are written, with the problems reported since index
     * {@code firstProblem} (the ones a cached build replays).
     */
    GeneratedNetwork render(NetworkDeclaration decl, Sources sources, Generated g, String timing, Report report,
                            int firstProblem) {
        String pkg = decl.packageName();
        List<GeneratedFile> files = new ArrayList<>();
        for (Map.Entry<String, String> f : g.cFiles().entrySet()) {
            files.add(GeneratedFile.text(GeneratedFile.Kind.SOURCE_TEXT, pkg, f.getKey(), f.getValue(), true));
        }
        files.add(GeneratedFile.text(GeneratedFile.Kind.CLASS_TEXT, pkg, g.reportName(),
                g.cFiles().get(g.reportName()), false));
        for (JavaFile source : g.sources()) {
            files.add(GeneratedFile.text(GeneratedFile.Kind.JAVA_SOURCE, source.packageName(), source.typeSpec().name(),
                    source.toString(), false));
        }
        for (Map.Entry<String, byte[]> r : g.resources().entrySet()) {
            files.add(new GeneratedFile(GeneratedFile.Kind.CLASS_BINARY, pkg, r.getKey(), r.getValue(), false));
        }
        // Read before compile by InputHashes.main, which makes the class stale when an input changed.
        String binary = processingEnv.getElementUtils().getBinaryName(decl.type()).toString();
        files.add(GeneratedFile.text(GeneratedFile.Kind.CLASS_TEXT, "", InputHashes.STAMP_DIR + "/" + binary
                + InputHashes.STAMP_SUFFIX, InputHashes.stamp(binary, binary.replace('.', '/') + ".class",
                Version.VERSION, sources.inputs()), false));
        List<Problem> problems = report.problems();
        String summary = String.format(java.util.Locale.ROOT, "(%d calibration samples; %s)",
                g.calibrationSamples(), timing);
        return new GeneratedNetwork(g.cName(), files, problems.subList(firstProblem, problems.size()), summary);
    }

    void write(NetworkDeclaration decl, GeneratedNetwork generated) {
        Filer filer = processingEnv.getFiler();
        Element origin = decl.type();
        try {
            for (GeneratedFile f : generated.files()) {
                FileObject fo;
                switch (f.kind()) {
                    case JAVA_SOURCE -> fo = filer.createSourceFile(f.pkg().isEmpty() ? f.name()
                            : f.pkg() + "." + f.name(), origin);
                    case SOURCE_TEXT -> {
                        boolean shared = CEmitter.PORTABLE_FILES.contains(f.name())
                                || S8CEmitter.PORTABLE_FILES.contains(f.name());
                        if (shared && !portableWritten.add(f.pkg() + "/" + f.name())) {
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
            String dir = processingEnv.getOptions().get(J2cmsisProcessor.OPTION_C_OUTPUT_DIR);
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
}
