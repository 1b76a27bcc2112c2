package dev.j2cmsis.processor.plan.arena;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places a network's working memory (activation tensors and kernel scratch alike) in one static arena, by
 * lifetime: two allocations may overlap in the arena only when no step uses both. Backend-neutral: it knows
 * bytes, alignments and step indices, nothing about q7, q15 or s8.
 *
 * <p>Steps are whatever the caller numbers (kernel calls, plus any point where a tensor must still be
 * readable, such as a trace hook); an allocation is live on every step from {@code first} to {@code last}
 * inclusive. An allocation that names another in {@code sharesWith} is written in place over it by a kernel
 * that allows that (for example an activation function): both get the same offset, and their lifetimes may
 * touch at the one step that reads the old tensor and writes the new one. Sharing is transitive (a chain of
 * in-place steps is one block).
 *
 * <p>Placement tries a few deterministic greedy orders (largest first, earliest first, longest-lived first;
 * each with first-fit and best-fit gap choice) and keeps the smallest arena. The lower bound is the largest
 * sum of (aligned) live block sizes over all steps; placing intervals of different sizes optimally is NP-hard
 * in general, so the result can exceed it (by fragmentation), and {@link Arena#lowerBound()} says by how much.
 */
public final class ArenaPlanner {
    private ArenaPlanner() {
    }

    /**
     * One region of working memory.
     *
     * @param id         the caller's name for it, unique
     * @param bytes      size (0 is allowed and takes no space)
     * @param alignment  its offset is a multiple of this (a power of two)
     * @param first      the first step that writes or reads it
     * @param last       the last step that reads it ({@code >= first})
     * @param sharesWith the id of the allocation it is computed in place over, or {@code -1}; that one must
     *                   end no later than this one starts ({@code its last <= first})
     */
    public record Allocation(int id, int bytes, int alignment, int first, int last, int sharesWith) {
        public Allocation {
            if (bytes < 0 || alignment < 1 || Integer.bitCount(alignment) != 1 || last < first) {
                throw new IllegalArgumentException("bad allocation " + id + ": " + bytes + " bytes, alignment "
                        + alignment + ", steps " + first + ".." + last);
            }
        }

        public Allocation(int id, int bytes, int alignment, int first, int last) {
            this(id, bytes, alignment, first, last, -1);
        }
    }

    /**
     * The placement.
     *
     * @param offsets    offset of every allocation, by id (iteration in id order)
     * @param totalBytes arena size: the end of the highest block, rounded up to the largest alignment
     * @param lowerBound the largest sum of live block sizes at any step (each rounded up to its alignment)
     */
    public record Arena(Map<Integer, Integer> offsets, int totalBytes, int lowerBound) {
        public Arena {
            offsets = java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
        }

        public int offset(int id) {
            Integer o = offsets.get(id);
            if (o == null) {
                throw new IllegalArgumentException("no allocation " + id);
            }
            return o;
        }
    }

    /** A chain of in-place allocations, placed as one. */
    private record Block(List<Allocation> members, int bytes, int alignment, int first, int last, int order) {
        boolean overlaps(Block o) {
            return first <= o.last && o.first <= last;
        }
    }

    /** Plans the arena. Deterministic: the same allocations (in any order) give the same offsets. */
    public static Arena plan(List<Allocation> allocations) {
        List<Block> blocks = blocks(allocations);
        int maxAlign = blocks.stream().mapToInt(Block::alignment).max().orElse(1);
        int bound = lowerBound(blocks);
        List<Comparator<Block>> orders = List.of(
                Comparator.comparingInt(Block::bytes).reversed(),
                Comparator.comparingInt(Block::first).thenComparing(Comparator.comparingInt(Block::bytes).reversed()),
                Comparator.comparingInt((Block b) -> b.last - b.first).reversed()
                        .thenComparing(Comparator.comparingInt(Block::bytes).reversed()));
        int[] best = null;
        int bestTotal = Integer.MAX_VALUE;
        for (Comparator<Block> order : orders) {
            for (boolean bestFit : new boolean[] {false, true}) {
                int[] offs = place(blocks, order.thenComparingInt(Block::order), bestFit);
                int total = 0;
                for (int k = 0; k < blocks.size(); k++) {
                    total = Math.max(total, offs[k] + blocks.get(k).bytes);
                }
                total = roundUp(total, maxAlign);
                if (total < bestTotal) {
                    bestTotal = total;
                    best = offs;
                }
            }
        }
        Map<Integer, Integer> offsets = new HashMap<>();
        for (int k = 0; k < blocks.size(); k++) {
            for (Allocation a : blocks.get(k).members) {
                offsets.put(a.id, best[k]);
            }
        }
        return new Arena(offsets, blocks.isEmpty() ? 0 : bestTotal, roundUp(bound, maxAlign));
    }

    private static List<Block> blocks(List<Allocation> allocations) {
        Map<Integer, Allocation> byId = new LinkedHashMap<>();
        allocations.stream().sorted(Comparator.comparingInt(Allocation::id)).forEach(a -> {
            if (byId.put(a.id, a) != null) {
                throw new IllegalArgumentException("allocation id " + a.id + " given twice");
            }
        });
        Map<Integer, Integer> root = new HashMap<>();
        for (Allocation a : byId.values()) {
            if (a.sharesWith >= 0) {
                Allocation over = byId.get(a.sharesWith);
                if (over == null || over.last > a.first) {
                    throw new IllegalArgumentException("allocation " + a.id + " shares with " + a.sharesWith
                            + ", which " + (over == null ? "does not exist" : "is still live after step " + a.first));
                }
            }
        }
        for (Allocation a : byId.values()) {
            root.put(a.id, find(byId, a.id));
        }
        Map<Integer, List<Allocation>> groups = new TreeMap<>();
        for (Allocation a : byId.values()) {
            groups.computeIfAbsent(root.get(a.id), k -> new ArrayList<>()).add(a);
        }
        List<Block> blocks = new ArrayList<>();
        for (List<Allocation> g : groups.values()) {
            int align = g.stream().mapToInt(Allocation::alignment).max().orElseThrow();
            blocks.add(new Block(g, roundUp(g.stream().mapToInt(Allocation::bytes).max().orElseThrow(), align), align,
                    g.stream().mapToInt(Allocation::first).min().orElseThrow(),
                    g.stream().mapToInt(Allocation::last).max().orElseThrow(), blocks.size()));
        }
        return blocks;
    }

    private static int find(Map<Integer, Allocation> byId, int id) {
        int steps = 0;
        while (byId.get(id).sharesWith >= 0) {
            id = byId.get(id).sharesWith;
            if (++steps > byId.size()) {
                throw new IllegalArgumentException("allocations share storage in a cycle at " + id);
            }
        }
        return id;
    }

    private static int lowerBound(List<Block> blocks) {
        TreeMap<Integer, Integer> delta = new TreeMap<>();
        for (Block b : blocks) {
            delta.merge(b.first, b.bytes, Integer::sum);
            delta.merge(b.last + 1, -b.bytes, Integer::sum);
        }
        int live = 0;
        int max = 0;
        for (int d : delta.values()) {
            live += d;
            max = Math.max(max, live);
        }
        return max;
    }

    /** Offsets by block index, placing blocks in the given order, each in the lowest (or tightest) free gap. */
    private static int[] place(List<Block> blocks, Comparator<Block> order, boolean bestFit) {
        int[] offs = new int[blocks.size()];
        boolean[] placed = new boolean[blocks.size()];
        List<Block> sorted = new ArrayList<>(blocks);
        sorted.sort(order);
        for (Block b : sorted) {
            List<int[]> busy = new ArrayList<>();
            for (int k = 0; k < blocks.size(); k++) {
                if (placed[k] && blocks.get(k).bytes > 0 && blocks.get(k).overlaps(b)) {
                    busy.add(new int[] {offs[k], offs[k] + blocks.get(k).bytes});
                }
            }
            busy.sort(Comparator.comparingInt((int[] r) -> r[0]).thenComparingInt(r -> r[1]));
            int chosen = -1;
            int chosenGap = Integer.MAX_VALUE;
            int cursor = 0;
            for (int[] r : busy) {
                int start = roundUp(cursor, b.alignment);
                if (start + b.bytes <= r[0]) {
                    int gap = r[0] - start;
                    if (chosen < 0 || (bestFit && gap < chosenGap)) {
                        chosen = start;
                        chosenGap = gap;
                    }
                    if (!bestFit) {
                        break;
                    }
                }
                cursor = Math.max(cursor, r[1]);
            }
            if (chosen < 0) {
                chosen = roundUp(cursor, b.alignment);
            }
            offs[b.order] = chosen;
            placed[b.order] = true;
        }
        return offs;
    }

    private static int roundUp(int v, int align) {
        return (v + align - 1) & -align;
    }
}
