package dev.bss.experiments.stats;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation and a two-sided 95 % confidence interval of the mean over seeds.
 *
 * <p>Formulas: {@code mean = Σx/n}; {@code std = sqrt(Σ(x - mean)² / (n - 1))} (Bessel-corrected);
 * half-width {@code h = t_{0.975, n-1} · std / sqrt(n)} with the Student t quantile; CI = {@code [mean - h,
 * mean + h]}. Edge cases: {@code NaN} values are dropped first; with {@code n = 0} every field is NaN;
 * with {@code n = 1} std and the CI are NaN (one seed says nothing about spread).
 *
 * @param n number of (non-NaN) values
 * @param mean arithmetic mean
 * @param std sample standard deviation
 * @param halfWidth 95 % CI half-width
 */
public record Summary(int n, double mean, double std, double halfWidth) {

    /** Confidence level of {@link #halfWidth()}. */
    public static final double LEVEL = 0.95;

    /** Summarises {@code values} (NaNs ignored). */
    public static Summary of(double... values) {
        double[] x = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        int n = x.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        if (n == 1) {
            return new Summary(1, mean, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
        return new Summary(n, mean, std, t * std / Math.sqrt(n));
    }

    public double ciLow() {
        return mean - halfWidth;
    }

    public double ciHigh() {
        return mean + halfWidth;
    }

    /** Whether the CI excludes 0 (a difference unlikely to be seed noise at the 95 % level). */
    public boolean excludesZero() {
        return !Double.isNaN(halfWidth) && (ciLow() > 0 || ciHigh() < 0);
    }

    /**
     * Formats as {@code mean ± std} scaled by {@code scale} (100 for percentages) with {@code digits}
     * decimals; {@code "–"} when empty, no {@code ±} part with one value.
     */
    public String format(double scale, int digits) {
        if (n == 0) {
            return "–";
        }
        String f = "%." + digits + "f";
        String m = String.format(Locale.ROOT, f, mean * scale);
        return n == 1 ? m : m + " ± " + String.format(Locale.ROOT, f, std * scale);
    }

    /** Formats the CI as {@code [low, high]} scaled; {@code "–"} when undefined. */
    public String formatCi(double scale, int digits) {
        if (Double.isNaN(halfWidth)) {
            return "–";
        }
        String f = "%." + digits + "f";
        return "[" + String.format(Locale.ROOT, f, ciLow() * scale) + ", " + String.format(Locale.ROOT, f, ciHigh() * scale) + "]";
    }
}
