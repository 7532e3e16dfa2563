package dev.bss.experiments.run;

import dev.bss.core.io.CsvCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per-sample balance scores of one scoring pass, aligned by position: sample id, label, balance score
 * (higher = more balanced), the raw criteria it was made of (e.g. {@code pred_sim}, {@code loss}) and
 * the sample's metadata (e.g. ground-truth corruption levels). Written as {@code scores/epoch-NNN.csv}.
 */
public record ScoreTable(List<String> ids, int[] labels, double[] scores, Map<String, double[]> criteria,
                         List<Map<String, String>> metadata) {

    public ScoreTable {
        int n = ids.size();
        if (labels.length != n || scores.length != n || (metadata != null && !metadata.isEmpty() && metadata.size() != n)) {
            throw new IllegalArgumentException("score table columns differ in length: ids " + n + ", labels " + labels.length
                    + ", scores " + scores.length + ", metadata " + (metadata == null ? 0 : metadata.size()));
        }
        criteria = new LinkedHashMap<>(criteria);
        for (Map.Entry<String, double[]> e : criteria.entrySet()) {
            if (e.getValue().length != n) {
                throw new IllegalArgumentException("criterion '" + e.getKey() + "' has " + e.getValue().length + " values, expected " + n);
            }
        }
        metadata = metadata == null ? List.of() : List.copyOf(metadata);
        ids = List.copyOf(ids);
    }

    /** The CSV text ({@link CsvCodec}, RFC 4180): {@code id,label,score,<criteria…>,<metadata keys, sorted…>}. */
    public String toCsv() {
        TreeSet<String> metaKeys = new TreeSet<>();
        metadata.forEach(m -> metaKeys.addAll(m.keySet()));
        List<String> header = new ArrayList<>(List.of("id", "label", "score"));
        header.addAll(criteria.keySet());
        header.addAll(metaKeys);
        List<List<String>> rows = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            List<String> cells = new ArrayList<>();
            cells.add(ids.get(i));
            cells.add(Integer.toString(labels[i]));
            cells.add(MetricsCsv.num(scores[i]));
            for (double[] c : criteria.values()) {
                cells.add(MetricsCsv.num(c[i]));
            }
            for (String k : metaKeys) {
                cells.add(metadata.isEmpty() ? "" : metadata.get(i).getOrDefault(k, ""));
            }
            rows.add(cells);
        }
        return CsvCodec.write(header, rows);
    }
}
