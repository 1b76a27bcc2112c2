package dev.j2cmsis.processor;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.processor.read.ResourceDirs;
import dev.j2cmsis.processor.read.config.ConfigException;
import dev.j2cmsis.processor.read.config.ConfigReader;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import dev.j2cmsis.sim.runtime.InputHashes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The YAML of a network, found (in {@code -Aj2cmsis.resourceDirs}, else on the class path), read and checked, with
 * the SHA-256 of it and of every file it names: all the build cache's key needs besides the declaration.
 */
record Sources(Path yaml, NetworkConfig config, List<InputHashes.Input> inputs) {

    /** Finds and reads the network's YAML, and hashes it and the files it names. */
    static Sources read(ProcessingEnvironment env, NetworkDeclaration decl, Report report) throws AbortException {
        Path yaml = locateYaml(env, decl);
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

    private static Path locateYaml(ProcessingEnvironment processingEnv, NetworkDeclaration decl)
            throws AbortException {
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
}
