package dev.bss.engine.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one split after one epoch (columns {@code S_acc, S_map, S_macro_f1, S_loss, S_acc_<modality>…,
 * S_imbalance_ratio} of {@code metrics.csv}).
 *
 * @param acc accuracy of the summed-logit prediction
 * @param map mean average precision of the softmax of the summed logits
 * @param macroF1 macro F1 of the summed-logit prediction
 * @param loss mean weighted training objective on this split
 * @param unimodalAccuracy accuracy of each unimodal head, by modality name, in dataset order
 * @param imbalanceRatio strongest / weakest unimodal head accuracy (NaN with fewer than two heads or a zero weakest)
 */
public record SplitMetrics(double acc, double map, double macroF1, double loss, Map<String, Double> unimodalAccuracy,
        double imbalanceRatio) {

    public SplitMetrics {
        unimodalAccuracy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unimodalAccuracy));
    }

    /** Strong/weak ratio of unimodal accuracies: NaN with fewer than two or a zero minimum. */
    public static double imbalanceRatio(Map<String, Double> unimodalAccuracy) {
        if (unimodalAccuracy.size() < 2) {
            return Double.NaN;
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : unimodalAccuracy.values()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return min == 0 ? Double.NaN : max / min;
    }

    /** Flat map with the run-directory key names ({@code acc, map, macro_f1, loss, acc_<m>…, imbalance_ratio}). */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("acc", acc);
        m.put("map", map);
        m.put("macro_f1", macroF1);
        m.put("loss", loss);
        unimodalAccuracy.forEach((k, v) -> m.put("acc_" + k, v));
        m.put("imbalance_ratio", imbalanceRatio);
        return m;
    }
}
