package dev.j2cmsis.processor.cache;

import dev.j2cmsis.processor.diag.Problem;
import java.util.List;

/**
 * Everything one network's compile produces, before anything is written: the files (C, headers, reports, the
 * simulator sources and their resources, the inputs stamp), the diagnostics the stages reported, and what the
 * verbose note says. It is the unit {@link OutputCache} keeps, so a cached build writes exactly what a fresh
 * one would, whatever backend produced it.
 *
 * @param cName    the network's C prefix (the processor checks it against the other networks of the package)
 * @param files    in the order they are written
 * @param problems the diagnostics of the stages after the declaration was read, in reporting order
 * @param summary  the verbose note's description of the fresh build (calibration samples, stage times, RAM, flash)
 */
public record GeneratedNetwork(String cName, List<GeneratedFile> files, List<Problem> problems, String summary) {
    public GeneratedNetwork {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }
}
