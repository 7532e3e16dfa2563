package dev.bss.experiments.run;

import java.io.IOException;

/** Where a {@link TrainingBackend} reports what it does; {@link TrainingRun} turns it into the run directory. */
public interface RunSink {

    /** Data and model are ready; called once before the first epoch. */
    void started(RunInfo info) throws IOException;

    /** A training batch finished (for progress display only). */
    void batch(int epoch, int batch, int batchesInEpoch, double loss);

    /** A scoring pass produced per-sample scores for {@code epoch}. */
    void scores(int epoch, ScoreTable table) throws IOException;

    /** An epoch finished and was evaluated. Epochs arrive in increasing order. */
    void epoch(EpochRecord record) throws IOException;

    /** A plain log line. */
    void log(String line);
}
