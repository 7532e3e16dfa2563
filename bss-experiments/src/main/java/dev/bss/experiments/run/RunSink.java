package dev.bss.experiments.run;

import java.io.IOException;

/** Where a {@link TrainingBackend} reports what it does; {@link TrainingRun} turns it into the run directory. */
public interface RunSink {

    /** Data and model are ready; called once before the first epoch. */
    void started(RunInfo info) throws IOException;

    /** A training batch finished (for progress display only). */
    void batch(int epoch, int batch, int batchesInEpoch, double loss);

    /** The epoch's training sequence was drawn, before its first batch (for the run logs). */
    default void sequence(int epoch, dev.bss.core.schedule.SequenceStatistics statistics) {
    }

    /** A scoring pass produced per-sample scores for {@code epoch}. */
    void scores(int epoch, ScoreTable table) throws IOException;

    /** An epoch finished and was evaluated. Epochs arrive in increasing order. */
    void epoch(EpochRecord record) throws IOException;

    /**
     * Linear-probe results after training ({@code outputs.linear-probe}): test accuracy of a softmax regression on
     * each frozen encoder, keyed {@code probe_acc_<modality>}.
     */
    default void probe(java.util.Map<String, Double> results) throws IOException {
    }

    /** A plain log line. */
    void log(String line);
}
