package dev.bss.core.measure;

import dev.bss.core.order.KeySort;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code Norm(·)} of E3: maps one raw column over the whole training set to a comparable scale.
 * {@link Double#NaN} entries are treated as dropped: they are excluded from the statistics and stay NaN
 * in the output. Infinite values are rejected. For every normalisation a constant column (including a
 * single kept value) maps to all {@code 0}, so there is never a division by zero. Columns whose largest
 * magnitude is above {@code 1e100} or below {@code 1e-100} are divided by it first (min-max and z-score are
 * scale-invariant), so {@code max − min} and the squared deviations neither overflow to infinity / NaN nor
 * underflow to 0.
 */
public enum Normalization {
    /**
     * Min-max (paper E3 and reference code, the default): {@code (v − min) / (max − min) ∈ [0, 1]}.
     * Constant column → all 0 (the reference code has no epsilon and would divide by zero).
     */
    MIN_MAX("min-max"),
    /**
     * Rank (robust to outliers; an extension, not in the paper): {@code (r − 1) / (M − 1) ∈ [0, 1]} where
     * {@code r} is the 1-based rank among the {@code M} kept values and ties get their mean rank.
     * Constant column or {@code M = 1} → all 0.
     */
    RANK("rank"),
    /**
     * Z-score (an extension, not in the paper): {@code (v − mean) / sd} with the population standard
     * deviation (divide by M). Constant column → all 0.
     */
    Z_SCORE("z-score");

    private final String id;

    Normalization(String id) {
        this.id = id;
    }

    /** Stable id: {@code min-max}, {@code rank}, {@code z-score}. */
    public String id() {
        return id;
    }

    /**
     * Looks a normalisation up by id.
     *
     * @throws IllegalArgumentException listing the allowed ids
     */
    public static Normalization fromId(String id) {
        for (Normalization n : values()) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalization '" + id + "'; allowed: "
                + Arrays.stream(values()).map(Normalization::id).collect(Collectors.joining(", ")));
    }

    /**
     * Normalises {@code values} (not modified) into a new array.
     *
     * @throws IllegalArgumentException if a value is infinite
     */
    public double[] apply(double[] values) {
        int n = values.length;
        double[] out = new double[n];
        int kept = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("normalization " + id + ": value at row " + i + " is " + v);
            }
            kept++;
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        if (kept == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        if (this != RANK && (magnitude > 1e100 || (magnitude > 0 && magnitude < 1e-100))) {
            // min-max and z-score are scale-invariant; rescaling keeps max - min and the squares from
            // overflowing (huge values) or underflowing to 0 (subnormal values)
            double[] scaled = new double[n];
            for (int i = 0; i < n; i++) {
                scaled[i] = values[i] / magnitude;
            }
            return apply(scaled);
        }
        boolean constant = min == max;
        switch (this) {
            case MIN_MAX: {
                double range = max - min;
                for (int i = 0; i < n; i++) {
                    double v = values[i];
                    out[i] = Double.isNaN(v) ? Double.NaN : constant ? 0.0 : (v - min) / range;
                }
                return out;
            }
            case Z_SCORE: {
                double sum = 0;
                for (double v : values) {
                    if (!Double.isNaN(v)) {
                        sum += v;
                    }
                }
                double mean = sum / kept;
                double ss = 0;
                for (double v : values) {
                    if (!Double.isNaN(v)) {
                        ss += (v - mean) * (v - mean);
                    }
                }
                double sd = Math.sqrt(ss / kept);
                for (int i = 0; i < n; i++) {
                    double v = values[i];
                    out[i] = Double.isNaN(v) ? Double.NaN : (constant || sd == 0) ? 0.0 : (v - mean) / sd;
                }
                return out;
            }
            case RANK: {
                Arrays.fill(out, Double.NaN);
                if (constant) {
                    for (int i = 0; i < n; i++) {
                        if (!Double.isNaN(values[i])) {
                            out[i] = 0.0;
                        }
                    }
                    return out;
                }
                long[] keys = new long[kept];
                int[] idx = new int[kept];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (!Double.isNaN(values[i])) {
                        keys[m] = KeySort.sortableKey(values[i]);
                        idx[m++] = i;
                    }
                }
                KeySort.sort(keys, idx, kept);
                double denom = kept - 1;
                int start = 0;
                while (start < kept) {
                    int end = start + 1;
                    while (end < kept && keys[end] == keys[start]) {
                        end++;
                    }
                    // 0-based ranks start..end-1 share their mean
                    double meanRank0 = (start + end - 1) / 2.0;
                    for (int j = start; j < end; j++) {
                        out[idx[j]] = meanRank0 / denom;
                    }
                    start = end;
                }
                return out;
            }
            default:
                throw new AssertionError(this);
        }
    }
}
