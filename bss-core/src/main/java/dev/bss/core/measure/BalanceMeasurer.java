package dev.bss.core.measure;

import java.util.Objects;

/**
 * The multi-perspective measurer (method.md E3, E9): turns {@link SampleStatistics} into one balance
 * score per sample, higher = more balanced.
 * <ul>
 *   <li>combination criteria: {@code s_i = Norm(sim)_i − Norm(info)_i} (with min-max, {@code s ∈ [−1, 1]});</li>
 *   <li>similarity only: {@code s_i = Norm(sim)_i};</li>
 *   <li>information only: {@code s_i = −Norm(info)_i}.</li>
 * </ul>
 * Normalisation statistics are taken over all kept samples of the table (the whole training set in the
 * paper). Under {@link NonFinitePolicy#DROP} a sample with a non-finite value in any column the criterion
 * uses is excluded from every column's statistics and gets the score {@link Double#NaN}; schedulers skip
 * NaN scores. Under {@link NonFinitePolicy#FAIL} (default) the first such value raises an
 * {@link IllegalArgumentException} naming the sample id and the column. O(n) for min-max and z-score,
 * O(n) radix sort for rank.
 */
public final class BalanceMeasurer {

    private final Criterion criterion;
    private final Normalization normalization;
    private final NonFinitePolicy nonFinitePolicy;

    private BalanceMeasurer(Builder b) {
        this.criterion = b.criterion;
        this.normalization = b.normalization;
        this.nonFinitePolicy = b.nonFinitePolicy;
    }

    /** A new builder; defaults: {@link Criterion#PRESIM_LOSS}, {@link Normalization#MIN_MAX}, {@link NonFinitePolicy#FAIL}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The criterion. */
    public Criterion criterion() {
        return criterion;
    }

    /** The normalisation. */
    public Normalization normalization() {
        return normalization;
    }

    /** The non-finite policy. */
    public NonFinitePolicy nonFinitePolicy() {
        return nonFinitePolicy;
    }

    /**
     * Balance scores aligned with {@code statistics} rows; NaN for samples dropped under
     * {@link NonFinitePolicy#DROP}.
     *
     * @throws IllegalArgumentException if a required column is missing, or (FAIL) a value is non-finite
     */
    public double[] score(SampleStatistics statistics) {
        return measure(statistics).scores();
    }

    /**
     * Like {@link #score(SampleStatistics)} but also returns the ids and the dropped mask.
     *
     * @throws IllegalArgumentException if a required column is missing, or (FAIL) a value is non-finite
     */
    public BalanceScores measure(SampleStatistics statistics) {
        Objects.requireNonNull(statistics, "statistics");
        int n = statistics.size();
        RawColumn simCol = criterion.similarityColumn().orElse(null);
        RawColumn infoCol = criterion.informationColumn().orElse(null);
        double[] sim = simCol == null ? null : require(statistics, simCol);
        double[] info = infoCol == null ? null : require(statistics, infoCol);
        boolean[] dropped = new boolean[n];
        boolean anyDropped = false;
        for (int i = 0; i < n; i++) {
            boolean bad = false;
            if (sim != null && !Double.isFinite(sim[i])) {
                bad = check(statistics, i, simCol, sim[i]);
            }
            if (info != null && !Double.isFinite(info[i])) {
                bad |= check(statistics, i, infoCol, info[i]);
            }
            if (bad) {
                dropped[i] = true;
                anyDropped = true;
            }
        }
        double[] normSim = sim == null ? null : normalization.apply(anyDropped ? mask(sim, dropped) : sim);
        double[] normInfo = info == null ? null : normalization.apply(anyDropped ? mask(info, dropped) : info);
        double[] s;
        if (normSim != null && normInfo != null) {
            s = normSim;
            for (int i = 0; i < n; i++) {
                s[i] = normSim[i] - normInfo[i];
            }
        } else if (normSim != null) {
            s = normSim;
        } else {
            s = normInfo;
            for (int i = 0; i < n; i++) {
                s[i] = -normInfo[i];
            }
        }
        return new BalanceScores(statistics.ids(), s, dropped);
    }

    private boolean check(SampleStatistics statistics, int i, RawColumn column, double value) {
        if (nonFinitePolicy == NonFinitePolicy.FAIL) {
            throw new IllegalArgumentException("sample '" + statistics.id(i) + "' (row " + i + "): column "
                    + column.header() + " is " + value + " (criterion " + criterion.id()
                    + "; use NonFinitePolicy.DROP to skip such samples)");
        }
        return true;
    }

    private double[] require(SampleStatistics statistics, RawColumn column) {
        double[] c = statistics.columnView(column);
        if (c == null) {
            throw new IllegalArgumentException("criterion " + criterion.id() + " needs column " + column.header()
                    + " but the statistics only have " + statistics.columns());
        }
        return c;
    }

    private static double[] mask(double[] values, boolean[] dropped) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (dropped[i]) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** Builder; every option has a default. */
    public static final class Builder {
        private Criterion criterion = Criterion.PRESIM_LOSS;
        private Normalization normalization = Normalization.MIN_MAX;
        private NonFinitePolicy nonFinitePolicy = NonFinitePolicy.FAIL;

        private Builder() {
        }

        /** The criterion (default {@link Criterion#PRESIM_LOSS}, the paper's). */
        public Builder optCriterion(Criterion criterion) {
            this.criterion = Objects.requireNonNull(criterion, "criterion");
            return this;
        }

        /** The normalisation (default {@link Normalization#MIN_MAX}, the paper's). */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = Objects.requireNonNull(normalization, "normalization");
            return this;
        }

        /** What to do with non-finite raw values (default {@link NonFinitePolicy#FAIL}). */
        public Builder optNonFinitePolicy(NonFinitePolicy policy) {
            this.nonFinitePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Builds the measurer. */
        public BalanceMeasurer build() {
            return new BalanceMeasurer(this);
        }
    }
}
