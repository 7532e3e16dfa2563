package dev.bss.experiments.stats;

/**
 * Paired difference of a method to a baseline over the same seeds: {@code d_s = method_s - baseline_s}
 * for every seed {@code s} present (non-NaN) in both, summarised by {@link Summary} (mean, std and 95 %
 * t-interval of the mean difference). Pairing removes the seed-to-seed variance that both runs share
 * (same data split, same initialisation seed).
 */
public final class PairedDifference {

    private PairedDifference() {
    }

    /**
     * @param method metric per seed for the method
     * @param baseline metric per seed for the baseline, aligned by seed with {@code method}
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static Summary of(double[] method, double[] baseline) {
        if (method.length != baseline.length) {
            throw new IllegalArgumentException("paired difference needs aligned seeds: " + method.length + " vs " + baseline.length + " values");
        }
        double[] d = new double[method.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = method[i] - baseline[i];
        }
        return Summary.of(d);
    }
}
