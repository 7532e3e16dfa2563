/**
 * The scoring pass of a run on a cluster: {@link dev.bss.spark.score.DistributedScoring} broadcasts a checkpoint's
 * weights and scores batch-aligned slices of the training set through the engine's own {@code ScoringPass} on the
 * executors ({@link dev.bss.spark.score.ScoringExecutor}), then writes the table a run writes (CSV, or
 * {@link dev.bss.spark.score.ScoreParquet} for large sets).
 */
package dev.bss.spark.score;
