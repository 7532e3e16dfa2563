package dev.bss.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bss bench scaling}: how an epoch's cost grows with the training-set size N. For each N it trains ONE vanilla
 * {@code small-cnn} two-tower model on the bench's synthetic data in a fresh child JVM ({@link OneModelBench}: one
 * warm-up epoch, then the measured ones) and reports the median measured epoch's wall time, the samples per second and
 * the child's peak resident set. A constant time per sample means the epoch is linear in N. The CSV it writes
 * ({@code n,seconds,series}, plus the extra columns) is what {@code scripts/perf-plot.py} draws
 * (docs/performance.md, "Epoch time and re-rank time against N"). A benchmark: time it on a quiet machine.
 */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = "Epoch wall time and peak memory of one vanilla model against the training-set size N (one child JVM per N).")
public final class BenchScalingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchDataOptions data;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "1024,4096,16384,50000",
            description = "Training-set sizes, comma-separated (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--epochs", defaultValue = "1", description = "Measured epochs per size, after one warm-up epoch (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the rows to this CSV file (created or replaced).")
    Path csv;

    @Option(names = "--series", defaultValue = "vanilla small-cnn", description = "Series name in the CSV (default: ${DEFAULT-VALUE}).")
    String series;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        List<EpochBenchOptions> runs = new ArrayList<>();
        for (int n : sizes) {
            EpochBenchOptions o = EpochBenchOptions.of(n, epochs, data);
            try {
                o.validate();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "bench scaling: size " + n + ": " + e.getMessage().replace("bench epoch: ", ""));
            }
            runs.add(o);
        }
        PrintWriter out = cl.getOut();
        out.printf(Locale.ROOT, "bss bench scaling: sizes %s, batch %d, %d measured epoch(s) after 1 warm-up, one child JVM per size,"
                + " load average %.2f%n", sizes, data.batch, epochs, BenchEpochCommand.loadAverage());
        List<String> rows = new ArrayList<>();
        rows.add("n,seconds,series,samples_per_second,ms_per_sample,peak_rss_mb");
        out.println("trained samples, median epoch s, samples/s, ms per sample, peak resident MB");
        out.flush();
        int threads = BenchEpochCommand.threads();
        for (EpochBenchOptions o : runs) {
            OneModelBench.Result r = OneModelBench.run(o, threads);
            if (r.epochSeconds().size() != epochs + 1) {
                throw new IOException("bench scaling: the child for N = " + o.n + " reported " + r.epochSeconds().size()
                        + " epoch times, expected " + (epochs + 1));
            }
            double seconds = median(r.epochSeconds().subList(1, r.epochSeconds().size()));
            int samples = o.trainedSamples();
            String row = String.format(Locale.ROOT, "%d,%.3f,%s,%.1f,%.3f,%.0f", samples, seconds, series, samples / seconds,
                    1000 * seconds / samples, r.peakMb());
            rows.add(row);
            out.printf(Locale.ROOT, "%d, %.3f, %.1f, %.3f, %.0f%n", samples, seconds, samples / seconds, 1000 * seconds / samples, r.peakMb());
            out.flush();
        }
        out.printf(Locale.ROOT, "load average: %.2f%n", BenchEpochCommand.loadAverage());
        if (csv != null) {
            try {
                Files.write(csv, rows);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cl, "bench scaling: cannot write --csv " + csv + ": " + e.getMessage());
            }
            out.println("csv: " + csv);
        }
        return 0;
    }

    /** The median (the upper one of an even count). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
