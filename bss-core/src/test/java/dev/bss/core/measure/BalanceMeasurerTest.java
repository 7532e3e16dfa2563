package dev.bss.core.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every criterion on one hand-made table. Min-max columns by hand:
 * pred_sim 0.9,0.5,0.1,0.5 → 1,0.5,0,0.5; feat_sim 0.2,0.4,0.6,1.0 → 0,0.25,0.5,1;
 * loss 1,3,5,2 → 0,0.5,1,0.25; grad_mag 10,20,10,30 → 0,0.5,0,1.
 */
class BalanceMeasurerTest {

    private static final SampleStatistics TABLE = SampleStatistics.builder()
            .setIds(new String[] {"a", "b", "c", "d"})
            .optPredictionSimilarity(new double[] {0.9, 0.5, 0.1, 0.5})
            .optFeatureSimilarity(new double[] {0.2, 0.4, 0.6, 1.0})
            .optLoss(new double[] {1, 3, 5, 2})
            .optGradientMagnitude(new double[] {10, 20, 10, 30})
            .build();

    private static double[] score(Criterion c) {
        return BalanceMeasurer.builder().optCriterion(c).build().score(TABLE);
    }

    @Test
    void everyCriterion() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 1}, score(Criterion.FEATURE_SIMILARITY), 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 0, 0.5}, score(Criterion.PREDICTION_SIMILARITY), 1e-12);
        assertArrayEquals(new double[] {0, -0.5, -1, -0.25}, score(Criterion.TRAINING_LOSS), 1e-12);
        assertArrayEquals(new double[] {0, -0.5, 0, -1}, score(Criterion.GRADIENT_MAGNITUDE), 1e-12);
        assertArrayEquals(new double[] {0, -0.25, 0.5, 0}, score(Criterion.FEATSIM_GRADMAG), 1e-12);
        assertArrayEquals(new double[] {0, -0.25, -0.5, 0.75}, score(Criterion.FEATSIM_LOSS), 1e-12);
        assertArrayEquals(new double[] {1, 0, 0, -0.5}, score(Criterion.PRESIM_GRADMAG), 1e-12);
        assertArrayEquals(new double[] {1, 0, -1, 0.25}, score(Criterion.PRESIM_LOSS), 1e-12);
    }

    @Test
    void defaultIsPaperMeasurer() {
        BalanceMeasurer m = BalanceMeasurer.builder().build();
        assertEquals(Criterion.PRESIM_LOSS, m.criterion());
        assertEquals(Normalization.MIN_MAX, m.normalization());
        assertEquals(NonFinitePolicy.FAIL, m.nonFinitePolicy());
        assertArrayEquals(new double[] {1, 0, -1, 0.25}, m.score(TABLE), 1e-12);
    }

    @Test
    void rankNormalisationCombination() {
        // pred_sim ranks: 0.1→0, 0.5,0.5→1.5, 0.9→3 (/3): 1, .5, 0, .5; loss ranks 1→0,2→1,3→2,5→3: 0, 2/3, 1, 1/3
        double[] s = BalanceMeasurer.builder().optNormalization(Normalization.RANK).build().score(TABLE);
        assertArrayEquals(new double[] {1, 0.5 - 2.0 / 3, -1, 0.5 - 1.0 / 3}, s, 1e-12);
    }

    @Test
    void criterionIdsAndColumns() {
        for (Criterion c : Criterion.values()) {
            assertEquals(c, Criterion.fromId(c.id()));
        }
        assertEquals("pred-sim+loss", Criterion.PRESIM_LOSS.id());
        assertEquals(Set.of(RawColumn.PREDICTION_SIMILARITY, RawColumn.LOSS), Criterion.PRESIM_LOSS.requiredColumns());
        assertEquals(EnumSet.of(RawColumn.GRADIENT_MAGNITUDE), Criterion.GRADIENT_MAGNITUDE.requiredColumns());
        assertTrue(Criterion.TRAINING_LOSS.similarityColumn().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Criterion.fromId("presim"));
        assertTrue(e.getMessage().contains("pred-sim+loss") && e.getMessage().contains("feat-sim"), e.getMessage());
    }

    @Test
    void missingColumnIsNamed() {
        SampleStatistics onlyLoss = SampleStatistics.builder().setIds(new String[] {"x", "y"})
                .optLoss(new double[] {1, 2}).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BalanceMeasurer.builder().build().score(onlyLoss));
        assertTrue(e.getMessage().contains("pred_sim"), e.getMessage());
        assertArrayEquals(new double[] {-0.0, -1}, BalanceMeasurer.builder().optCriterion(Criterion.TRAINING_LOSS)
                .build().score(onlyLoss), 0.0);
    }

    @Test
    void nonFiniteFailNamesIdAndColumn() {
        SampleStatistics bad = SampleStatistics.builder().setIds(new String[] {"a", "bee", "c", "d"})
                .optPredictionSimilarity(new double[] {0.9, Double.NaN, 0.1, 0.5})
                .optLoss(new double[] {1, 3, 5, 2}).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BalanceMeasurer.builder().build().score(bad));
        assertTrue(e.getMessage().contains("'bee'") && e.getMessage().contains("pred_sim"), e.getMessage());
    }

    @Test
    void nonFiniteDropExcludesFromStatistics() {
        SampleStatistics bad = SampleStatistics.builder().setIds(new String[] {"a", "b", "c", "d"})
                .optPredictionSimilarity(new double[] {0.9, Double.NaN, 0.1, 0.5})
                .optLoss(new double[] {1, 30, 5, Double.POSITIVE_INFINITY}).build();
        BalanceScores r = BalanceMeasurer.builder().optNonFinitePolicy(NonFinitePolicy.DROP).build().measure(bad);
        // kept a, c: sim 0.9,0.1 → 1,0; loss 1,5 → 0,1 (b's loss 30 is not in the statistics)
        assertEquals(1.0, r.scores()[0], 1e-12);
        assertEquals(-1.0, r.scores()[2], 1e-12);
        assertTrue(Double.isNaN(r.scores()[1]) && Double.isNaN(r.scores()[3]));
        assertArrayEquals(new boolean[] {false, true, false, true}, r.dropped());
        assertEquals(2, r.droppedCount());
        assertArrayEquals(new String[] {"a", "b", "c", "d"}, r.ids());
    }

    @Test
    void statisticsValidation() {
        assertThrows(IllegalArgumentException.class, () -> SampleStatistics.builder().build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleStatistics.builder()
                .setIds(new String[] {"a", "a"}).build()).getMessage().contains("duplicate id 'a'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleStatistics.builder()
                .setIds(new String[] {"a", "b"}).optLoss(new double[] {1}).build()).getMessage().contains("loss"));
        double[] loss = {1, 2};
        SampleStatistics s = SampleStatistics.builder().setIds(new String[] {"a", "b"}).optLoss(loss).build();
        loss[0] = 99;
        assertEquals(1.0, s.loss().orElseThrow()[0], "builder must copy");
        assertTrue(s.predictionSimilarity().isEmpty());
    }
}
