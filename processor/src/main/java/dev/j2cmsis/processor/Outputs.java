package dev.j2cmsis.processor;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Report;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import dev.j2cmsis.processor.read.config.NetworkConfig;
import dev.j2cmsis.sim.runtime.InputHashes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/**
 * Checks made before the first file of a network is written, so that writing cannot fail halfway: the Filer
 * cannot take back a file, and a network that fails must leave nothing behind.
 */
final class Outputs {
    private Outputs() {
    }

    /**
     * The C prefix is not used by another network of the package (their C files would overwrite each other),
     * and no class of this compilation has the name of a generated simulator class.
     */
    static void checkNames(ProcessingEnvironment env, NetworkDeclaration decl, String cName, List<String> classNames,
                           Map<String, String> prefixOwner) throws AbortException {
        String self = decl.type().getQualifiedName().toString();
        String key = decl.packageName() + "/" + cName;
        String owner = prefixOwner.get(key);
        if (owner != null && !owner.equals(self)) {
            throw new AbortException(Tag.ANNOTATION, decl.prefix().value().isEmpty() ? Where.network()
                    : Where.network("prefix"), "the C prefix '" + cName + "' is already used by " + owner
                    + " in package '" + decl.packageName() + "'; their C files and symbols would clash. Fix: give "
                    + "one of them another prefix = \"...\".");
        }
        for (String simple : classNames) {
            String fqn = decl.packageName().isEmpty() ? simple : decl.packageName() + "." + simple;
            TypeElement existing = env.getElementUtils().getTypeElement(fqn);
            if (existing != null && fromSource(env, existing)) {
                throw new AbortException(Tag.ANNOTATION, Where.network(), "j2cmsis generates the class " + fqn
                        + " for this network, but the project already has a class of that name. Fix: rename that "
                        + "class, or this one.");
            }
        }
        prefixOwner.put(key, self);
    }

    /**
     * Whether the class comes from a source file of this compilation. A class file of the same name is
     * usually our own output of the previous build, on the class path of this one, and is not a clash.
     */
    private static boolean fromSource(ProcessingEnvironment env, TypeElement type) {
        try {
            return com.sun.source.util.Trees.instance(env).getTree(type) != null;
        } catch (IllegalArgumentException | LinkageError e) {
            // Not javac: no way to tell, and the Filer still refuses to overwrite a source.
            return false;
        }
    }

    /**
     * A note for a weights or calibration path outside the YAML's resource tree ({@code ../..} or absolute):
     * allowed, but recorded by absolute path, so the build's staleness stamp only works on this machine.
     */
    static void noteOutsideResources(List<InputHashes.Input> inputs, NetworkConfig config, Report report) {
        String[] keys = {"config", "weights", "calibration.data"};
        for (int i = 1; i < inputs.size() && i < keys.length; i++) {
            String name = inputs.get(i).name();
            if (Path.of(name).isAbsolute()) {
                report.note(Tag.YAML, Where.network("config"), (i == 1 ? config.weights().pos()
                        : config.calibration().data().pos()) + ": '" + keys[i] + "' reads " + name + ", outside the "
                        + "resources that hold the YAML; it is recorded by absolute path, so the generated class "
                        + "is only checked against it on this machine. Keep it under src/main/resources to make the "
                        + "build portable.");
            }
        }
    }
}
