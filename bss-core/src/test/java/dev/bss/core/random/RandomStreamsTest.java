package dev.bss.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import dev.bss.core.schedule.ShuffleScheduler;
import org.junit.jupiter.api.Test;

/**
 * Stream derivation. The golden values pin the (seed, purpose, epoch) → XoRoShiRo128++ derivation, the
 * Fisher–Yates shuffle and the exponential-key permutation: recorded runs are only reproducible while they
 * stay the same, so a change here must be deliberate (and announced), never accidental. They were
 * produced by this implementation (commons-rng 1.6); the algorithms are fully specified, so any JVM
 * gives the same numbers.
 */
class RandomStreamsTest {

    @Test
    void goldenValues() {
        assertEquals(-5474395761015242773L, RandomStreams.of(42, 1, 1).nextLong());
        assertArrayEquals(new int[] {1, 9, 4, 2, 7, 0, 5, 3, 8, 6},
                ShuffleScheduler.builder().setSize(10).setSeed(42).build().sequence(1));
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(6).setSeed(42)
                .optTransform(ProbabilityTransform.linear(0.01)).build();
        l.updateScores(1, new double[] {1, 0.5, 0, -0.5, -1, 0.25});
        assertArrayEquals(new int[] {1, 2, 0, 5, 3, 4}, l.sequence(1));
    }

    @Test
    void streamsDifferBySeedPurposeAndIndex() {
        long base = RandomStreams.of(1, 1, 1).nextLong();
        assertEquals(base, RandomStreams.of(1, 1, 1).nextLong());
        assertNotEquals(base, RandomStreams.of(2, 1, 1).nextLong());
        assertNotEquals(base, RandomStreams.of(1, 2, 1).nextLong());
        assertNotEquals(base, RandomStreams.of(1, 1, 2).nextLong());
        assertNotEquals(RandomStreams.of(0, 0, 0).nextLong(), RandomStreams.of(0, 0, 1).nextLong());
    }

    @Test
    void shuffleIsAPermutation() {
        int[] p = RandomStreams.permutation(RandomStreams.of(3, 3, 3), 1000);
        boolean[] seen = new boolean[1000];
        for (int i : p) {
            seen[i] = true;
        }
        for (boolean b : seen) {
            assertEquals(true, b);
        }
    }
}
