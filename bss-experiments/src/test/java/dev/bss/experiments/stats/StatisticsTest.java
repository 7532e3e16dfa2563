package dev.bss.experiments.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exact values on hand-made numbers; references computed with scipy.stats 1.17 (t.ppf, spearmanr). */
class StatisticsTest {

    @Test
    void summaryOfOneToFive() {
        Summary s = Summary.of(1, 2, 3, 4, 5);
        assertEquals(5, s.n());
        assertEquals(3.0, s.mean(), 1e-15);
        assertEquals(Math.sqrt(2.5), s.std(), 1e-15);
        // t_{0.975,4} = 2.7764451051977934 (scipy); h = t * sqrt(2.5) / sqrt(5)
        assertEquals(2.7764451051977934 * Math.sqrt(2.5) / Math.sqrt(5), s.halfWidth(), 1e-9);
        assertEquals(3 - 1.9632431614775607, s.ciLow(), 1e-9);
        assertEquals("3.00 ± 1.58", s.format(1, 2));
        assertEquals("[1.04, 4.96]", s.formatCi(1, 2));
        assertTrue(s.excludesZero());
    }

    @Test
    void nanValuesAreDroppedAndSmallSamplesHaveNoInterval() {
        Summary s = Summary.of(Double.NaN, 0.5);
        assertEquals(1, s.n());
        assertEquals(0.5, s.mean(), 0);
        assertTrue(Double.isNaN(s.std()));
        assertTrue(Double.isNaN(s.halfWidth()));
        assertEquals("50.0", s.format(100, 1));
        assertEquals("–", s.formatCi(100, 1));
        assertEquals(0, Summary.of().n());
        assertEquals("–", Summary.of().format(1, 2));
        assertFalse(Summary.of(0.4).excludesZero());
    }

    @Test
    void pairedDifferenceOverThreeSeeds() {
        Summary d = PairedDifference.of(new double[] {0.80, 0.82, 0.85}, new double[] {0.78, 0.81, 0.80});
        assertEquals(0.08 / 3, d.mean(), 1e-12);
        assertEquals(0.020816659994661327, d.std(), 1e-12);
        // t_{0.975,2} = 4.302652729749462 (scipy)
        assertEquals(4.302652729749462 * 0.020816659994661327 / Math.sqrt(3), d.halfWidth(), 1e-9);
        assertFalse(d.excludesZero(), "CI [-0.025, 0.078] contains 0");
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[2], new double[3]));
    }

    @Test
    void spearmanMatchesScipyWithTies() {
        assertEquals(0.8207826816681233, RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}), 1e-12);
        assertEquals(-0.9710083124552245, RankCorrelation.spearman(
                new double[] {0.1, 0.4, 0.2, 0.9, 0.5, 0.3}, new double[] {3, 1, 2, 0, 1, 2}), 1e-12);
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 2}, new double[] {2, 1})));
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
        assertEquals(1.0, RankCorrelation.spearman(new double[] {1, Double.NaN, 2, 3}, new double[] {1, 0, 2, 3}), 1e-15);
    }
}
