package dev.bss.spark.cli;

import dev.bss.cli.ScheduleOptions;
import dev.bss.spark.schedule.DistributedSchedule;
import dev.bss.spark.schedule.ScoreTables;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bss spark schedule}: one epoch's sequence, computed on the cluster. */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compute one epoch's sample sequence on the cluster.",
                "For score tables of any size. Prints one id per line, or writes Parquet (position, id) with --out.",
                "",
                "Score table: a CSV as 'bss schedule' reads it (read on the driver), or Parquet (a folder or *.parquet "
                        + "file with columns id and score, e.g. from 'bss spark score --format parquet'), read by the executors.",
                "",
                "learning: a weighted random permutation of every sample by exponential keys (k = E/w, E ~ Exp(1)) and one "
                        + "distributed sort: the law of the in-process scheduler without replacement, drawn from other random "
                        + "numbers (the same scores at every refresh, so there is no --refresh-period or --beta).",
                "",
                "heuristic: a distributed ranking (cl = most balanced first, ties by id), exactly the first "
                        + "max(batch-size, floor(N*lambda(t))) samples, shuffled: the in-process subset in another order.",
                "",
                "The sequence depends on --seed, --epoch and the table only, not on the partitioning.",
                ""})
public final class SparkScheduleCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScheduleOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the sequence as Parquet (columns position, id) to DIR instead of printing it.")
    Path out;

    @Mixin
    PartitionOption partitions;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        boolean heuristic = options.heuristic(cl);
        int partitionCount = partitions.value(cl);
        var measurer = options.measurer(cl);
        var order = options.order(cl);
        var pacing = heuristic ? options.pacing(cl) : null;
        DistributedSchedule.Weights weights = heuristic ? null : ScheduleOptions.parse(cl, "--transform",
                () -> new DistributedSchedule.Weights(options.softmax(cl), options.transformParameter(cl), options.reversed));
        long t0 = System.nanoTime();
        return spark.run("schedule", s -> {
            int p = partitionCount > 0 ? partitionCount : s.sparkContext().defaultParallelism();
            s.conf().set("spark.sql.shuffle.partitions", Integer.toString(p));
            Dataset<Row> table = ScoreTables.read(s, options.scores, measurer, options.measureFlags(cl), p);
            Dataset<Row> seq = heuristic
                    ? DistributedSchedule.heuristic(table, pacing, order, options.batchSize, options.seed, options.epoch)
                    : DistributedSchedule.learning(table, weights, options.seed, options.epoch);
            if (out != null) {
                Dataset<Row> positioned = DistributedSchedule.withPositions(seq).select("position", "id");
                positioned.write().mode(SaveMode.Overwrite).parquet(out.toString());
                System.err.printf(Locale.ROOT, "bss spark schedule: epoch %d written to %s, %.1f s%n", options.epoch, out,
                        (System.nanoTime() - t0) / 1e9);
            } else {
                PrintWriter w = cl.getOut();
                Iterator<Row> it = seq.select("id").toLocalIterator();
                while (it.hasNext()) {
                    w.println(it.next().getString(0));
                }
                w.flush();
            }
            return 0;
        });
    }
}
