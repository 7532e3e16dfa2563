package dev.bss.engine.train;

import dev.bss.core.random.RandomStreams;
import java.util.Arrays;

/**
 * Training samples a method holds out from training ({@link TrainingMethod#heldOutFraction()}): drawn once per run
 * from a stream seeded by the run seed, and removed from every epoch's sequence. Gradient-Blending estimates its
 * overfitting-to-generalisation ratios on them.
 */
public final class HeldOutSplit {

    /** Random-stream purpose of the held-out draw. */
    private static final long HELD_OUT = 0x484F4CL;

    private final int[] indices;
    private final boolean[] heldOut;

    private HeldOutSplit(int n, int[] indices) {
        this.indices = indices;
        this.heldOut = new boolean[n];
        for (int i : indices) {
            heldOut[i] = true;
        }
    }

    /**
     * Draws {@code max(1, round(fraction · n))} of {@code 0..n−1} without replacement (the prefix of a seeded
     * permutation, {@link RandomStreams}), returned sorted; an empty split when {@code fraction} is 0.
     *
     * @throws IllegalArgumentException when {@code fraction} is outside {@code [0, 1)} or would leave no sample to
     *     train on
     */
    public static HeldOutSplit draw(int n, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + fraction);
        }
        if (fraction == 0) {
            return new HeldOutSplit(n, new int[0]);
        }
        int count = Math.max(1, (int) Math.round(fraction * n));
        if (count >= n) {
            throw new IllegalArgumentException("held-out fraction " + fraction + " of " + n + " samples leaves none to train on");
        }
        int[] chosen = Arrays.copyOf(RandomStreams.permutation(RandomStreams.of(seed, HELD_OUT, 0), n), count);
        Arrays.sort(chosen);
        return new HeldOutSplit(n, chosen);
    }

    /** The held-out training-set indices, sorted (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** Number of held-out samples. */
    public int size() {
        return indices.length;
    }

    /** Training-set indices that are not held out, in increasing order. */
    public int[] kept() {
        int[] out = new int[heldOut.length - indices.length];
        int k = 0;
        for (int i = 0; i < heldOut.length; i++) {
            if (!heldOut[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** {@code sequence} without its held-out entries, in order (the same array when nothing is held out). */
    public int[] filter(int[] sequence) {
        if (indices.length == 0) {
            return sequence;
        }
        return Arrays.stream(sequence).filter(i -> !heldOut[i]).toArray();
    }
}
