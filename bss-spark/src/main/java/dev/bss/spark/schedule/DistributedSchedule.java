package dev.bss.spark.schedule;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import dev.bss.core.order.Order;
import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One epoch's sequence of the two BSS schedulers, computed by Spark over a score table of any size. The table has the
 * columns {@code index} (long, the row number 0..N−1), {@code id} (string, may be absent) and {@code score} (double,
 * finite; higher = more balanced); see {@link ScoreTables}. Results are sorted datasets with the same columns; the
 * sequence is their row order. Every random draw comes from {@link ScheduleKeys} (seed, purpose, epoch, row index), so
 * a sequence depends on the seed, the epoch and the table only, not on the partitioning.
 *
 * <p><b>Learning-based</b> ({@link #learning}; {@code LearningBasedScheduler} without replacement, method.md E7, E8):
 * weights {@code w_i} as {@link ProbabilityTransform} defines them, softmax {@code exp((s_i − max s)/τ)} (the maximum
 * over the whole table, one aggregate) or linear {@code 1 + floor + s_i}, of {@code −s} when reversed; then the
 * Efraimidis–Spirakis exponential keys {@code k_i = E_i / w_i}, {@code E_i ~ Exp(1)}, and one distributed sort by
 * {@code k} ascending. This is the same law as the in-process {@code WeightedSampling.permutation} (successive sampling:
 * the first row is {@code i} with probability {@code w_i / Σ w}, and so on), drawn from different random numbers, so
 * the sequences agree in distribution, not element by element. Zero weights come after every positive one, in random
 * order, as in-process. The refresh replay of {@code bss schedule} (the same scores at every refresh, EMA) leaves the
 * scores unchanged and is therefore not repeated here.
 *
 * <p><b>Heuristic</b> ({@link #heuristic}; {@code HeuristicScheduler} ranked once, E4, E5): a distributed sort by score
 * (descending for CL, ascending for anti-CL; ties by id, then index, as {@code Ranking}), the first
 * {@code m = min(N, max(minimumSubset, floor(N·λ(t))))} rows by position (exactly m, whatever the ties), then a uniform
 * shuffle of them (a sort by random keys). The subset is the in-process subset, element for element; the order within
 * it is another uniform shuffle. Ids compare as Spark compares strings (by code point), which equals Java's
 * {@code String.compareTo} unless ids mix characters above U+FFFF with ones in U+E000–U+FFFF.
 *
 * <p>Cost: one aggregate (softmax only) and one sort (learning); a count, a sort, a zip-with-index pass and a second
 * sort of the subset (heuristic). O(N log N) work spread over the executors.
 */
public final class DistributedSchedule {

    private DistributedSchedule() {
    }

    /**
     * Score-to-weight transform of the learning-based scheduler.
     *
     * @param softmax softmax (temperature {@code parameter}) or linear (floor {@code parameter})
     * @param parameter τ &gt; 0, or floor &ge; 0
     * @param reversed weights of {@code −s} (favour imbalanced samples)
     */
    public record Weights(boolean softmax, double parameter, boolean reversed) {
        public Weights {
            // the in-process factories validate the parameter and name what is wrong
            ProbabilityTransform unused = softmax ? ProbabilityTransform.softmax(parameter) : ProbabilityTransform.linear(parameter);
        }
    }

    /**
     * The epoch's weighted random permutation of every row.
     *
     * @throws IllegalArgumentException for a negative linear weight (naming the row) or when no weight is positive
     */
    public static Dataset<Row> learning(Dataset<Row> table, Weights weights, long seed, int epoch) {
        checkEpoch(epoch);
        Column s = weights.reversed() ? col("score").multiply(-1.0) : col("score");
        Row range = table.agg(min(s), max(s)).first();
        if (range.isNullAt(0)) {
            throw new IllegalArgumentException("weighted permutation: the score table is empty");
        }
        double lowest = range.getDouble(0);
        double highest = range.getDouble(1);
        if (!weights.softmax()) {
            double base = 1 + weights.parameter();
            if (base + lowest < 0) {
                Row bad = table.filter(s.lt(-base)).orderBy(asc("index")).first();
                throw new IllegalArgumentException("linear: weight 1 + " + weights.parameter() + " + s of " + describe(bad)
                        + " is negative (score " + bad.getDouble(bad.fieldIndex("score")) + "); scores must be >= " + (-base)
                        + (weights.reversed() ? " after reversal" : ""));
            }
            if (!(base + highest > 0)) {
                throw new IllegalArgumentException("weighted permutation: no positive weight among the rows (all 1 + floor + s = 0)");
            }
        }
        Dataset<Row> keyed = table.withColumn("_key", key(weights, highest, lit(seed), col("index"), col("score"), epoch));
        return keyed.withColumn("_tie", zeroWeightTie(lit(seed), col("index"), col("_key"), epoch))
                .orderBy(asc("_key"), asc("_tie"), asc("index"))
                .drop("_key", "_tie");
    }

    /**
     * The exponential key {@code k_i = E_i / w_i} of each row ({@code +∞} for a zero weight), {@code E_i} from
     * {@link ScheduleKeys} ({@code seed}, {@link ScheduleKeys#WEIGHTED_PERMUTATION}, epoch, index).
     *
     * @param highest the largest (reversed: negated) score of the table, the softmax shift
     * @param seed the seed, a column so that one job can draw for many seeds (the distribution test does)
     */
    static Column key(Weights weights, double highest, Column seed, Column index, Column score, int epoch) {
        boolean softmax = weights.softmax();
        double parameter = weights.parameter();
        boolean reversed = weights.reversed();
        UserDefinedFunction key = udf((UDF3<Long, Long, Double, Double>) (sd, i, sc) -> {
            double x = reversed ? -sc : sc;
            double w = softmax ? Math.exp((x - highest) / parameter) : 1 + parameter + x;
            return w > 0 ? new ScheduleKeys(sd, ScheduleKeys.WEIGHTED_PERMUTATION, epoch).exponential(i) / w : Double.POSITIVE_INFINITY;
        }, DataTypes.DoubleType);
        return key.apply(seed, index, score);
    }

    /** Random order among zero-weight rows (key {@code +∞}); 0 for every other row. */
    static Column zeroWeightTie(Column seed, Column index, Column key, int epoch) {
        UserDefinedFunction tie = udf((UDF3<Long, Long, Double, Long>) (sd, i, k) -> k == Double.POSITIVE_INFINITY
                ? new ScheduleKeys(sd, ScheduleKeys.ZERO_WEIGHT_ORDER, epoch).bits(i) : 0L, DataTypes.LongType);
        return tie.apply(seed, index, key);
    }

    /** The largest score of {@code table} ({@code −} the smallest when reversed), the softmax shift. */
    static double highest(Dataset<Row> table, Weights weights) {
        return weights.reversed() ? -table.agg(min("score")).first().getDouble(0) : table.agg(max("score")).first().getDouble(0);
    }

    /**
     * The epoch's heuristic subset: the first {@code m} ranked rows, shuffled.
     *
     * @param minimumSubset the subset holds at least this many rows (the training batch size)
     */
    public static Dataset<Row> heuristic(Dataset<Row> table, PacingFunction pacing, Order order, int minimumSubset, long seed, int epoch) {
        checkEpoch(epoch);
        if (minimumSubset < 1) {
            throw new IllegalArgumentException("minimum subset must be >= 1, got " + minimumSubset);
        }
        long n = table.count();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("heuristic subset: " + n + " rows, at most " + Integer.MAX_VALUE);
        }
        int m = subsetSize(n, pacing, epoch, minimumSubset);
        boolean hasId = Arrays.asList(table.columns()).contains("id");
        Column byScore = order == Order.CL ? desc("score") : asc("score");
        Dataset<Row> ranked = hasId ? table.orderBy(byScore, asc("id"), asc("index")) : table.orderBy(byScore, asc("index"));
        JavaRDD<Row> subset = ranked.toJavaRDD().zipWithIndex().filter(t -> t._2() < m).map(t -> t._1());
        SparkSession spark = table.sparkSession();
        Dataset<Row> kept = spark.createDataFrame(subset, table.schema());
        ScheduleKeys shuffle = new ScheduleKeys(seed, ScheduleKeys.SUBSET_SHUFFLE, epoch);
        UserDefinedFunction key = udf((UDF1<Long, Long>) shuffle::bits, DataTypes.LongType);
        return kept.withColumn("_key", key.apply(col("index"))).orderBy(asc("_key"), asc("index")).drop("_key");
    }

    /** {@code min(N, max(minimumSubset, floor(N·λ(t))))}, as {@link HeuristicScheduler#subsetSize(int, double, int)}. */
    public static int subsetSize(long rows, PacingFunction pacing, int epoch, int minimumSubset) {
        return HeuristicScheduler.subsetSize((int) rows, pacing.fraction(epoch), minimumSubset);
    }

    /** The sequence with its positions 0, 1, ...: columns {@code position} (long) then the table's. */
    public static Dataset<Row> withPositions(Dataset<Row> sequence) {
        JavaRDD<Row> rows = sequence.toJavaRDD().zipWithIndex().map(t -> {
            Object[] v = new Object[t._1().size() + 1];
            v[0] = t._2();
            for (int i = 0; i < t._1().size(); i++) {
                v[i + 1] = t._1().get(i);
            }
            return RowFactory.create(v);
        });
        StructType schema = new StructType().add("position", DataTypes.LongType, false);
        for (StructField f : sequence.schema().fields()) {
            schema = schema.add(f);
        }
        return sequence.sparkSession().createDataFrame(rows, schema);
    }

    private static String describe(Row r) {
        boolean hasId = Arrays.asList(r.schema().fieldNames()).contains("id");
        return hasId && !r.isNullAt(r.fieldIndex("id")) ? "sample '" + r.getString(r.fieldIndex("id")) + "'"
                : "row " + r.getLong(r.fieldIndex("index"));
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1 (epochs count from 1), got " + epoch);
        }
    }
}
