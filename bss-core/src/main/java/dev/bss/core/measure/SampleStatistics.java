package dev.bss.core.measure;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Columnar per-sample raw values from one scoring pass: the sample ids plus any of the raw columns
 * {@link RawColumn#PREDICTION_SIMILARITY}, {@link RawColumn#FEATURE_SIMILARITY}, {@link RawColumn#LOSS},
 * {@link RawColumn#GRADIENT_MAGNITUDE}. Row {@code i} of every column belongs to sample {@code ids[i]}
 * (dataset index {@code i}).
 *
 * <p>Immutable: the builder copies its arrays and accessors return copies. Non-finite values are stored
 * as given; {@link BalanceMeasurer} applies its {@link NonFinitePolicy}.
 */
public final class SampleStatistics {

    private final String[] ids;
    private final EnumMap<RawColumn, double[]> columns;

    private SampleStatistics(String[] ids, EnumMap<RawColumn, double[]> columns) {
        this.ids = ids;
        this.columns = columns;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of samples (rows). */
    public int size() {
        return ids.length;
    }

    /** A copy of the sample ids. */
    public String[] ids() {
        return ids.clone();
    }

    /** The id of sample {@code i}. */
    public String id(int i) {
        return ids[i];
    }

    /** Whether {@code column} is present. */
    public boolean has(RawColumn column) {
        return columns.containsKey(column);
    }

    /** A copy of {@code column}, if present. */
    public Optional<double[]> column(RawColumn column) {
        double[] c = columns.get(column);
        return c == null ? Optional.empty() : Optional.of(c.clone());
    }

    /** A copy of the prediction-similarity column, if present. */
    public Optional<double[]> predictionSimilarity() {
        return column(RawColumn.PREDICTION_SIMILARITY);
    }

    /** A copy of the feature-similarity column, if present. */
    public Optional<double[]> featureSimilarity() {
        return column(RawColumn.FEATURE_SIMILARITY);
    }

    /** A copy of the loss column, if present. */
    public Optional<double[]> loss() {
        return column(RawColumn.LOSS);
    }

    /** A copy of the gradient-magnitude column, if present. */
    public Optional<double[]> gradientMagnitude() {
        return column(RawColumn.GRADIENT_MAGNITUDE);
    }

    /** The present columns. */
    public Set<RawColumn> columns() {
        return java.util.Collections.unmodifiableSet(columns.keySet());
    }

    /** Package-private, no copy: for {@link BalanceMeasurer}. */
    double[] columnView(RawColumn column) {
        return columns.get(column);
    }

    /** Builder: {@code setIds} is required, each column optional. */
    public static final class Builder {
        private String[] ids;
        private final EnumMap<RawColumn, double[]> columns = new EnumMap<>(RawColumn.class);

        private Builder() {
        }

        /** Sample ids, one per row; must be non-null and unique. */
        public Builder setIds(String[] ids) {
            this.ids = Objects.requireNonNull(ids, "ids").clone();
            return this;
        }

        /** Prediction similarity per sample (E1). */
        public Builder optPredictionSimilarity(double[] values) {
            return optColumn(RawColumn.PREDICTION_SIMILARITY, values);
        }

        /** Feature similarity per sample (E9). */
        public Builder optFeatureSimilarity(double[] values) {
            return optColumn(RawColumn.FEATURE_SIMILARITY, values);
        }

        /** Total training loss per sample (E2). */
        public Builder optLoss(double[] values) {
            return optColumn(RawColumn.LOSS, values);
        }

        /** Gradient magnitude per sample (E9). */
        public Builder optGradientMagnitude(double[] values) {
            return optColumn(RawColumn.GRADIENT_MAGNITUDE, values);
        }

        /** Any raw column by name; {@code null} values remove the column. */
        public Builder optColumn(RawColumn column, double[] values) {
            Objects.requireNonNull(column, "column");
            if (values == null) {
                columns.remove(column);
            } else {
                columns.put(column, values.clone());
            }
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException when ids are missing, null or duplicated, or a column's length
         *     differs from the number of ids
         */
        public SampleStatistics build() {
            if (ids == null) {
                throw new IllegalArgumentException("SampleStatistics: setIds(...) is required");
            }
            Set<String> seen = new HashSet<>(ids.length * 2);
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == null) {
                    throw new IllegalArgumentException("SampleStatistics: id at row " + i + " is null");
                }
                if (!seen.add(ids[i])) {
                    throw new IllegalArgumentException("SampleStatistics: duplicate id '" + ids[i] + "' at row " + i);
                }
            }
            for (Map.Entry<RawColumn, double[]> e : columns.entrySet()) {
                if (e.getValue().length != ids.length) {
                    throw new IllegalArgumentException("SampleStatistics: column " + e.getKey().header() + " has "
                            + e.getValue().length + " values but there are " + ids.length + " ids");
                }
            }
            return new SampleStatistics(ids.clone(), new EnumMap<>(columns));
        }
    }
}
