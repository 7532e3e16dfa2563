package dev.bss.engine.train;

import dev.bss.engine.data.MultimodalDataset;

/**
 * Per-sample balance scores handed to the scheduler at one epoch, with the raw statistics they came from; index
 * {@code i} is training sample {@code i} ({@code trainSet.get(i)} gives its id, label and metadata). Arrays are
 * shared: do not modify.
 *
 * @param epoch the epoch the scores were computed for
 * @param trainSet the training split
 * @param scores balance scores (higher = more balanced)
 * @param statistics the raw criteria
 * @param seconds wall time of the scoring step
 */
public record ScoreReport(int epoch, MultimodalDataset trainSet, double[] scores, PerSampleStatistics statistics, double seconds) {
}
