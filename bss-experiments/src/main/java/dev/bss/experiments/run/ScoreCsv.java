package dev.bss.experiments.run;

import dev.bss.core.io.CsvCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code scores/epoch-NNN.csv} back as named string columns (RFC 4180 quoting, {@link CsvCodec}), with helpers
 * to get numeric columns. Columns {@code id}, {@code label} and {@code score} are required.
 *
 * @param columns column name → cells, in file order
 */
public record ScoreCsv(Map<String, List<String>> columns) {

    /** Reads the file; throws naming file and line when the header lacks a required column or a row is ragged. */
    public static ScoreCsv read(Path file) throws IOException {
        List<CsvCodec.Row> lines = MetricsCsv.readRows(file);
        if (lines.isEmpty()) {
            throw new MetricsCsv.MetricsFormatException(file + ": empty score file");
        }
        List<String> header = lines.get(0).cells();
        for (String req : List.of("id", "label", "score")) {
            if (!header.contains(req)) {
                throw new MetricsCsv.MetricsFormatException(file + ":1: missing column '" + req + "'");
            }
        }
        Map<String, List<String>> cols = new LinkedHashMap<>();
        header.forEach(h -> cols.put(h, new ArrayList<>()));
        for (CsvCodec.Row row : lines.subList(1, lines.size())) {
            if (row.size() != header.size()) {
                throw new MetricsCsv.MetricsFormatException(file + ":" + row.line() + ": " + row.size() + " cells, header has " + header.size());
            }
            for (int c = 0; c < row.size(); c++) {
                cols.get(header.get(c)).add(row.get(c));
            }
        }
        return new ScoreCsv(cols);
    }

    public int size() {
        return columns.get("id").size();
    }

    public List<String> ids() {
        return columns.get("id");
    }

    /** The column as doubles (empty or non-numeric cells are NaN), or {@code null} when absent. */
    public double[] numeric(String column) {
        List<String> c = columns.get(column);
        if (c == null) {
            return null;
        }
        double[] out = new double[c.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = c.get(i).isBlank() ? Double.NaN : Double.parseDouble(c.get(i));
            } catch (NumberFormatException e) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** Columns other than id, label and score whose non-empty cells are all numbers (at least one). */
    public List<String> numericColumns() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : columns.entrySet()) {
            if (List.of("id", "label", "score").contains(e.getKey())) {
                continue;
            }
            boolean any = false;
            boolean ok = true;
            for (String s : e.getValue()) {
                if (s.isBlank()) {
                    continue;
                }
                try {
                    Double.parseDouble(s);
                    any = true;
                } catch (NumberFormatException ex) {
                    ok = false;
                    break;
                }
            }
            if (ok && any) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
