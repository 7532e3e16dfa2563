package dev.bss.engine.train;

/**
 * Observes a training run (run-directory writers, progress bars, case-study recorders). All methods default to
 * no-ops; they are called on the training thread, after the corresponding method hooks.
 */
public interface TrainingListener {

    /** Once, after the network is built (and a checkpoint restored, when resuming from {@code startEpoch > 1}). */
    default void onTrainingStart(TrainingContext context, int startEpoch) {
    }

    /** Whenever fresh balance scores were computed and given to the scheduler. */
    default void onScores(ScoreReport report) {
    }

    /**
     * After the epoch's sequence was drawn, before its first batch. {@code sequence} and {@code scheduler} (the one
     * drawing it) are the trainer's: read them, do not modify or advance them.
     */
    default void onSequence(int epoch, int[] sequence, dev.bss.core.schedule.SequenceScheduler scheduler) {
    }

    /** After every training batch, with its mean objective. */
    default void onBatchEnd(int epoch, int batchIndex, int batchCount, double loss) {
    }

    /** After each epoch's evaluation. */
    default void onEpochEnd(EpochReport report) {
    }

    /** After a checkpoint was written. */
    default void onCheckpoint(java.nio.file.Path file, int epoch) {
    }

    /** Once, when the last epoch finished. */
    default void onTrainingEnd(TrainingResult result) {
    }
}
