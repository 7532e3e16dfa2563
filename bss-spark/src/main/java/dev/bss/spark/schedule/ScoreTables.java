package dev.bss.spark.schedule;

import static org.apache.spark.sql.functions.col;

import dev.bss.core.io.ScoreFile;
import dev.bss.core.measure.BalanceMeasurer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Score tables as Spark datasets with the columns {@link DistributedSchedule} reads: {@code index} (long, row number
 * 0..N−1 in table order), {@code id} (string) and {@code score} (double). A CSV table is read on the driver by
 * {@link ScoreFile} (the format of {@code bss schedule} and of a run's {@code scores/epoch-NNN.csv}, with its checks and
 * error messages) and spread over the cluster; a Parquet table (a folder, or a file ending in {@code .parquet}, with
 * columns {@code id} and {@code score}, as {@code bss spark score --format parquet} writes it) is read by the
 * executors.
 */
public final class ScoreTables {

    /** The columns of a table. */
    public static final StructType SCHEMA = new StructType()
            .add("index", DataTypes.LongType, false)
            .add("id", DataTypes.StringType, true)
            .add("score", DataTypes.DoubleType, false);

    private ScoreTables() {
    }

    /** Whether {@code table} is read as Parquet (a folder or a {@code .parquet} file) rather than CSV. */
    public static boolean isParquet(Path table) {
        return Files.isDirectory(table) || table.getFileName().toString().endsWith(".parquet");
    }

    /**
     * Reads a score table.
     *
     * @param measurer turns raw columns into scores: used when the CSV has no {@code score} column, or always when
     *     {@code remeasure} is set (the {@code --criterion}/{@code --normalization} rule of {@code bss schedule}); null
     *     = the {@code score} column is required
     * @param partitions number of partitions of a CSV table spread from the driver
     * @throws dev.bss.core.io.ScoreFileFormatException for a malformed CSV (naming file and line)
     * @throws IllegalArgumentException for a Parquet table without {@code id} and {@code score}, or an unusable option
     */
    public static Dataset<Row> read(SparkSession spark, Path table, BalanceMeasurer measurer, boolean remeasure, int partitions) {
        if (isParquet(table)) {
            if (remeasure) {
                throw new IllegalArgumentException("--criterion/--normalization apply to raw columns of a CSV table; " + table
                        + " is Parquet: its score column is used as is");
            }
            return fromParquet(spark, table);
        }
        ScoreFile file = ScoreFile.read(table);
        double[] scores;
        if (file.statistics().isPresent() && measurer != null && (remeasure || !file.hasScores())) {
            scores = measurer.score(file.statistics().orElseThrow());
        } else if (remeasure) {
            throw new IllegalArgumentException("--criterion/--normalization need raw columns (pred_sim, feat_sim, loss, grad_mag) but "
                    + table + " only has a score column");
        } else {
            scores = file.scores().orElseThrow(() -> new IllegalArgumentException(table + ": no score column"));
        }
        return fromArrays(spark, file.ids(), scores, partitions);
    }

    /** A table from aligned ids and scores (ids may be null: rows are then known by index only). */
    public static Dataset<Row> fromArrays(SparkSession spark, String[] ids, double[] scores, int partitions) {
        if (ids != null && ids.length != scores.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + scores.length + " scores");
        }
        List<Row> rows = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            rows.add(RowFactory.create((long) i, ids == null ? null : ids[i], scores[i]));
        }
        JavaRDD<Row> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, Math.max(1, partitions));
        return spark.createDataFrame(rdd, SCHEMA);
    }

    /** A Parquet table, numbered in read order. */
    static Dataset<Row> fromParquet(SparkSession spark, Path table) {
        Dataset<Row> raw = spark.read().parquet(table.toString());
        List<String> cols = Arrays.asList(raw.columns());
        if (!cols.contains("id") || !cols.contains("score")) {
            throw new IllegalArgumentException(table + ": a Parquet score table needs columns 'id' and 'score', has " + cols);
        }
        Dataset<Row> picked = raw.select(col("id").cast(DataTypes.StringType), col("score").cast(DataTypes.DoubleType));
        JavaRDD<Row> numbered = picked.toJavaRDD().zipWithIndex().map(t -> RowFactory.create(t._2(), t._1().get(0), t._1().get(1)));
        Dataset<Row> out = spark.createDataFrame(numbered, SCHEMA);
        Row bad = out.filter(col("score").isNaN().or(col("score").isNull()).or(col("id").isNull())).limit(1).collectAsList().stream()
                .findFirst().orElse(null);
        if (bad != null) {
            throw new IllegalArgumentException(table + ": row " + bad.getLong(0) + " has no id or a score that is not a number");
        }
        return out;
    }

    /**
     * {@code n} generated rows without ids (benchmarks): row {@code i} scores {@code U_i} uniform in [0, 1) from
     * {@link ScheduleKeys} (seed 0, purpose 0), so nothing is stored.
     */
    public static Dataset<Row> generated(SparkSession spark, long n, int partitions) {
        ScheduleKeys keys = new ScheduleKeys(0, 0, 1);
        org.apache.spark.sql.expressions.UserDefinedFunction score = org.apache.spark.sql.functions.udf(
                (UDF1<Long, Double>) keys::uniform, DataTypes.DoubleType);
        return spark.range(0, n, 1, Math.max(1, partitions)).select(col("id").as("index"),
                org.apache.spark.sql.functions.lit(null).cast(DataTypes.StringType).as("id"), score.apply(col("id")).as("score"));
    }
}
