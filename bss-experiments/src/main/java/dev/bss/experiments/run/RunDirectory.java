package dev.bss.experiments.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** File names of the run directory contract ({@code docs/run-directory.md}) and reading a finished run back. */
public final class RunDirectory {

    public static final String SPEC = "spec.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.csv";
    public static final String FINAL = "final.json";
    public static final String SCORES = "scores";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String LOG = "log.txt";

    private RunDirectory() {
    }

    /** Whether the run in {@code dir} finished ({@code final.json} exists). */
    public static boolean isFinished(Path dir) {
        return Files.isRegularFile(dir.resolve(FINAL));
    }

    /** {@code scores/epoch-NNN.csv}. */
    public static Path scoresFile(Path dir, int epoch) {
        return dir.resolve(SCORES).resolve(String.format(java.util.Locale.ROOT, "epoch-%03d.csv", epoch));
    }

    /** The per-sample score files of a run, by epoch. */
    public static List<Path> scoreFiles(Path dir) throws IOException {
        Path s = dir.resolve(SCORES);
        if (!Files.isDirectory(s)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(s)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.csv")).sorted().toList());
        }
    }

    /**
     * A finished run read back.
     *
     * @param dir the run directory
     * @param summary its {@code final.json}
     * @param metrics its {@code metrics.csv}
     */
    public record Finished(Path dir, FinalSummary summary, MetricsCsv.Table metrics) {
    }

    /** Reads a finished run. */
    public static Finished read(Path dir) throws IOException {
        return new Finished(dir, FinalSummary.read(dir.resolve(FINAL)), MetricsCsv.read(dir.resolve(METRICS)));
    }
}
