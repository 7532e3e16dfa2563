package dev.bss.experiments.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code metrics.csv}: what one finished epoch measured.
 *
 * @param epoch epoch counted from 1
 * @param lr learning rate used during the epoch
 * @param trainLoss mean training loss over the epoch's batches
 * @param trainSamples number of samples the epoch trained on (BSS-H trains on a growing prefix)
 * @param epochSeconds wall time of the epoch (training + scoring + evaluation)
 * @param scoreSeconds wall time of the scoring pass (0 when there was none)
 * @param splits metrics per evaluation split ({@code val}, {@code test})
 */
public record EpochRecord(int epoch, double lr, double trainLoss, long trainSamples, double epochSeconds,
                          double scoreSeconds, Map<String, SplitMetrics> splits) {

    public EpochRecord {
        splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    /** The metric of a split, {@code NaN} when the split or metric was not measured. */
    public double get(String split, String metric) {
        SplitMetrics s = splits.get(split);
        return s == null ? Double.NaN : s.get(metric);
    }
}
