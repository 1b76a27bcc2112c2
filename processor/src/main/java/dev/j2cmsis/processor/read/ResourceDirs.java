package dev.j2cmsis.processor.read;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code -Aj2cmsis.resourceDirs=DIR[:DIR...]} (the platform's path separator): resource directories searched for
 * the YAML before the class path. Gradle compiles with {@code src/main/resources} off the class path (its
 * resources are processed into another directory after compiling), so there the YAML and the files beside it
 * are found only through this option; under Maven, where the resources are copied to {@code target/classes}
 * before compile, it is not needed.
 */
public final class ResourceDirs {
    public static final String OPTION = "j2cmsis.resourceDirs";

    private final List<Path> dirs;

    private ResourceDirs(List<Path> dirs) {
        this.dirs = dirs;
    }

    /** The directories of the option's value; relative ones against the compiler's working directory. */
    public static ResourceDirs parse(String value) {
        List<Path> dirs = new ArrayList<>();
        if (value != null) {
            for (String d : value.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d.trim()).toAbsolutePath().normalize());
                }
            }
        }
        return new ResourceDirs(List.copyOf(dirs));
    }

    public List<Path> dirs() {
        return dirs;
    }

    /** The first directory's file at the resource path {@code pkg/rel} ({@code /}-separated), if any has it. */
    public Optional<Path> find(String resourcePath) {
        for (Path d : dirs) {
            Path p = d.resolve(resourcePath);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
