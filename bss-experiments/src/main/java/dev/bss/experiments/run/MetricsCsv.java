package dev.bss.experiments.run;

import dev.bss.core.io.CsvCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads {@code metrics.csv} (columns in {@code docs/run-directory.md}): {@code epoch,lr,
 * train_loss,train_samples,epoch_seconds,score_seconds}, then per split {@code S} in {@code val},
 * {@code test}: {@code S_acc,S_map,S_macro_f1,S_loss,S_acc_<modality>…,S_imbalance_ratio}. An empty
 * cell is a metric that was not measured ({@code NaN} in memory).
 */
public final class MetricsCsv {

    /** The evaluation splits, in column order. */
    public static final List<String> SPLITS = List.of("val", "test");
    private static final List<String> LEADING = List.of("epoch", "lr", "train_loss", "train_samples", "epoch_seconds", "score_seconds");

    private MetricsCsv() {
    }

    /** The header columns for these modalities. */
    public static List<String> header(List<String> modalities) {
        List<String> cols = new ArrayList<>(LEADING);
        for (String s : SPLITS) {
            for (String m : SplitMetrics.metricNames(modalities)) {
                cols.add(s + "_" + m);
            }
        }
        return cols;
    }

    /** The whole file's text. */
    public static String format(List<String> modalities, List<EpochRecord> rows) {
        List<List<String>> out = new ArrayList<>();
        for (EpochRecord r : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(r.epoch()));
            cells.add(num(r.lr()));
            cells.add(num(r.trainLoss()));
            cells.add(Long.toString(r.trainSamples()));
            cells.add(num(r.epochSeconds()));
            cells.add(num(r.scoreSeconds()));
            for (String s : SPLITS) {
                for (String m : SplitMetrics.metricNames(modalities)) {
                    cells.add(num(r.get(s, m)));
                }
            }
            out.add(cells);
        }
        return CsvCodec.write(header(modalities), out);
    }

    /** Formats a number for CSV: empty for NaN, shortest round-trip decimal otherwise. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Parsed {@code metrics.csv}. */
    public record Table(List<String> modalities, List<EpochRecord> rows) {
    }

    /**
     * Reads a {@code metrics.csv}.
     *
     * @throws MetricsFormatException naming the file, line and column when a cell or the header is malformed
     */
    public static Table read(Path file) throws IOException {
        List<CsvCodec.Row> lines = readRows(file);
        if (lines.isEmpty()) {
            throw new MetricsFormatException(file + ": empty file, expected a header line");
        }
        String[] header = lines.get(0).cells().toArray(String[]::new);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i].trim(), i);
        }
        for (String c : LEADING) {
            if (!col.containsKey(c)) {
                throw new MetricsFormatException(file + ":1: missing column '" + c + "'");
            }
        }
        List<String> modalities = new ArrayList<>();
        for (String h : header) {
            if (h.startsWith("val_acc_")) {
                modalities.add(h.substring("val_acc_".length()));
            }
        }
        List<EpochRecord> rows = new ArrayList<>();
        for (CsvCodec.Row line : lines.subList(1, lines.size())) {
            String[] cells = line.cells().toArray(String[]::new);
            long lineNo = line.line();
            if (cells.length != header.length) {
                throw new MetricsFormatException(file + ":" + lineNo + ": " + cells.length + " cells, header has " + header.length);
            }
            java.util.function.Function<String, Double> get = c -> {
                Integer i = col.get(c);
                if (i == null || cells[i].isBlank()) {
                    return Double.NaN;
                }
                try {
                    return Double.parseDouble(cells[i].trim());
                } catch (NumberFormatException e) {
                    throw new MetricsFormatException(file + ":" + lineNo + ": column '" + c + "' is not a number: '" + cells[i] + "'");
                }
            };
            Map<String, SplitMetrics> splits = new LinkedHashMap<>();
            for (String s : SPLITS) {
                if (!col.containsKey(s + "_acc")) {
                    continue;
                }
                Map<String, Double> mod = new LinkedHashMap<>();
                for (String m : modalities) {
                    mod.put(m, get.apply(s + "_acc_" + m));
                }
                splits.put(s, new SplitMetrics(get.apply(s + "_acc"), get.apply(s + "_map"), get.apply(s + "_macro_f1"),
                        get.apply(s + "_loss"), mod));
            }
            double epoch = get.apply("epoch");
            if (Double.isNaN(epoch) || epoch < 1 || epoch != Math.rint(epoch)) {
                throw new MetricsFormatException(file + ":" + lineNo + ": column 'epoch' must be an integer >= 1");
            }
            double samples = get.apply("train_samples");
            rows.add(new EpochRecord((int) epoch, get.apply("lr"), get.apply("train_loss"),
                    Double.isNaN(samples) ? 0 : (long) samples, get.apply("epoch_seconds"), get.apply("score_seconds"), splits));
        }
        return new Table(modalities, rows);
    }

    /**
     * Every row of a bss-written CSV file ({@link CsvCodec.Dialect#TABLE}), header included.
     *
     * @throws MetricsFormatException naming the file and line for text that is not UTF-8 or malformed quoting
     */
    static List<CsvCodec.Row> readRows(Path file) throws IOException {
        try (java.io.Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CsvCodec.read(r, CsvCodec.Dialect.TABLE);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MetricsFormatException(file + ": not UTF-8 text");
        } catch (CsvCodec.SyntaxException e) {
            throw new MetricsFormatException(file + ":" + e.line() + ": " + e.getMessage());
        }
    }

    /** A malformed {@code metrics.csv}. */
    public static final class MetricsFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public MetricsFormatException(String message) {
            super(message);
        }
    }
}
