package dev.bss.engine.train;

import dev.bss.core.schedule.SequenceScheduler;
import java.util.SplittableRandom;

/**
 * The engine's default sequence: a uniform random permutation of all {@code n} samples every epoch, drawn by a
 * Fisher-Yates shuffle from a stream seeded by {@code (seed, epoch)}. Stateless between epochs, so resuming needs no
 * state. Never asks for scores.
 */
public final class SeededShuffleScheduler implements SequenceScheduler {

    private final int n;
    private final long seed;

    public SeededShuffleScheduler(int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("shuffle scheduler needs n > 0, got " + n);
        }
        this.n = n;
        this.seed = seed;
    }

    @Override
    public boolean needsScores(int epoch) {
        return false;
    }

    @Override
    public void updateScores(int epoch, double[] scores) {
    }

    @Override
    public int[] sequence(int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public byte[] saveState() {
        return new byte[0];
    }

    @Override
    public void restoreState(byte[] state) {
    }
}
