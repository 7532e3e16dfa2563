package dev.bss.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code final.json}: which epoch is reported and its metrics.
 *
 * <p>{@code best_on_validation} (the primary number) is the epoch with the highest validation ACC;
 * {@code best_on_test} is the epoch with the highest test ACC (what the reference code printed); ties go
 * to the earliest epoch, and epochs whose ACC was not measured are skipped. {@code last} is the final epoch.
 *
 * @param run run directory name
 * @param method method id
 * @param dataset dataset id
 * @param seed run seed
 * @param epochs number of epochs trained
 * @param modalities modality names in dataset order
 * @param bestOnValidation the epoch chosen on validation ACC, or {@code null} when validation was never measured
 * @param bestOnTest the epoch chosen on test ACC, or {@code null} when test was never measured
 * @param last the last epoch
 * @param seconds wall time of the whole run
 * @param probe linear-probe test accuracies after the last epoch, {@code probe_acc_<modality>} (empty when not run)
 */
public record FinalSummary(String run, String method, String dataset, long seed, int epochs, List<String> modalities,
                           Selection bestOnValidation, Selection bestOnTest, Selection last, double seconds,
                           Map<String, Double> probe) {

    /** Key prefix of linear-probe results in {@code final.json}. */
    public static final String PROBE_PREFIX = "probe_acc_";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public FinalSummary {
        modalities = List.copyOf(modalities);
        probe = probe == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(probe));
    }

    /**
     * One chosen epoch.
     *
     * @param epoch the epoch (from 1)
     * @param splits metric name → value per split ({@code val}, {@code test})
     */
    public record Selection(int epoch, Map<String, Map<String, Double>> splits) {

        /** The metric, {@code NaN} when absent. */
        public double get(String split, String metric) {
            Map<String, Double> s = splits.get(split);
            Double v = s == null ? null : s.get(metric);
            return v == null ? Double.NaN : v;
        }
    }

    /** Builds the summary from the epoch rows (which must not be empty). */
    public static FinalSummary of(String run, String method, String dataset, long seed, List<String> modalities,
                                  List<EpochRecord> rows, double seconds) {
        return of(run, method, dataset, seed, modalities, rows, seconds, Map.of());
    }

    /** As {@link #of(String, String, String, long, List, List, double)}, with linear-probe results. */
    public static FinalSummary of(String run, String method, String dataset, long seed, List<String> modalities,
                                  List<EpochRecord> rows, double seconds, Map<String, Double> probe) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no finished epoch: cannot summarise run " + run);
        }
        EpochRecord bestVal = best(rows, "val");
        EpochRecord bestTest = best(rows, "test");
        EpochRecord last = rows.get(rows.size() - 1);
        return new FinalSummary(run, method, dataset, seed, last.epoch(), modalities,
                bestVal == null ? null : select(bestVal, modalities, List.of("val", "test")),
                bestTest == null ? null : select(bestTest, modalities, List.of("test")),
                select(last, modalities, List.of("val", "test")), seconds, probe);
    }

    private static EpochRecord best(List<EpochRecord> rows, String split) {
        EpochRecord best = null;
        for (EpochRecord r : rows) {
            double v = r.get(split, "acc");
            if (!Double.isNaN(v) && (best == null || v > best.get(split, "acc"))) {
                best = r;
            }
        }
        return best;
    }

    private static Selection select(EpochRecord r, List<String> modalities, List<String> splits) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String s : splits) {
            if (!r.splits().containsKey(s)) {
                continue;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (String name : SplitMetrics.metricNames(modalities)) {
                m.put(name, r.get(s, name));
            }
            out.put(s, m);
        }
        return new Selection(r.epoch(), out);
    }

    /** The JSON text of {@code final.json}. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("run", run);
        o.put("method", method);
        o.put("dataset", dataset);
        o.put("seed", seed);
        o.put("epochs", epochs);
        ArrayNode mods = o.putArray("modalities");
        modalities.forEach(mods::add);
        putSelection(o, "best_on_validation", bestOnValidation);
        putSelection(o, "best_on_test", bestOnTest);
        putSelection(o, "last", last);
        o.put("seconds", seconds);
        probe.forEach((k, v) -> {
            if (Double.isNaN(v)) {
                o.putNull(k);
            } else {
                o.put(k, v);
            }
        });
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putSelection(ObjectNode o, String key, Selection s) {
        if (s == null) {
            o.putNull(key);
            return;
        }
        ObjectNode n = o.putObject(key);
        n.put("epoch", s.epoch());
        s.splits().forEach((split, metrics) -> {
            ObjectNode m = n.putObject(split);
            metrics.forEach((k, v) -> {
                if (Double.isNaN(v)) {
                    m.putNull(k);
                } else {
                    m.put(k, v);
                }
            });
        });
    }

    /** Reads a {@code final.json}. */
    public static FinalSummary read(Path file) throws IOException {
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": malformed final.json: " + e.getMessage(), e);
        }
        for (String k : List.of("run", "method", "dataset", "seed", "epochs", "modalities", "last")) {
            if (!o.hasNonNull(k)) {
                throw new IOException(file + ": final.json lacks '" + k + "'");
            }
        }
        List<String> mods = new ArrayList<>();
        o.get("modalities").forEach(n -> mods.add(n.asText()));
        Map<String, Double> probe = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(PROBE_PREFIX)) {
                probe.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN);
            }
        });
        return new FinalSummary(o.get("run").asText(), o.get("method").asText(), o.get("dataset").asText(),
                o.get("seed").asLong(), o.get("epochs").asInt(), mods, readSelection(o.get("best_on_validation")),
                readSelection(o.get("best_on_test")), readSelection(o.get("last")),
                o.path("seconds").asDouble(Double.NaN), probe);
    }

    private static Selection readSelection(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, Map<String, Double>> splits = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                Map<String, Double> m = new LinkedHashMap<>();
                e.getValue().fields().forEachRemaining(x -> m.put(x.getKey(), x.getValue().isNumber() ? x.getValue().asDouble() : Double.NaN));
                splits.put(e.getKey(), m);
            }
        });
        return new Selection(n.path("epoch").asInt(), splits);
    }
}
