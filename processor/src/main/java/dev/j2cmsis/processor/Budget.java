package dev.j2cmsis.processor;

import dev.j2cmsis.processor.diag.AbortException;
import dev.j2cmsis.processor.diag.Tag;
import dev.j2cmsis.processor.diag.Where;
import dev.j2cmsis.processor.plan.Plan;
import dev.j2cmsis.processor.plan.PlannedLayer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** {@code @Network(maxRamBytes, maxFlashBytes)}: a network over budget is an error naming its largest layers. */
final class Budget {
    private Budget() {
    }

    static void check(dev.j2cmsis.processor.read.NetworkDeclaration decl, Plan plan) throws AbortException {
        check("maxRamBytes", "RAM (activation buffers and scratch)", decl.maxRamBytes(), plan.ramBytes(), plan,
                PlannedLayer::ramBytes);
        check("maxFlashBytes", "flash (weights and biases)", decl.maxFlashBytes(), plan.flashBytes(), plan,
                PlannedLayer::flashBytes);
    }

    private static void check(String attribute, String what, int budget, int needed, Plan plan,
                              ToIntFunction<PlannedLayer> per) throws AbortException {
        if (budget <= 0 || needed <= budget) {
            return;
        }
        List<PlannedLayer> largest = plan.layers().stream()
                .sorted(Comparator.comparingInt(per).reversed().thenComparing(PlannedLayer::index))
                .limit(3).toList();
        String names = largest.stream().map(l -> String.format(Locale.ROOT, "'%s' (%s, %d bytes)", l.name(),
                l.kind(), per.applyAsInt(l))).collect(Collectors.joining(", "));
        throw new AbortException(Tag.BUDGET, Where.network(attribute), String.format(Locale.ROOT,
                "the network needs %d bytes of %s but %s is %d (%d over). The largest layers: %s. Fix: shrink "
                        + "those layers (fewer channels, pooling or strides earlier), or raise %s.",
                needed, what, attribute, budget, needed - budget, names, attribute));
    }
}
