package dev.bss.core.io;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * The one CSV codec of bss (Apache Commons CSV underneath): every table bss writes — score files, {@code metrics.csv},
 * {@code scores/epoch-NNN.csv}, result tables — and every table it reads back goes through here, so what one side
 * quotes the other side unquotes.
 *
 * <p><b>Written form</b> (RFC 4180): comma-separated, {@code \n} line ends, a cell is quoted with {@code "} only
 * when it holds a comma, a quote, a line break or leading/trailing space, and a quote inside is doubled. {@code null}
 * cells are written empty.
 *
 * <p><b>Read form</b> ({@link Dialect}): a delimiter, quoting on or off, optionally {@code #} comment lines and
 * trimmed cells; blank lines are skipped and a leading UTF-8 byte-order mark is dropped. Every row keeps the
 * 1-based line number it ends on (the line it is on, unless a quoted cell spans lines), for error messages.
 * Malformed quoting raises {@link SyntaxException} with that line.
 */
public final class CsvCodec {

    /**
     * How a file is read.
     *
     * @param delimiter the cell separator (not a line break)
     * @param quotes whether {@code "} quotes cells (RFC 4180); when false quotes are ordinary characters
     * @param comments whether lines starting with {@code #} are skipped
     * @param trim whether spaces around each cell are removed
     */
    public record Dialect(char delimiter, boolean quotes, boolean comments, boolean trim) {

        /** What bss writes: comma, RFC 4180 quotes, no comments, cells as they are. */
        public static final Dialect TABLE = new Dialect(',', true, false, false);

        /** User score files: comma, RFC 4180 quotes, {@code #} comment lines, trimmed cells. */
        public static final Dialect SCORES = new Dialect(',', true, true, true);

        public Dialect {
            if (delimiter == '\n' || delimiter == '\r' || delimiter == '"') {
                throw new IllegalArgumentException("CSV delimiter cannot be a line break or a quote");
            }
        }

        CSVFormat format() {
            CSVFormat.Builder b = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                    .setIgnoreSurroundingSpaces(trim).setTrim(trim);
            if (!quotes) {
                b.setQuote(null);
            }
            if (comments) {
                b.setCommentMarker('#');
            }
            return b.build();
        }
    }

    /**
     * One parsed row.
     *
     * @param line 1-based line number the row ends on
     * @param cells the cells, unquoted
     */
    public record Row(long line, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        public int size() {
            return cells.size();
        }

        public String get(int i) {
            return cells.get(i);
        }
    }

    /** Malformed CSV (e.g. an unterminated quoted cell) at a line. */
    public static final class SyntaxException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        public SyntaxException(long line, String message) {
            super(message);
            this.line = line;
        }

        /** 1-based line where the parser stopped. */
        public long line() {
            return line;
        }
    }

    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator('\n').setQuoteMode(QuoteMode.MINIMAL)
            .setNullString("").build();

    private CsvCodec() {
    }

    /**
     * The RFC 4180 text of a header and rows ({@code \n} line ends, minimal quoting).
     *
     * @param header the header cells, or {@code null} for none
     */
    public static String write(List<String> header, Iterable<? extends List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, WRITE)) {
            if (header != null) {
                p.printRecord(header);
            }
            for (List<String> r : rows) {
                p.printRecord(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return sb.toString();
    }

    /** One row as an RFC 4180 line, without its line end. */
    public static String line(List<String> cells) {
        String s = write(null, List.of(cells));
        return s.substring(0, s.length() - 1);
    }

    /** Parses {@code text} (see {@link #read(Reader, Dialect)}). */
    public static List<Row> read(String text, Dialect dialect) throws SyntaxException {
        try {
            return read(new StringReader(text), dialect);
        } catch (SyntaxException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not throw
        }
    }

    /**
     * Parses every row of {@code in}, header included, skipping blank (and, per dialect, comment) lines.
     *
     * @throws SyntaxException naming the line of malformed quoting
     * @throws IOException when reading fails (e.g. malformed UTF-8 from the reader)
     */
    public static List<Row> read(Reader in, Dialect dialect) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = dialect.format().parse(in)) {
            Iterator<CSVRecord> it = parser.iterator();
            boolean first = true;
            while (true) {
                CSVRecord r;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    r = it.next();
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof java.nio.charset.CharacterCodingException c) {
                        throw c;
                    }
                    throw new SyntaxException(Math.max(1, parser.getCurrentLineNumber()), message(e));
                } catch (IllegalStateException e) {
                    throw new SyntaxException(Math.max(1, parser.getCurrentLineNumber()), message(e));
                }
                List<String> cells = r.toList();
                if (first && !cells.isEmpty() && cells.get(0).startsWith("\uFEFF")) {
                    cells = new ArrayList<>(cells);
                    cells.set(0, cells.get(0).substring(1));
                }
                first = false;
                // after a row the parser's line counter stands on the row's last line (measured: with and without a
                // trailing line break, after blank and comment lines, after a quoted cell spanning lines)
                rows.add(new Row(Math.max(1, parser.getCurrentLineNumber()), cells));
            }
        }
        return rows;
    }

    /** The parser's message without its exception-class and position prefixes (the caller names file and line). */
    private static String message(RuntimeException e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceFirst("^\\(startline \\d+\\) ", "").replaceFirst(" at line: \\d+, position: \\d+$", "");
        return m;
    }
}
