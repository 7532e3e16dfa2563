package dev.bss.engine.train;

import java.util.List;

/**
 * The outcome of a run: every epoch's report and the three selections of {@code final.json}.
 *
 * @param history every epoch's report, in order (including epochs before a resume)
 * @param bestOnValidation the epoch with the highest validation accuracy (first on ties), or {@code null} without a
 *     validation split
 * @param bestOnTest the epoch with the highest test accuracy (what the reference code printed)
 * @param last the last epoch
 * @param seconds wall time of this process's part of the run
 */
public record TrainingResult(List<EpochReport> history, EpochReport bestOnValidation, EpochReport bestOnTest,
        EpochReport last, double seconds) {

    /** Builds the selections from a history. */
    public static TrainingResult of(List<EpochReport> history, double seconds) {
        EpochReport bestVal = null;
        EpochReport bestTest = null;
        for (EpochReport r : history) {
            if (r.validation() != null && (bestVal == null || r.validation().acc() > bestVal.validation().acc())) {
                bestVal = r;
            }
            if (r.test() != null && (bestTest == null || r.test().acc() > bestTest.test().acc())) {
                bestTest = r;
            }
        }
        return new TrainingResult(List.copyOf(history), bestVal, bestTest, history.isEmpty() ? null : history.get(history.size() - 1), seconds);
    }
}
