package dev.bss.core.schedule;

/**
 * Decides, epoch by epoch, which training samples are visited and in which order.
 *
 * <p>This is the seam between the engine-free core and any training loop: the loop asks
 * {@link #needsScores(int)} before an epoch, supplies fresh balance scores through
 * {@link #updateScores(int, double[])} when asked, and then iterates {@link #sequence(int)}.
 * Epochs are counted from 1, as in the reference code ({@code t = epoch_index + 1}).
 *
 * <p>Implementations are deterministic: the same scores, options and seed give the same
 * sequence on any machine. They are not thread-safe.
 */
public interface SequenceScheduler {

    /**
     * Whether this scheduler wants fresh balance scores before building the sequence of {@code epoch}.
     *
     * @param epoch the epoch about to start, counted from 1
     * @return true when the caller must call {@link #updateScores(int, double[])} first
     */
    boolean needsScores(int epoch);

    /**
     * Supplies balance scores (higher = more balanced), one per training sample, aligned with
     * dataset indices {@code 0..n-1}.
     *
     * <p>A NaN score marks a sample dropped by the measurer ({@code NonFinitePolicy.DROP}): it is never
     * visited. Infinite scores and a wrong length are rejected with an {@link IllegalArgumentException};
     * scores at an epoch where {@link #needsScores(int)} is false are rejected with an
     * {@link IllegalStateException}.
     *
     * @param epoch the epoch the scores were computed for, counted from 1
     * @param scores balance scores; the array is copied
     */
    void updateScores(int epoch, double[] scores);

    /**
     * The ordered sample indices to visit in {@code epoch}. May be a subset (heuristic pacing) or
     * contain repeats (sampling with replacement). The caller owns the returned array.
     *
     * @param epoch the epoch, counted from 1
     * @return indices into the training set, in visiting order
     */
    int[] sequence(int epoch);

    /** The number of training samples this scheduler was built for. */
    int size();

    /**
     * Serialisable state (scores, EMA, random stream position) for checkpoint and resume.
     * {@link #restoreState(byte[])} on a scheduler built with the same options reproduces the
     * sequences an uninterrupted run would have produced.
     */
    byte[] saveState();

    /** Restores what {@link #saveState()} produced. */
    void restoreState(byte[] state);
}
