package dev.j2cmsis.processor.backend;

import com.palantir.javapoet.JavaFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a backend generated for one network, in memory; the processor writes it only when the network had no
 * error, so nothing is half-written.
 *
 * @param cFiles      file name to content, in a fixed order: the C, its headers, build fragments and both reports
 *                    (SOURCE_OUTPUT under the class's package, and the {@code -Aj2cmsis.cOutputDir} copy)
 * @param reportName  the Markdown report among {@code cFiles}, also copied beside the classes for
 *                    {@code <Class>.report()}
 * @param sources     the generated simulator and float reference classes
 * @param resources   resources beside those classes (CLASS_OUTPUT, the class's package), name to bytes
 * @param summary     RAM, flash and stage times for {@code -Aj2cmsis.verbose}
 */
public record Generated(String cName, Map<String, String> cFiles, String reportName, List<JavaFile> sources,
                        Map<String, byte[]> resources, int calibrationSamples, String summary) {
    public Generated {
        cFiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cFiles));
        sources = List.copyOf(sources);
        resources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }
}
