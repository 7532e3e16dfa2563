package dev.bss.experiments.run;

/** Progress of a run for a user interface (progress bar, log lines). All methods default to no-ops. */
public interface RunListener {

    /** The run starts (or resumes) with {@code totalEpochs} epochs in all. */
    default void runStarted(String runName, RunInfo info, int totalEpochs) {
    }

    default void batch(int epoch, int batch, int batchesInEpoch, double loss) {
    }

    /** The epoch's training sequence was drawn (before its first batch): subset size and sampling entropy. */
    default void sequence(int epoch, dev.bss.core.schedule.SequenceStatistics statistics) {
    }

    default void epoch(EpochRecord record, int totalEpochs) {
    }

    default void log(String line) {
    }

    default void runFinished(FinalSummary summary) {
    }
}
