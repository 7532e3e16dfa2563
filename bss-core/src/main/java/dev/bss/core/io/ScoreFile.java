package dev.bss.core.io;

import dev.bss.core.measure.RawColumn;
import dev.bss.core.measure.SampleStatistics;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A per-sample score table in CSV (UTF-8).
 *
 * <p><b>Format.</b> The first non-comment line is a header; the first column must be {@code id}. The
 * columns read are {@code score} (final balance scores, higher = more balanced) and the raw columns
 * {@code pred_sim}, {@code feat_sim}, {@code loss}, {@code grad_mag} (see {@link RawColumn}), in any order;
 * at least one of them must be present. Other columns (e.g. {@code label} and metadata in a run
 * directory's {@code scores/epoch-NNN.csv}) are ignored and not validated. One row per sample, fields
 * separated by commas and quoted as in RFC 4180 when they hold a comma, quote or line break (read and written by
 * {@link CsvCodec}; surrounding spaces are trimmed). Lines starting with {@code #} and blank lines are ignored. Numbers use Java/Python decimal syntax
 * ({@code 0.5}, {@code -1e-3}). Examples:
 * <pre>
 * id,score
 * s0001,0.52
 * s0002,-0.31
 * </pre>
 * <pre>
 * id,pred_sim,loss
 * s0001,0.93,0.41
 * s0002,0.12,2.70
 * </pre>
 *
 * <p><b>Errors</b> ({@link ScoreFileFormatException}, naming file and line): missing or empty file, malformed
 * quoting, no data rows, a header without {@code id} first, neither {@code score} nor a raw column (missing column), a
 * duplicated column, a row with the wrong number of fields, an empty id, a duplicate id, a malformed
 * number, and any NaN or infinite value in a column that is read.
 */
public final class ScoreFile {

    /** Header name of the final-score column. */
    public static final String SCORE = "score";

    private final Path file;
    private final String[] ids;
    private final double[] scores;
    private final SampleStatistics statistics;

    private ScoreFile(Path file, String[] ids, double[] scores, SampleStatistics statistics) {
        this.file = file;
        this.ids = ids;
        this.scores = scores;
        this.statistics = statistics;
    }

    /**
     * Reads and validates a score file.
     *
     * @throws ScoreFileFormatException for malformed content or a missing file
     * @throws UncheckedIOException for other read failures
     */
    public static ScoreFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ScoreFileFormatException(file, 0, "score file not found");
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file, r);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ScoreFileFormatException(file, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read score file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ScoreFile parse(Path file, BufferedReader r) throws IOException {
        List<CsvCodec.Row> rows;
        try {
            rows = CsvCodec.read(r, CsvCodec.Dialect.SCORES);
        } catch (CsvCodec.SyntaxException e) {
            throw new ScoreFileFormatException(file, (int) e.line(), e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new ScoreFileFormatException(file, 0, "empty score file (expected a header 'id,score' or 'id,"
                    + rawHeaders() + "')");
        }
        String[] header = rows.get(0).cells().toArray(String[]::new);
        int headerLine = (int) rows.get(0).line();
        if (!header[0].equals("id")) {
            throw new ScoreFileFormatException(file, headerLine, "header must start with 'id', got '" + header[0] + "'");
        }
        if (header.length < 2) {
            throw new ScoreFileFormatException(file, headerLine, "missing column: header needs 'score' or raw columns ("
                    + rawHeaders() + ") after 'id'");
        }
        int scoreColumn = -1;
        RawColumn[] raw = new RawColumn[header.length];
        boolean anyRaw = false;
        java.util.Set<String> seenCols = new java.util.HashSet<>();
        for (int c = 1; c < header.length; c++) {
            String h = header[c];
            if (!seenCols.add(h)) {
                throw new ScoreFileFormatException(file, headerLine, "duplicate column '" + h + "'");
            }
            if (h.equals(SCORE)) {
                scoreColumn = c;
            } else {
                for (RawColumn rc : RawColumn.values()) {
                    if (rc.header().equals(h)) {
                        raw[c] = rc;
                        anyRaw = true;
                    }
                }
            }
        }
        if (scoreColumn < 0 && !anyRaw) {
            throw new ScoreFileFormatException(file, headerLine, "missing column: the header '" + String.join(",", header)
                    + "' has neither 'score' nor a raw column (" + rawHeaders() + ")");
        }
        int cols = header.length;
        List<String> ids = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int c = 1; c < cols; c++) {
            values.add(c == scoreColumn || raw[c] != null ? new double[1024] : null);
        }
        Map<String, Integer> seenIds = new HashMap<>();
        int n = 0;
        for (CsvCodec.Row row : rows.subList(1, rows.size())) {
            int lineNo = (int) row.line();
            String[] f = row.cells().toArray(String[]::new);
            if (f.length != cols) {
                throw new ScoreFileFormatException(file, lineNo, "expected " + cols + " fields (" + String.join(",", header)
                        + "), got " + f.length);
            }
            String id = f[0].strip();
            if (id.isEmpty()) {
                throw new ScoreFileFormatException(file, lineNo, "empty id");
            }
            Integer prev = seenIds.putIfAbsent(id, lineNo);
            if (prev != null) {
                throw new ScoreFileFormatException(file, lineNo, "duplicate id '" + id + "' (first on line " + prev + ")");
            }
            for (int c = 1; c < cols; c++) {
                if (values.get(c - 1) == null) {
                    continue; // ignored column
                }
                String s = f[c].strip();
                double v;
                try {
                    if (s.isEmpty()) {
                        throw new NumberFormatException();
                    }
                    v = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new ScoreFileFormatException(file, lineNo, "column '" + header[c] + "': malformed number '" + s + "'");
                }
                if (!Double.isFinite(v)) {
                    throw new ScoreFileFormatException(file, lineNo, "column '" + header[c] + "' of id '" + id + "' is " + v
                            + " (only finite numbers are allowed)");
                }
                double[] col = values.get(c - 1);
                if (n == col.length) {
                    col = Arrays.copyOf(col, col.length * 2);
                    values.set(c - 1, col);
                }
                col[n] = v;
            }
            ids.add(id);
            n++;
        }
        if (n == 0) {
            throw new ScoreFileFormatException(file, headerLine, "no data rows after the header");
        }
        String[] idArray = ids.toArray(String[]::new);
        double[] scoreValues = scoreColumn < 0 ? null : Arrays.copyOf(values.get(scoreColumn - 1), n);
        SampleStatistics statistics = null;
        if (anyRaw) {
            SampleStatistics.Builder b = SampleStatistics.builder().setIds(idArray);
            for (int c = 1; c < cols; c++) {
                if (raw[c] != null) {
                    b.optColumn(raw[c], Arrays.copyOf(values.get(c - 1), n));
                }
            }
            statistics = b.build();
        }
        return new ScoreFile(file, idArray, scoreValues, statistics);
    }

    /** The file this table was read from ({@code null} if built in memory). */
    public Path file() {
        return file;
    }

    /** A copy of the sample ids, in file order. */
    public String[] ids() {
        return ids.clone();
    }

    /** Number of samples. */
    public int size() {
        return ids.length;
    }

    /** Whether the file has a {@code score} column. */
    public boolean hasScores() {
        return scores != null;
    }

    /** A copy of the {@code score} column, if present. */
    public Optional<double[]> scores() {
        return Optional.ofNullable(scores == null ? null : scores.clone());
    }

    /** The raw columns, if any is present. */
    public Optional<SampleStatistics> statistics() {
        return Optional.ofNullable(statistics);
    }

    /**
     * Writes an {@code id,score} file ({@link Double#toString} digits, so reading it back is exact), atomically
     * (temporary file + rename: a failed write leaves the previous file untouched).
     *
     * @throws IllegalArgumentException if lengths differ or a score is not finite
     * @throws UncheckedIOException on write failure
     */
    public static void writeScores(Path file, String[] ids, double[] scores) {
        if (ids.length != scores.length) {
            throw new IllegalArgumentException("writeScores: " + ids.length + " ids but " + scores.length + " scores");
        }
        try (AtomicWriter w = new AtomicWriter(file)) {
            w.write("id,score\n");
            for (int i = 0; i < ids.length; i++) {
                if (!Double.isFinite(scores[i])) {
                    throw new IllegalArgumentException("writeScores: score of '" + ids[i] + "' is " + scores[i]);
                }
                w.write(CsvCodec.line(List.of(ids[i], Double.toString(scores[i]))));
                w.write('\n');
            }
            w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write score file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the raw columns present in {@code statistics} (header {@code id,<columns in RawColumn order>}).
     *
     * @throws IllegalArgumentException if a value is not finite
     * @throws UncheckedIOException on write failure
     */
    public static void writeStatistics(Path file, SampleStatistics statistics) {
        List<RawColumn> cols = Arrays.stream(RawColumn.values()).filter(statistics::has).collect(Collectors.toList());
        if (cols.isEmpty()) {
            throw new IllegalArgumentException("writeStatistics: the statistics have no columns");
        }
        double[][] data = cols.stream().map(c -> statistics.column(c).orElseThrow()).toArray(double[][]::new);
        try (AtomicWriter w = new AtomicWriter(file)) {
            w.write("id," + cols.stream().map(RawColumn::header).collect(Collectors.joining(",")) + "\n");
            for (int i = 0; i < statistics.size(); i++) {
                w.write(CsvCodec.line(List.of(statistics.id(i))));
                for (int c = 0; c < data.length; c++) {
                    double v = data[c][i];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("writeStatistics: " + cols.get(c).header() + " of '"
                                + statistics.id(i) + "' is " + v);
                    }
                    w.write(',');
                    w.write(Double.toString(v));
                }
                w.write('\n');
            }
            w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write score file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes to a temporary sibling and renames it over the target only when closed after a successful
     * write ({@link #commit()}), so a failed or interrupted write never leaves a partial table that parses.
     */
    private static final class AtomicWriter extends java.io.Writer {
        private final Path target;
        private final Path tmp;
        private final BufferedWriter out;
        private boolean done;

        AtomicWriter(Path target) throws IOException {
            this.target = target;
            Path dir = target.toAbsolutePath().getParent();
            this.tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            out.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        void commit() {
            done = true;
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
                if (done) {
                    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static String rawHeaders() {
        return Arrays.stream(RawColumn.values()).map(RawColumn::header).collect(Collectors.joining(","));
    }
}
