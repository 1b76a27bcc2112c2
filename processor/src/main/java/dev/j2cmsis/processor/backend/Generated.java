package dev.j2cmsis.processor.backend;

import com.palantir.javapoet.JavaFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a backend generated for one network, in memory; the processor writes it only when the network had no
 * error, so nothing is half-written.
 *
 * @param cFiles      file name to content, in a fixed order: the C, its headers, build fragments and both reports
 *                    (SOURCE_OUTPUT under the class's package, and the {@code -Aj2cmsis.cOutputDir} copy)
 * @param shared      names among {@code cFiles} that are the same for every network of a package (the portable
 *                    kernels): written once per package
 * @param reportName  the Markdown report among {@code cFiles}, also copied beside the classes for
 *                    {@code <Class>.report()}
 * @param sources     the generated simulator and float reference classes
 * @param resources   resources beside those classes (CLASS_OUTPUT, the class's package), name to bytes
 * @param classNames  simple names of the generated classes (checked against the project's own classes)
 * @param summary     RAM, flash and stage times for {@code -Aj2cmsis.verbose}
 */
public record Generated(String cName, Map<String, String> cFiles, Set<String> shared, String reportName,
                        List<JavaFile> sources, Map<String, byte[]> resources, List<String> classNames,
                        int calibrationSamples, String summary) {
    public Generated {
        cFiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cFiles));
        shared = Set.copyOf(shared);
        sources = List.copyOf(sources);
        resources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        classNames = List.copyOf(classNames);
    }
}
