package dev.bss.spark.score;

import dev.bss.experiments.run.ScoreTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A per-sample score table as Parquet: the columns of {@link ScoreTable#toCsv()} ({@code id} string, {@code label} int,
 * {@code score} and each criterion double, each metadata key string, sorted), for training sets too large for one CSV
 * file. {@code bss spark schedule --scores} reads it (columns {@code id}, {@code score}).
 */
public final class ScoreParquet {

    private ScoreParquet() {
    }

    /** Writes {@code table} to the folder {@code out} (replaced). */
    public static void write(SparkSession spark, ScoreTable table, Path out) {
        TreeSet<String> metaKeys = new TreeSet<>();
        table.metadata().forEach(m -> metaKeys.addAll(m.keySet()));
        StructType schema = new StructType().add("id", DataTypes.StringType, false).add("label", DataTypes.IntegerType, false)
                .add("score", DataTypes.DoubleType, false);
        for (String c : table.criteria().keySet()) {
            schema = schema.add(c, DataTypes.DoubleType, false);
        }
        for (String k : metaKeys) {
            schema = schema.add(k, DataTypes.StringType, true);
        }
        int n = table.ids().size();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Object> v = new ArrayList<>();
            v.add(table.ids().get(i));
            v.add(table.labels()[i]);
            v.add(table.scores()[i]);
            for (double[] c : table.criteria().values()) {
                v.add(c[i]);
            }
            Map<String, String> meta = table.metadata().isEmpty() ? Map.of() : table.metadata().get(i);
            for (String k : metaKeys) {
                v.add(meta.get(k));
            }
            rows.add(RowFactory.create(v.toArray()));
        }
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(out.toString());
    }
}
