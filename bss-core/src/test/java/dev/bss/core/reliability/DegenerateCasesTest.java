package dev.bss.core.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.measure.BalanceScores;
import dev.bss.core.measure.Criterion;
import dev.bss.core.measure.NonFinitePolicy;
import dev.bss.core.measure.Normalization;
import dev.bss.core.measure.SampleStatistics;
import dev.bss.core.order.Order;
import dev.bss.core.order.Ranking;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import dev.bss.core.schedule.WeightedSampling;
import dev.bss.core.random.RandomStreams;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Degenerate inputs to the measurer and the schedulers, each with one defined, documented outcome
 * (docs/reliability.md, "Degenerate cases"): a constant column, NaN / infinite raw values, N = 1, no
 * samples, extreme finite magnitudes, zero / negative / NaN weights and a pacing subset smaller than a batch.
 */
class DegenerateCasesTest {

    private static String[] ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("s%03d", i)).toArray(String[]::new);
    }

    private static SampleStatistics stats(double[] sim, double[] loss) {
        return SampleStatistics.builder().setIds(ids(sim.length)).optPredictionSimilarity(sim).optLoss(loss).build();
    }

    // ---- measurer ----

    @ParameterizedTest
    @EnumSource(Normalization.class)
    void allEqualRawValuesGiveAllZeroScores(Normalization norm) {
        double[] c = new double[7];
        Arrays.fill(c, 0.25);
        double[] s = BalanceMeasurer.builder().optNormalization(norm).build().score(stats(c, c.clone()));
        for (double v : s) {
            assertEquals(0.0, v, 0.0, "constant columns normalise to 0, so s = 0 - 0");
        }
    }

    @ParameterizedTest
    @EnumSource(Normalization.class)
    void singleSampleGetsScoreZero(Normalization norm) {
        double[] s = BalanceMeasurer.builder().optNormalization(norm).build().score(stats(new double[] {0.7}, new double[] {3.0}));
        assertArrayEquals(new double[] {0.0}, s);
    }

    @Test
    void emptyTableGivesEmptyScores() {
        BalanceScores b = BalanceMeasurer.builder().build().measure(stats(new double[0], new double[0]));
        assertEquals(0, b.size());
        assertEquals(0, b.droppedCount());
    }

    @Test
    void nanOrInfiniteRawValueFailsByDefaultNamingSampleAndColumn() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BalanceMeasurer.builder().build().score(stats(new double[] {0.1, 0.2, 0.3}, new double[] {1, bad, 2})));
            assertTrue(e.getMessage().contains("s001") && e.getMessage().contains("loss"), e.getMessage());
        }
    }

    @Test
    void nanOrInfiniteRawValueIsDroppedUnderDropPolicy() {
        BalanceMeasurer m = BalanceMeasurer.builder().optNonFinitePolicy(NonFinitePolicy.DROP).build();
        BalanceScores b = m.measure(stats(new double[] {0.1, Double.POSITIVE_INFINITY, 0.3, 0.9},
            new double[] {1, 2, Double.NaN, 0}));
        assertEquals(2, b.droppedCount());
        assertTrue(Double.isNaN(b.scores()[1]) && Double.isNaN(b.scores()[2]));
        // the kept samples are normalised among themselves only: s0 = 0 - 1, s3 = 1 - 0
        assertEquals(-1.0, b.scores()[0], 0.0);
        assertEquals(1.0, b.scores()[3], 0.0);
    }

    @Test
    void allSamplesNonFiniteUnderDropGivesAllNaN() {
        BalanceScores b = BalanceMeasurer.builder().optNonFinitePolicy(NonFinitePolicy.DROP).build()
            .measure(stats(new double[] {Double.NaN, 0.5}, new double[] {1, Double.NEGATIVE_INFINITY}));
        assertEquals(2, b.droppedCount());
        assertTrue(Arrays.stream(b.scores()).allMatch(Double::isNaN));
    }

    /** Finite raw values of any magnitude (near ±Double.MAX_VALUE) must give finite scores in the documented range. */
    @ParameterizedTest
    @EnumSource(Normalization.class)
    void extremeButFiniteMagnitudesGiveFiniteScores(Normalization norm) {
        double big = Double.MAX_VALUE;
        double[][] columns = {
            {-big, big, 0.0, 1.0},
            {big, big / 2, -big / 3, 5e307},
            {1e200, -1e200, 3e199, 0},
            {Double.MIN_VALUE, -Double.MIN_VALUE, 0.0, 2 * Double.MIN_VALUE},
        };
        for (double[] c : columns) {
            double[] out = norm.apply(c);
            for (int i = 0; i < out.length; i++) {
                assertTrue(Double.isFinite(out[i]), norm.id() + " of " + Arrays.toString(c) + " gave " + Arrays.toString(out));
                if (norm != Normalization.Z_SCORE) {
                    assertTrue(out[i] >= 0 && out[i] <= 1, norm.id() + " outside [0, 1]: " + Arrays.toString(out));
                }
            }
            // ordering is preserved: the largest raw value gets the largest normalised value
            int argmax = 0;
            int argmin = 0;
            for (int i = 1; i < c.length; i++) {
                argmax = c[i] > c[argmax] ? i : argmax;
                argmin = c[i] < c[argmin] ? i : argmin;
            }
            assertTrue(out[argmax] > out[argmin], norm.id() + " lost the order of " + Arrays.toString(c) + ": " + Arrays.toString(out));
            double[] s = BalanceMeasurer.builder().optNormalization(norm).build().score(stats(c, c.clone()));
            for (double v : s) {
                assertTrue(Double.isFinite(v), "measurer gave " + Arrays.toString(s));
            }
        }
    }

    @Test
    void zScoreOfHugeValuesIsNotFlattenedToZero() {
        double[] out = Normalization.Z_SCORE.apply(new double[] {1e200, -1e200});
        assertEquals(1.0, out[0], 1e-12);
        assertEquals(-1.0, out[1], 1e-12);
    }

    // ---- ranking ----

    @Test
    void allEqualScoresRankByIdThenIndex() {
        double[] s = new double[5];
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Ranking.rank(s, Order.CL));
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, Ranking.rank(s, new String[] {"e", "d", "c", "b", "a"}, Order.CL));
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, Ranking.rank(s, new String[] {"e", "d", "c", "b", "a"}, Order.ANTI_CL));
    }

    @Test
    void nanScoresAreLeftOutOfTheRanking() {
        assertArrayEquals(new int[] {2, 0}, Ranking.rank(new double[] {0.1, Double.NaN, 0.5}, Order.CL));
        assertEquals(0, Ranking.rank(new double[] {Double.NaN, Double.NaN}, Order.CL).length);
    }

    // ---- heuristic scheduler ----

    @Test
    void pacingSubsetSmallerThanOneBatchIsRaisedToTheBatch() {
        // root pacing λ0 = 0.1 of 20 samples = 2, below a batch of 8: the epoch visits 8
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(20).setPacing(PacingFunctions.root(0.1, 10))
            .optMinimumSubset(8).setSeed(1).build();
        h.updateScores(1, IntStream.range(0, 20).mapToDouble(i -> i).toArray());
        int[] seq = h.sequence(1);
        assertEquals(8, seq.length);
        // ... and they are the 8 most balanced (CL: highest scores first)
        assertTrue(Arrays.stream(seq).allMatch(i -> i >= 12), Arrays.toString(seq));
        // a batch larger than the data set is capped at N
        assertEquals(20, HeuristicScheduler.subsetSize(20, 0.1, 64));
    }

    @Test
    void singleSampleSchedulersVisitIt() {
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(1).setPacing(PacingFunctions.root(0.1, 10)).setSeed(3).build();
        h.updateScores(1, new double[] {0.0});
        assertArrayEquals(new int[] {0}, h.sequence(1));
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(1).setSeed(3).build();
        l.updateScores(1, new double[] {-0.5});
        assertArrayEquals(new int[] {0}, l.sequence(1));
        assertArrayEquals(new double[] {1.0}, l.probabilities());
    }

    @Test
    void emptySplitIsRejectedAtBuildTime() {
        assertThrows(IllegalArgumentException.class,
            () -> HeuristicScheduler.builder().setSize(0).setPacing(PacingFunctions.full()).setSeed(1).build());
        assertThrows(IllegalArgumentException.class, () -> LearningBasedScheduler.builder().setSize(0).setSeed(1).build());
    }

    @Test
    void allNanScoresGiveAnEmptyHeuristicEpochButAnErrorForSampling() {
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(3).setPacing(PacingFunctions.full()).setSeed(1).build();
        h.updateScores(1, new double[] {Double.NaN, Double.NaN, Double.NaN});
        assertEquals(0, h.sequence(1).length, "nothing is ranked, so nothing is visited");
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(3).setSeed(1).build();
        l.updateScores(1, new double[] {Double.NaN, Double.NaN, Double.NaN});
        assertThrows(IllegalArgumentException.class, () -> l.sequence(1));
    }

    @Test
    void infiniteScoresAreRejectedBySchedulers() {
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(2).setPacing(PacingFunctions.full()).setSeed(1).build();
        assertThrows(IllegalArgumentException.class, () -> h.updateScores(1, new double[] {0, Double.POSITIVE_INFINITY}));
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(2).setSeed(1).build();
        assertThrows(IllegalArgumentException.class, () -> l.updateScores(1, new double[] {Double.NEGATIVE_INFINITY, 0}));
    }

    @Test
    void allEqualScoresSampleUniformly() {
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(4).setSeed(9).build();
        l.updateScores(1, new double[] {0.3, 0.3, 0.3, 0.3});
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, l.probabilities(), 1e-15);
        int[] seq = l.sequence(1);
        assertArrayEquals(new int[] {0, 1, 2, 3}, Arrays.stream(seq).sorted().toArray());
    }

    // ---- weights ----

    @Test
    void zeroWeightsComeLastWithoutReplacementAndNeverWithReplacement() {
        double[] w = {0, 2, 0, 1};
        int[] perm = WeightedSampling.permutation(w, RandomStreams.of(1, RandomStreams.LEARNING_SAMPLING, 1));
        assertEquals(4, perm.length);
        assertTrue((perm[2] == 0 || perm[2] == 2) && (perm[3] == 0 || perm[3] == 2), Arrays.toString(perm));
        int[] draws = WeightedSampling.withReplacement(w, 500, RandomStreams.of(1, RandomStreams.LEARNING_SAMPLING, 1));
        assertTrue(Arrays.stream(draws).noneMatch(i -> i == 0 || i == 2));
    }

    @Test
    void negativeInfiniteOrAllZeroWeightsAreErrorsNamingTheSample() {
        var rng = RandomStreams.of(1, RandomStreams.LEARNING_SAMPLING, 1);
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
            () -> WeightedSampling.permutation(new double[] {1, -0.5}, rng));
        assertTrue(neg.getMessage().contains("sample 1"), neg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightedSampling.withReplacement(new double[] {1, Double.POSITIVE_INFINITY}, 3, rng));
        assertThrows(IllegalArgumentException.class, () -> WeightedSampling.permutation(new double[] {0, 0}, rng));
        assertThrows(IllegalArgumentException.class, () -> WeightedSampling.withReplacement(new double[] {0, Double.NaN}, 3, rng));
        // linear transform of a score below -(1 + floor) would be a negative weight
        assertThrows(IllegalArgumentException.class, () -> ProbabilityTransform.linear(0.01).weights(new double[] {-2}, new double[1]));
    }

    @Test
    void softmaxOfHugeScoreGapsUnderflowsToZeroNotNaN() {
        double[] p = ProbabilityTransform.softmax(1.0).probabilities(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN});
        assertArrayEquals(new double[] {0.0, 1.0, 0.0}, p);
    }
}
