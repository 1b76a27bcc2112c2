package dev.j2cmsis.processor.backend;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.read.NetworkDeclaration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** {@code @Network(maxRamBytes, maxFlashBytes)}: a network over budget is an error naming its largest layers. */
final class Budget {
    /** A layer's share, for naming the largest ones. */
    record Cost(int index, String name, String kind, int ramBytes, int flashBytes) {
    }

    private Budget() {
    }

    static void check(NetworkDeclaration decl, int ramBytes, int flashBytes, List<Cost> layers)
            throws AbortException {
        check("maxRamBytes", "RAM (activation buffers and scratch)", decl.maxRamBytes(), ramBytes, layers,
                Cost::ramBytes);
        check("maxFlashBytes", "flash (weights and biases)", decl.maxFlashBytes(), flashBytes, layers,
                Cost::flashBytes);
    }

    private static void check(String attribute, String what, int budget, int needed, List<Cost> layers,
                              ToIntFunction<Cost> per) throws AbortException {
        if (budget <= 0 || needed <= budget) {
            return;
        }
        List<Cost> largest = layers.stream()
                .sorted(Comparator.comparingInt(per).reversed().thenComparing(Cost::index))
                .limit(3).toList();
        String names = largest.stream().map(l -> String.format(Locale.ROOT, "'%s' (%s, %d bytes)", l.name(),
                l.kind(), per.applyAsInt(l))).collect(Collectors.joining(", "));
        throw new AbortException(Tag.BUDGET, Where.network(attribute), String.format(Locale.ROOT,
                "the network needs %d bytes of %s but %s is %d (%d over). The largest layers: %s. Fix: shrink "
                        + "those layers (fewer channels, pooling or strides earlier), or raise %s.",
                needed, what, attribute, budget, needed - budget, names, attribute));
    }
}
