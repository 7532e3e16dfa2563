package dev.bss.experiments.run;

import dev.bss.core.schedule.SequenceStatistics;
import dev.bss.experiments.runlog.RunLogs;
import dev.bss.experiments.spec.DerivedOptions;
import dev.bss.experiments.spec.RunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One training run and its run directory. Writes {@code spec.yaml} and {@code provenance.json} first,
 * then a full {@code metrics.csv} and {@code log.txt} after every epoch, the standard run logs ({@link RunLogs}: a
 * TensorBoard event file and {@code metrics.jsonl}, appended per batch and epoch), {@code scores/epoch-NNN.csv}
 * when the backend scores, and {@code final.json} plus the completed provenance at the end. Every file
 * is written atomically (temporary file + rename), so an interrupted run leaves only whole files.
 *
 * <p>Resuming ({@link Builder#optResume(boolean)}) keeps the rows already in {@code metrics.csv} and
 * replaces those the backend trains again (epochs after the last checkpoint). A finished run resumed with a spec of
 * more epochs is extended; with as many or fewer it is left as it is.
 */
public final class TrainingRun {

    private final RunSpec spec;
    /** What {@link DerivedOptions} filled in (printed at start). */
    private final List<String> derivedNotes;
    private final Path dir;
    private final TrainingBackend backend;
    private final boolean resume;
    private final RunListener listener;
    private final Path repoRoot;

    private TrainingRun(Builder b) {
        DerivedOptions.Resolved resolved = DerivedOptions.resolve(b.spec);
        this.spec = resolved.spec();
        this.derivedNotes = resolved.notes();
        this.dir = b.dir;
        this.backend = b.backend;
        this.resume = b.resume;
        this.listener = b.listener;
        this.repoRoot = b.repoRoot;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs to the end and returns the summary written to {@code final.json}. */
    public FinalSummary run() throws IOException {
        Files.createDirectories(dir);
        if (!resume && (Files.exists(dir.resolve(RunDirectory.METRICS)) || Files.exists(dir.resolve(RunDirectory.FINAL)))) {
            throw new IllegalArgumentException("run directory " + dir + " already holds a run; use --resume " + dir + " or another --out");
        }
        if (resume && RunDirectory.isFinished(dir)) {
            FinalSummary done = FinalSummary.read(dir.resolve(RunDirectory.FINAL));
            if (done.epochs() >= spec.epochs()) {
                listener.log("run " + dir.getFileName() + " already finished");
                return done;
            }
            // a finished run resumed with more epochs is extended from its last checkpoint
        }
        Path abs = dir.toAbsolutePath().normalize();
        String leaf = abs.getFileName().toString();
        String runName = leaf.startsWith("seed-") && abs.getParent() != null ? abs.getParent().getFileName() + "/" + leaf : leaf;
        AtomicFiles.writeString(dir.resolve(RunDirectory.SPEC), spec.toYaml());
        Provenance prov = Provenance.collect(repoRoot, spec.seed());
        prov.put("dataset", spec.dataset()).put("method", spec.method());
        AtomicFiles.writeString(dir.resolve(RunDirectory.PROVENANCE), prov.toJson());

        List<String> log = new ArrayList<>();
        Path logFile = dir.resolve(RunDirectory.LOG);
        if (resume && Files.exists(logFile)) {
            log.addAll(Files.readAllLines(logFile, StandardCharsets.UTF_8));
        }
        List<EpochRecord> rows = new ArrayList<>();
        java.util.Map<String, Double> probe = new java.util.LinkedHashMap<>();
        List<String>[] modalities = new List[] {List.of()};
        if (resume && Files.exists(dir.resolve(RunDirectory.METRICS))) {
            MetricsCsv.Table t = MetricsCsv.read(dir.resolve(RunDirectory.METRICS));
            rows.addAll(t.rows());
            modalities[0] = t.modalities();
        }
        long t0 = System.nanoTime();
        double[] previousSeconds = {0};
        for (EpochRecord r : rows) {
            previousSeconds[0] += Double.isNaN(r.epochSeconds()) ? 0 : r.epochSeconds();
        }
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        RunLogs logs = new RunLogs(dir);
        RunSink sink = new RunSink() {
            @Override
            public void started(RunInfo info) throws IOException {
                modalities[0] = info.modalities();
                prov.put("dataset_checksum", info.datasetChecksum()).put("train_size", Integer.toString(info.trainSize()))
                        .put("modalities", String.join(",", info.modalities())).putAll(info.versions());
                AtomicFiles.writeString(dir.resolve(RunDirectory.PROVENANCE), prov.toJson());
                rows.removeIf(r -> r.epoch() >= info.firstEpoch());
                logs.runStarted(runName, info, spec.epochs());
                listener.runStarted(runName, info, spec.epochs());
                log("start " + runName + ": method " + spec.method() + ", dataset " + info.datasetId() + " (" + info.trainSize()
                        + " train samples, modalities " + String.join("+", info.modalities()) + "), epochs "
                        + info.firstEpoch() + ".." + spec.epochs() + ", seed " + spec.seed());
                for (String note : derivedNotes) {
                    log("derived " + note);
                }
            }

            @Override
            public void batch(int epoch, int batch, int batchesInEpoch, double loss) {
                logs.batch(epoch, batch, batchesInEpoch, loss);
                listener.batch(epoch, batch, batchesInEpoch, loss);
            }

            @Override
            public void sequence(int epoch, SequenceStatistics statistics) {
                logs.sequence(epoch, statistics);
                listener.sequence(epoch, statistics);
            }

            @Override
            public void scores(int epoch, ScoreTable table) throws IOException {
                if (spec.outputs().perSampleScores()) {
                    AtomicFiles.writeString(RunDirectory.scoresFile(dir, epoch), table.toCsv());
                }
            }

            @Override
            public void epoch(EpochRecord record) throws IOException {
                rows.removeIf(r -> r.epoch() >= record.epoch());
                rows.add(record);
                AtomicFiles.writeString(dir.resolve(RunDirectory.METRICS), MetricsCsv.format(modalities[0], rows));
                logs.epoch(record, spec.epochs());
                log(String.format(java.util.Locale.ROOT, "epoch %d/%d: loss %.4f, val acc %.4f, test acc %.4f (%s), %.1f s",
                        record.epoch(), spec.epochs(), record.trainLoss(), record.get("val", "acc"), record.get("test", "acc"),
                        headsText(record), record.epochSeconds()));
                listener.epoch(record, spec.epochs());
                flushLog();
            }

            @Override
            public void probe(java.util.Map<String, Double> results) {
                probe.putAll(results);
                log("linear probe (test ACC of a softmax regression on each frozen encoder): " + results);
            }

            @Override
            public void log(String line) {
                String stamped = LocalTime.now().format(hms) + " " + line;
                log.add(stamped);
                listener.log(line);
            }

            private String headsText(EpochRecord r) {
                StringBuilder sb = new StringBuilder();
                for (String m : modalities[0]) {
                    if (sb.length() > 0) {
                        sb.append(", ");
                    }
                    sb.append(m).append(String.format(java.util.Locale.ROOT, " %.4f", r.get("test", "acc_" + m)));
                }
                return sb.toString();
            }

            private void flushLog() {
                try {
                    AtomicFiles.writeString(logFile, String.join("\n", log) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try (logs) {
            backend.train(spec, dir, resume, sink);
        }
        if (rows.isEmpty() || rows.get(rows.size() - 1).epoch() < spec.epochs()) {
            throw new IllegalStateException("backend returned after epoch "
                    + (rows.isEmpty() ? 0 : rows.get(rows.size() - 1).epoch()) + " of " + spec.epochs());
        }
        double seconds = previousSeconds[0] + (System.nanoTime() - t0) / 1e9;
        FinalSummary summary = FinalSummary.of(runName, spec.method(), spec.dataset(), spec.seed(), modalities[0], rows, seconds, probe);
        prov.finish();
        AtomicFiles.writeString(dir.resolve(RunDirectory.PROVENANCE), prov.toJson());
        sink.log(String.format(java.util.Locale.ROOT, "finished in %.1f s; best on validation: epoch %s", seconds,
                summary.bestOnValidation() == null ? "-" : Integer.toString(summary.bestOnValidation().epoch())));
        AtomicFiles.writeString(logFile, String.join("\n", log) + "\n");
        AtomicFiles.writeString(dir.resolve(RunDirectory.FINAL), summary.toJson());
        listener.runFinished(summary);
        return summary;
    }

    /** Builder: {@code setSpec}, {@code setDirectory}, {@code setBackend} required. */
    public static final class Builder {
        private RunSpec spec;
        private Path dir;
        private TrainingBackend backend;
        private boolean resume;
        private RunListener listener = new RunListener() {
        };
        private Path repoRoot;

        public Builder setSpec(RunSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder setDirectory(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder setBackend(TrainingBackend backend) {
            this.backend = backend;
            return this;
        }

        /** Continue from the checkpoint and metrics in the directory (default false). */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder optListener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where git is asked for the revision (default: {@code bss.home}, else the working directory). */
        public Builder optRepoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        public TrainingRun build() {
            List<String> missing = new ArrayList<>();
            if (spec == null) {
                missing.add("spec (setSpec)");
            }
            if (dir == null) {
                missing.add("directory (setDirectory)");
            }
            if (backend == null) {
                missing.add("backend (setBackend)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("TrainingRun.builder(): missing " + String.join(", ", missing));
            }
            return new TrainingRun(this);
        }
    }
}
