package dev.bss.core.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.core.order.Order;
import dev.bss.core.pacing.PacingFunctions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** BSS-H: subset sizes of method.md §3.1, subset contents, ranking policies, determinism and resume. */
class HeuristicSchedulerTest {

    private static double[] randomScores(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        return IntStream.range(0, n).mapToDouble(i -> r.nextDouble() * 2 - 1).toArray();
    }

    private static HeuristicScheduler.Builder paperLike(int n) {
        return HeuristicScheduler.builder().setSize(n).setPacing(PacingFunctions.root(0.1, 40)).setSeed(42);
    }

    @Test
    void subsetSizesOfTheReferenceCodeForCremaD() {
        int n = 6698;
        HeuristicScheduler h = paperLike(n).build();
        h.updateScores(1, randomScores(n, 1));
        int[] epochs = {1, 2, 5, 10, 20, 30, 39, 40, 41, 120};
        int[] expected = {1248, 1633, 2449, 3398, 4759, 5810, 6614, 6698, 6698, 6698};
        for (int i = 0; i < epochs.length; i++) {
            assertEquals(expected[i], h.subsetSize(epochs[i]), "epoch " + epochs[i]);
            assertEquals(expected[i], h.sequence(epochs[i]).length, "epoch " + epochs[i]);
        }
    }

    @Test
    void subsetIsTheMostBalancedPrefixShuffled() {
        int n = 500;
        double[] s = randomScores(n, 3);
        HeuristicScheduler h = paperLike(n).build();
        h.updateScores(1, s);
        int[] seq = h.sequence(1);
        int m = seq.length;
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        double threshold = sorted[n - m]; // the m-th largest
        for (int i : seq) {
            assertTrue(s[i] >= threshold, "a sample outside the top " + m + " was visited");
        }
        assertEquals(m, Arrays.stream(seq).distinct().count());
        // shuffled: not in ranking order
        assertFalse(Arrays.equals(Arrays.copyOf(h.ranking(), m), seq));
        // anti-CL visits the least balanced instead
        HeuristicScheduler anti = paperLike(n).optOrder(Order.ANTI_CL).build();
        anti.updateScores(1, s);
        double low = sorted[m - 1];
        for (int i : anti.sequence(1)) {
            assertTrue(s[i] <= low);
        }
    }

    @Test
    void atLeastOneBatch() {
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(100).setPacing(PacingFunctions.root(0.01, 40))
                .optMinimumSubset(32).setSeed(1).build();
        h.updateScores(1, randomScores(100, 1));
        // floor(100·sqrt(0.9999/40 + 0.0001)) = floor(15.84) = 15 < 32
        assertEquals(32, h.sequence(1).length);
        assertEquals(15, HeuristicScheduler.subsetSize(100, PacingFunctions.root(0.01, 40).fraction(1), 1));
        HeuristicScheduler small = HeuristicScheduler.builder().setSize(10).setPacing(PacingFunctions.root(0.1, 40))
                .optMinimumSubset(64).setSeed(1).build();
        small.updateScores(1, randomScores(10, 2));
        assertEquals(10, small.sequence(1).length, "never more than the ranked samples");
    }

    @Test
    void needsScoresIsExactForEachPolicy() {
        HeuristicScheduler once = paperLike(10).build();
        HeuristicScheduler every = paperLike(10).optRankingPolicy(RankingPolicy.every(5)).build();
        HeuristicScheduler warm = paperLike(10).optRankingPolicy(RankingPolicy.afterWarmup(3)).build();
        for (int t = 1; t <= 30; t++) {
            assertEquals(t == 1, once.needsScores(t), "once at " + t);
            assertEquals(t % 5 == 1, every.needsScores(t), "every(5) at " + t);
            assertEquals(t == 4, warm.needsScores(t), "afterWarmup(3) at " + t);
        }
    }

    @Test
    void warmupShufflesEverythingThenPacingRestarts() {
        int n = 200;
        HeuristicScheduler warm = paperLike(n).optRankingPolicy(RankingPolicy.afterWarmup(3)).build();
        for (int t = 1; t <= 3; t++) {
            int[] seq = warm.sequence(t);
            assertEquals(n, seq.length);
            assertEquals(n, Arrays.stream(seq).distinct().count());
        }
        assertThrows(IllegalStateException.class, () -> warm.sequence(4));
        warm.updateScores(4, randomScores(n, 5));
        // epoch 4 is pacing epoch 1: floor(200·0.186414) = 37
        assertEquals(37, warm.sequence(4).length);
        assertEquals(48, warm.sequence(5).length); // floor(200·0.243926)
    }

