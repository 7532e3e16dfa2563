package dev.bss.spark.cli;

import dev.bss.experiments.run.AtomicFiles;
import dev.bss.experiments.run.ScoreTable;
import dev.bss.spark.score.DistributedScoring;
import dev.bss.spark.score.ScoreParquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bss spark score}: a run's scoring pass on the cluster. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a run's training set with its last checkpoint on the cluster.",
                "The weights are broadcast once; one engine per executor, one PyTorch thread per task. Writes the table "
                        + "a run writes, for the epoch after the checkpoint's: OUT/epoch-NNN.csv (id, label, score, pred_sim, "
                        + "feat_sim, loss[, grad_mag], metadata...), or Parquet (OUT/epoch-NNN.parquet/) for large training sets. "
                        + "A bss-l or bss-h run reads the CSV with --set scoring.mode=table --set scoring.table=OUT (docs/scale.md)."})
public final class SparkScoreCommand implements Callable<Integer> {

    /** From this many samples on, {@code --format auto} writes Parquet. */
    public static final int PARQUET_FROM = 1_000_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A run directory with spec.yaml and checkpoints/last.ckpt.")
    Path run;

    @Option(names = "--data", paramLabel = "CACHE", description = "The prepared dataset folder the run trained on, readable by every"
            + " executor at this path (default: the run spec's dataset options as they are).")
    Path data;

    @Option(names = "--epoch", paramLabel = "T", description = "The epoch the table is written for (default: the checkpoint's epoch + 1).")
    Integer epoch;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: RUN_DIR/spark-scores).")
    Path out;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "auto",
            description = "csv, parquet or auto (Parquet from " + PARQUET_FROM + " samples on; default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    PartitionOption partitions;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("csv") && !format.equals("parquet") && !format.equals("auto")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be csv, parquet or auto, got '" + format + "'");
        }
        int partitionCount = partitions.value(spec.commandLine());
        return spark.run("score", s -> {
            DistributedScoring.Result r = DistributedScoring.score(s, run, data, epoch, partitionCount);
            Path dir = out != null ? out : run.resolve("spark-scores");
            Files.createDirectories(dir);
            ScoreTable t = r.table();
            boolean parquet = format.equals("parquet") || (format.equals("auto") && t.ids().size() >= PARQUET_FROM);
            Path file = dir.resolve(String.format(Locale.ROOT, "epoch-%03d.%s", r.epoch(), parquet ? "parquet" : "csv"));
            if (parquet) {
                ScoreParquet.write(s, t, file);
            } else {
                AtomicFiles.writeString(file, t.toCsv());
            }
            System.out.printf(Locale.ROOT, "scored %d samples for epoch %d in %d tasks, %.1f s: %s%n", t.ids().size(), r.epoch(), r.slices(),
                    r.seconds(), file);
            return 0;
        });
    }
}
