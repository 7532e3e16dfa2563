/**
 * One training run and its directory: {@link dev.bss.experiments.run.TrainingRun} drives a
 * {@link dev.bss.experiments.run.TrainingBackend} (the engine) and writes the files of
 * {@code docs/run-directory.md} atomically: resolved spec, provenance, {@code metrics.csv},
 * per-sample scores and {@code final.json} ({@link dev.bss.experiments.run.FinalSummary}).
 */
package dev.bss.experiments.run;
