/**
 * Standard run logs beside a run directory's own files: TensorBoard event files ({@link
 * dev.bss.experiments.runlog.EventFileWriter}, read back by {@link dev.bss.experiments.runlog.EventFileReader}) and
 * {@code metrics.jsonl}, written by the listeners {@link dev.bss.experiments.runlog.TensorBoardLog} and {@link
 * dev.bss.experiments.runlog.MetricsJsonl} that {@link dev.bss.experiments.run.TrainingRun} attaches to every run.
 */
package dev.bss.experiments.runlog;
