package dev.bss.core.schedule;

/**
 * What one epoch's sequence looks like, for run logs: its length, how many distinct samples it visits (BSS-H's
 * subset size {@code max(B, ⌊N·λ(t)⌋)}; {@code N} for a permutation of all samples) and the Shannon entropy, in nats,
 * of the distribution the epoch draws its samples from.
 *
 * <p><b>Sampling entropy.</b> For a {@link LearningBasedScheduler} that has scores it is
 * {@code H(p) = −Σ_i p_i ln p_i} of its sampling probabilities {@code p_i = w_i / Σ w} (E7): {@code ln N} when every
 * sample is equally likely, falling as the probabilities concentrate on balanced samples. For every other scheduler
 * it is the entropy of the sequence's visit frequencies {@code c_i / L} ({@code c_i} visits of sample {@code i}, {@code L}
 * the length): {@code ln m} for a permutation of a subset of {@code m} samples. Terms with {@code p_i = 0} contribute 0.
 * An empty sequence has entropy 0 and no distinct samples. Cost: {@code O(N + L)}.
 *
 * @param length the sequence length {@code L}
 * @param distinct the number of distinct samples visited
 * @param samplingEntropy entropy of the sampling distribution (nats)
 */
public record SequenceStatistics(int length, int distinct, double samplingEntropy) {

    /**
     * Statistics of {@code sequence}, drawn from {@code scheduler} (whose {@link SequenceScheduler#size()} bounds the
     * indices).
     *
     * @throws IllegalArgumentException when an index is outside {@code [0, scheduler.size())}
     */
    public static SequenceStatistics of(SequenceScheduler scheduler, int[] sequence) {
        int n = scheduler.size();
        int[] counts = new int[n];
        int distinct = 0;
        for (int i : sequence) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("sequence index " + i + " outside [0, " + n + ")");
            }
            if (counts[i]++ == 0) {
                distinct++;
            }
        }
        double entropy;
        if (scheduler instanceof LearningBasedScheduler l && l.refreshCount() > 0) {
            entropy = entropy(l.probabilities());
        } else {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = sequence.length == 0 ? 0 : counts[i] / (double) sequence.length;
            }
            entropy = entropy(p);
        }
        return new SequenceStatistics(sequence.length, distinct, entropy);
    }

    /** {@code −Σ p_i ln p_i} over the positive {@code p_i} (the caller supplies a distribution). */
    public static double entropy(double[] p) {
        double h = 0;
        for (double x : p) {
            if (x > 0) {
                h -= x * Math.log(x);
            }
        }
        return h;
    }
}
