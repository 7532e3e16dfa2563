package dev.bss.spark.cli;

import dev.bss.spark.bench.SparkBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bss spark bench}: scoring throughput and schedule time, in process and on Spark. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark where Spark starts to pay (not a test).",
                "Scoring throughput of a run's checkpoint in process and on each --masters entry, then one learning-based "
                        + "epoch for N generated ids (never stored), in process and on Spark, so the cost curve shows where "
                        + "Spark starts to pay. Each figure is the second of two runs; the machine and its load average are "
                        + "printed with them."})
public final class SparkBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN_DIR", description = "A run with a checkpoint to score (scoring is skipped without one).")
    Path run;

    @Option(names = "--data", paramLabel = "CACHE", description = "The prepared dataset the run trained on (default: the run's own options).")
    Path data;

    @Option(names = "--masters", paramLabel = "URL,...", split = ",", defaultValue = "local[1],local[2]",
            description = "Masters to score on (default: ${DEFAULT-VALUE}).")
    List<String> masters = new ArrayList<>();

    @Option(names = "--sizes", paramLabel = "N,...", split = ",", defaultValue = "1000000,10000000,100000000",
            description = "Numbers of ids to schedule (default: ${DEFAULT-VALUE}).")
    List<Long> sizes = new ArrayList<>();

    @Option(names = "--in-process-max", paramLabel = "N", defaultValue = "100000000",
            description = "Largest N also scheduled in process (its arrays must fit the heap; default: ${DEFAULT-VALUE}).")
    long inProcessMax;

    @Option(names = "--schedule-master", paramLabel = "URL", defaultValue = "local[2]", description = "Master of the schedule part (default: ${DEFAULT-VALUE}).")
    String scheduleMaster;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting; repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        for (long n : sizes) {
            if (n < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sizes: every N must be >= 1, got " + n);
            }
        }
        SparkBench b = new SparkBench(System.out);
        b.machine();
        if (run != null) {
            b.scoring(run, data, masters, conf);
        } else {
            System.out.println("scoring: skipped (no --run)");
        }
        if (!sizes.isEmpty()) {
            b.schedule(sizes, inProcessMax, scheduleMaster, conf);
        }
        b.machine();
        return 0;
    }
}
