package dev.bss.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bss.core.pacing.PacingFunctions;
import org.junit.jupiter.api.Test;

class SequenceStatisticsTest {

    @Test
    void aPermutationOfASubsetHasLogMEntropyAndMDistinctSamples() {
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(10).setPacing(PacingFunctions.root(0.3, 10)).setSeed(1).build();
        h.updateScores(1, new double[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
        int[] seq = h.sequence(1);
        SequenceStatistics s = SequenceStatistics.of(h, seq);
        assertEquals(h.subsetSize(1), s.distinct());
        assertEquals(seq.length, s.length());
        assertEquals(Math.log(s.distinct()), s.samplingEntropy(), 1e-12);
    }

    @Test
    void visitFrequenciesWithRepeatsAndTheLearningSchedulersProbabilities() {
        ShuffleScheduler u = ShuffleScheduler.builder().setSize(4).setSeed(1).build();
        // visits 0,0,1,2: p = 1/2, 1/4, 1/4 → H = 1.5 ln 2
        SequenceStatistics s = SequenceStatistics.of(u, new int[] {0, 0, 1, 2});
        assertEquals(3, s.distinct());
        assertEquals(1.5 * Math.log(2), s.samplingEntropy(), 1e-12);
        assertEquals(0, SequenceStatistics.of(u, new int[0]).samplingEntropy());
        assertThrows(IllegalArgumentException.class, () -> SequenceStatistics.of(u, new int[] {4}));

        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(2).optTransform(ProbabilityTransform.linear(0))
                .setSeed(1).build();
        l.updateScores(1, new double[] {0, 2}); // w = 1 + 0 + s = 1, 3 → p = 1/4, 3/4
        double expected = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        assertEquals(expected, SequenceStatistics.of(l, l.sequence(1)).samplingEntropy(), 1e-12);
    }
}
