package dev.bss.engine.train;

import dev.bss.engine.metrics.SplitMetrics;

/**
 * One finished epoch: the columns of a {@code metrics.csv} row.
 *
 * @param epoch counted from 1
 * @param learningRate the rate used during the epoch
 * @param trainLoss mean batch objective over the epoch's batches
 * @param trainSamples samples visited (the sequence length after drop-last)
 * @param epochSeconds wall time of scoring + training (not evaluation)
 * @param scoreSeconds wall time of the scoring step (0 when none ran)
 * @param validation validation metrics, or {@code null} without a validation split
 * @param test test metrics, or {@code null} without a test split
 */
public record EpochReport(int epoch, double learningRate, double trainLoss, int trainSamples, double epochSeconds,
        double scoreSeconds, SplitMetrics validation, SplitMetrics test) {
}
