package dev.bss.experiments.runlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bss.core.schedule.SequenceStatistics;
import dev.bss.experiments.run.AtomicFiles;
import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.MetricsCsv;
import dev.bss.experiments.run.Provenance;
import dev.bss.experiments.run.RunInfo;
import dev.bss.experiments.run.RunListener;
import dev.bss.experiments.run.SplitMetrics;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard run logs every run directory gets, kept by one listener so both share one global batch step:
 *
 * <ul>
 *   <li>a TensorBoard event file ({@link EventFileWriter}, {@code events.out.tfevents.*}; a new one per process, so
 *       a resumed run adds a file): per batch {@code train/batch_loss} at the global batch step; per epoch (step =
 *       epoch) every {@code metrics.csv} column as {@code train/loss}, {@code train/lr}, {@code train/samples},
 *       {@code time/epoch_seconds}, {@code time/score_seconds} and {@code <split>/<metric>} (per-head accuracy
 *       {@code val/acc_<modality>} included), and the epoch's sequence as {@code bss/subset_size} (distinct samples
 *       visited), {@code bss/sampling_entropy} (nats, {@link SequenceStatistics}) and {@code bss/sequence_length};</li>
 *   <li>{@code metrics.jsonl}: one JSON object per line, {@code {"kind":"batch","epoch","batch" (0-based),"batches",
 *       "step","loss","wall_time"}} per batch and {@code {"kind":"epoch","epoch","wall_time",<metrics.csv columns>,
 *       "subset_size","sampling_entropy","sequence_length"}} per epoch; unmeasured values are {@code null}.</li>
 * </ul>
 *
 * <p>The global step counts training batches from 1 over the whole run. On resume the lines of epochs that will be
 * trained again are dropped from {@code metrics.jsonl} (a torn last line too) and the step continues after the last
 * kept batch. Appends are buffered and flushed after every epoch; I/O errors surface as {@link UncheckedIOException}.
 */
public final class RunLogs implements RunListener, Closeable {

    /** The JSON-lines file name. */
    public static final String JSONL = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private EventFileWriter events;
    private BufferedWriter jsonl;
    private List<String> modalities = List.of();
    private long step;
    private SequenceStatistics sequence;
    private int sequenceEpoch;

    /** Logs for the run directory {@code dir}; files are opened when the run starts. */
    public RunLogs(Path dir) {
        this.dir = dir;
    }

    @Override
    public void runStarted(String runName, RunInfo info, int totalEpochs) {
        try {
            close();
            modalities = info.modalities();
            Path file = dir.resolve(JSONL);
            List<String> kept = new ArrayList<>();
            step = 0;
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException e) {
                        continue; // a line torn by a kill
                    }
                    if (n != null && n.path("epoch").asInt(Integer.MAX_VALUE) < info.firstEpoch()) {
                        kept.add(line);
                        step = Math.max(step, n.path("step").asLong(0));
                    }
                }
            }
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
            jsonl = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            events = EventFileWriter.create(dir, Provenance.hostName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void batch(int epoch, int batch, int batchesInEpoch, double loss) {
        step++;
        ObjectNode o = JSON.createObjectNode().put("kind", "batch").put("epoch", epoch).put("batch", batch)
                .put("batches", batchesInEpoch).put("step", step);
        number(o, "loss", loss);
        o.put("wall_time", System.currentTimeMillis() / 1000.0);
        try {
            line(o);
            events.scalar("train/batch_loss", step, loss);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void sequence(int epoch, SequenceStatistics statistics) {
        sequence = statistics;
        sequenceEpoch = epoch;
    }

    @Override
    public void epoch(EpochRecord r, int totalEpochs) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("train/loss", r.trainLoss());
        scalars.put("train/lr", r.lr());
        scalars.put("train/samples", (double) r.trainSamples());
        scalars.put("time/epoch_seconds", r.epochSeconds());
        scalars.put("time/score_seconds", r.scoreSeconds());
        ObjectNode o = JSON.createObjectNode().put("kind", "epoch").put("epoch", r.epoch())
                .put("wall_time", System.currentTimeMillis() / 1000.0);
        number(o, "lr", r.lr());
        number(o, "train_loss", r.trainLoss());
        o.put("train_samples", r.trainSamples());
        number(o, "epoch_seconds", r.epochSeconds());
        number(o, "score_seconds", r.scoreSeconds());
        for (String s : MetricsCsv.SPLITS) {
            for (String m : SplitMetrics.metricNames(modalities)) {
                double v = r.get(s, m);
                scalars.put(s + "/" + m, v);
                number(o, s + "_" + m, v);
            }
        }
        SequenceStatistics q = sequenceEpoch == r.epoch() ? sequence : null;
        if (q != null) {
            scalars.put("bss/subset_size", (double) q.distinct());
            scalars.put("bss/sampling_entropy", q.samplingEntropy());
            scalars.put("bss/sequence_length", (double) q.length());
        }
        o.put("subset_size", q == null ? null : q.distinct());
        number(o, "sampling_entropy", q == null ? Double.NaN : q.samplingEntropy());
        o.put("sequence_length", q == null ? null : q.length());
        try {
            line(o);
            events.scalars(r.epoch(), scalars);
            jsonl.flush();
            events.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void runFinished(FinalSummary summary) {
        try {
            close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event file being written (null before the run starts). */
    public Path eventFile() {
        return events == null ? null : events.file();
    }

    private void line(ObjectNode o) throws IOException {
        jsonl.write(JSON.writeValueAsString(o));
        jsonl.write('\n');
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Flushes and closes both files (idempotent); called at the end of the run and when it fails. */
    @Override
    public void close() throws IOException {
        try {
            if (jsonl != null) {
                jsonl.close();
            }
        } finally {
            jsonl = null;
            if (events != null) {
                events.close();
            }
            events = null;
        }
    }
}
