package dev.bss.experiments.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of one evaluation split after one epoch. Accuracies are fractions in [0, 1]; {@code NaN} =
 * not measured.
 *
 * @param acc accuracy of the test prediction
 * @param map mean average precision over classes (one-vs-rest)
 * @param macroF1 macro-averaged F1
 * @param loss mean training objective on the split
 * @param modalityAcc accuracy of each unimodal head, keyed by modality name, in dataset order
 */
public record SplitMetrics(double acc, double map, double macroF1, double loss, Map<String, Double> modalityAcc) {

    public SplitMetrics {
        modalityAcc = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modalityAcc));
    }

    /**
     * Strong head ACC / weak head ACC: {@code max_m acc_m / min_m acc_m}. {@code NaN} with fewer than two
     * measured heads or when the weakest head has accuracy 0.
     */
    public double imbalanceRatio() {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        int n = 0;
        for (double a : modalityAcc.values()) {
            if (!Double.isNaN(a)) {
                max = Math.max(max, a);
                min = Math.min(min, a);
                n++;
            }
        }
        return n < 2 || min == 0 ? Double.NaN : max / min;
    }

    /** The named metric: {@code acc}, {@code map}, {@code macro_f1}, {@code loss}, {@code acc_<modality>}, {@code imbalance_ratio}. */
    public double get(String metric) {
        return switch (metric) {
            case "acc" -> acc;
            case "map" -> map;
            case "macro_f1" -> macroF1;
            case "loss" -> loss;
            case "imbalance_ratio" -> imbalanceRatio();
            default -> metric.startsWith("acc_") ? modalityAcc.getOrDefault(metric.substring(4), Double.NaN) : Double.NaN;
        };
    }

    /** Metric names in run-directory order for the given modalities. */
    public static java.util.List<String> metricNames(java.util.List<String> modalities) {
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of("acc", "map", "macro_f1", "loss"));
        for (String m : modalities) {
            out.add("acc_" + m);
        }
        out.add("imbalance_ratio");
        return out;
    }
}
