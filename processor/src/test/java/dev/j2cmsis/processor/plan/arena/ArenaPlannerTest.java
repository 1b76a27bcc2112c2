package dev.j2cmsis.processor.plan.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.j2cmsis.processor.plan.arena.ArenaPlanner.Allocation;
import dev.j2cmsis.processor.plan.arena.ArenaPlanner.Arena;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArenaPlannerTest {
    /** LeNet's q7 plan: conv1 (im2col scratch) -> 4704 B, pool1 -> 1176 B, conv2 (scratch) -> 1600 B, ... */
    @Test
    void lenetChainReachesTheBound() {
        List<Allocation> a = List.of(
                new Allocation(0, 4704, 4, 0, 2),    // conv1 out, relu1 in place, read by pool1 (step 2)
                new Allocation(1, 100, 4, 0, 0),     // conv1 im2col
                new Allocation(2, 1176, 4, 2, 3),    // pool1 out, read by conv2
                new Allocation(3, 1600, 4, 3, 5),    // conv2 out
                new Allocation(4, 600, 4, 3, 3),     // conv2 im2col
                new Allocation(5, 400, 4, 5, 6),     // pool2 out
                new Allocation(6, 120, 4, 6, 8),     // conv3 out
                new Allocation(7, 2000, 4, 6, 6));   // conv3 im2col
        Arena arena = ArenaPlanner.plan(a);
        assertEquals(5880, arena.lowerBound());
        assertEquals(5880, arena.totalBytes());
        assertNoLiveOverlap(a, arena);
    }

    @Test
    void inPlaceSharesTheOffsetAndCountsOnce() {
        List<Allocation> a = List.of(
                new Allocation(0, 64, 4, 0, 1),
                new Allocation(1, 64, 4, 1, 2, 0),   // computed in place over 0 at step 1
                new Allocation(2, 32, 4, 2, 2));
        Arena arena = ArenaPlanner.plan(a);
        assertEquals(arena.offset(0), arena.offset(1));
        assertEquals(96, arena.lowerBound());
        assertEquals(96, arena.totalBytes());
    }

    @Test
    void sharingWithATensorStillLiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArenaPlanner.plan(List.of(
                new Allocation(0, 64, 4, 0, 3), new Allocation(1, 64, 4, 1, 2, 0))));
        assertTrue(e.getMessage().contains("still live after step 1"), e.getMessage());
    }

    @Test
    void duplicateIdsAndSharingCyclesAreRefused() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ArenaPlanner.plan(List.of(
                new Allocation(3, 8, 4, 0, 0), new Allocation(3, 8, 4, 1, 1))));
        assertTrue(twice.getMessage().contains("allocation id 3 given twice"), twice.getMessage());
        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class, () -> ArenaPlanner.plan(List.of(
                new Allocation(0, 8, 4, 2, 2, 1), new Allocation(1, 8, 4, 2, 2, 0))));
        assertTrue(cycle.getMessage().contains("share storage in a cycle"), cycle.getMessage());
    }

    @Test
    void emptyInputGivesAnEmptyArena() {
        assertEquals(0, ArenaPlanner.plan(List.of()).totalBytes());
    }

    @Test
    void alignmentIsHonouredAndCountedInTheBound() {
        List<Allocation> a = List.of(new Allocation(0, 3, 1, 0, 0), new Allocation(1, 5, 8, 0, 0),
                new Allocation(2, 7, 4, 0, 0));
        Arena arena = ArenaPlanner.plan(a);
        assertEquals(0, arena.offset(1) % 8);
        assertEquals(0, arena.offset(2) % 4);
        assertNoLiveOverlap(a, arena);
        assertTrue(arena.totalBytes() >= arena.lowerBound());
        assertEquals(0, arena.totalBytes() % 8);
    }

    @Test
    void resultDoesNotDependOnInputOrder() {
        List<Allocation> a = randomAllocations(new Random(7), 40);
        Arena first = ArenaPlanner.plan(a);
        List<Allocation> shuffled = new ArrayList<>(a);
        Collections.shuffle(shuffled, new Random(1));
        assertEquals(first, ArenaPlanner.plan(shuffled));
    }

    /**
     * Random lifetimes: never an overlap of live allocations, never below the bound; how far above it the greedy
     * lands is recorded here (it is not always optimal: interval placement is NP-hard).
     */
    @Test
    void randomLifetimesAreSafeAndNearTheBound() {
        Random r = new Random(12);
        int atBound = 0;
        for (int trial = 0; trial < 300; trial++) {
            List<Allocation> a = randomAllocations(r, 5 + r.nextInt(30));
            Arena arena = ArenaPlanner.plan(a);
            assertNoLiveOverlap(a, arena);
            assertTrue(arena.totalBytes() >= arena.lowerBound());
            assertTrue(arena.totalBytes() <= arena.lowerBound() * 2, arena.totalBytes() + " vs " + arena.lowerBound());
            atBound += arena.totalBytes() == arena.lowerBound() ? 1 : 0;
        }
        assertTrue(atBound >= 150, atBound + " of 300 at the bound");
    }

    private static List<Allocation> randomAllocations(Random r, int n) {
        List<Allocation> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int first = r.nextInt(20);
            a.add(new Allocation(i, 4 * (1 + r.nextInt(500)), 4, first, first + r.nextInt(4)));
        }
        return a;
    }

    private static void assertNoLiveOverlap(List<Allocation> a, Arena arena) {
        for (Allocation x : a) {
            assertEquals(0, arena.offset(x.id()) % x.alignment());
            assertTrue(arena.offset(x.id()) + x.bytes() <= arena.totalBytes());
            for (Allocation y : a) {
                boolean shared = x.sharesWith() == y.id() || y.sharesWith() == x.id();
                if (x.id() < y.id() && !shared && x.first() <= y.last() && y.first() <= x.last()) {
                    int xo = arena.offset(x.id());
                    int yo = arena.offset(y.id());
                    assertTrue(xo + x.bytes() <= yo || yo + y.bytes() <= xo,
                            "allocations " + x.id() + " and " + y.id() + " overlap");
                }
            }
        }
    }
}