    @Test
    void everyKReranks() {
        int n = 50;
        HeuristicScheduler h = paperLike(n).optRankingPolicy(RankingPolicy.every(2)).build();
        h.updateScores(1, randomScores(n, 1));
        int[] first = h.ranking();
        h.sequence(2);
        assertThrows(IllegalStateException.class, () -> h.sequence(3), "epoch 3 needs new scores");
        h.updateScores(3, randomScores(n, 2));
        assertFalse(Arrays.equals(first, h.ranking()));
        assertThrows(IllegalStateException.class, () -> h.updateScores(4, randomScores(n, 3)));
    }

    @Test
    void nanScoresAreNeverVisited() {
        double[] s = randomScores(40, 9);
        s[3] = Double.NaN;
        s[17] = Double.NaN;
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(40).setPacing(PacingFunctions.full()).setSeed(3).build();
        h.updateScores(1, s);
        int[] seq = h.sequence(1);
        assertEquals(38, seq.length);
        Set<Integer> seen = new HashSet<>();
        for (int i : seq) {
            seen.add(i);
        }
        assertFalse(seen.contains(3) || seen.contains(17));
        assertThrows(IllegalArgumentException.class, () -> paperLike(2).build().updateScores(1,
                new double[] {0, Double.POSITIVE_INFINITY}));
    }

    @Test
    void deterministicAcrossInstancesAndSeedSensitive() {
        double[] s = randomScores(300, 4);
        HeuristicScheduler a = paperLike(300).build();
        HeuristicScheduler b = paperLike(300).build();
        HeuristicScheduler c = paperLike(300).setSeed(43).build();
        a.updateScores(1, s);
        b.updateScores(1, s);
        c.updateScores(1, s);
        for (int t = 1; t <= 5; t++) {
            assertArrayEquals(a.sequence(t), b.sequence(t));
        }
        assertFalse(Arrays.equals(a.sequence(2), c.sequence(2)));
        assertFalse(Arrays.equals(a.sequence(41), a.sequence(42)), "each epoch reshuffles");
    }

    @Test
    void saveAndRestoreResumesExactly() {
        int n = 120;
        HeuristicScheduler a = paperLike(n).optRankingPolicy(RankingPolicy.every(3)).build();
        int[][] uninterrupted = new int[10][];
        byte[] saved = null;
        for (int t = 1; t <= 10; t++) {
            if (a.needsScores(t)) {
                a.updateScores(t, randomScores(n, t));
            }
            uninterrupted[t - 1] = a.sequence(t);
            if (t == 5) {
                saved = a.saveState();
            }
        }
        HeuristicScheduler b = paperLike(n).optRankingPolicy(RankingPolicy.every(3)).build();
        b.restoreState(saved);
        for (int t = 6; t <= 10; t++) {
            if (b.needsScores(t)) {
                b.updateScores(t, randomScores(n, t));
            }
            assertArrayEquals(uninterrupted[t - 1], b.sequence(t), "epoch " + t);
        }
        HeuristicScheduler other = paperLike(n).setSeed(7).build();
        byte[] state = saved;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> other.restoreState(state)).getMessage()
                .contains("options"));
        assertThrows(IllegalArgumentException.class, () -> other.restoreState(new byte[] {1, 2, 3}));
    }

    @Test
    void builderNamesWhatIsMissing() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicScheduler.builder().setSize(3).setSeed(1)
                .build()).getMessage().contains("setPacing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicScheduler.builder()
                .setPacing(PacingFunctions.full()).setSeed(1).build()).getMessage().contains("setSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HeuristicScheduler.builder().setSize(3)
                .setPacing(PacingFunctions.full()).build()).getMessage().contains("setSeed"));
        assertThrows(IllegalArgumentException.class, () -> paperLike(3).build().updateScores(1, new double[2]));
    }

    @Test
    void shuffleSchedulerIsASeededPermutation() {
        ShuffleScheduler a = ShuffleScheduler.builder().setSize(50).setSeed(5).build();
        ShuffleScheduler b = ShuffleScheduler.builder().setSize(50).setSeed(5).build();
        assertFalse(a.needsScores(1));
        assertArrayEquals(a.sequence(3), b.sequence(3));
        assertEquals(50, Arrays.stream(a.sequence(3)).distinct().count());
        assertFalse(Arrays.equals(a.sequence(3), a.sequence(4)));
        b.restoreState(a.saveState());
        assertThrows(IllegalStateException.class, () -> a.updateScores(1, new double[50]));
    }
}
