package dev.bss.data.layouts;

import dev.bss.core.io.CsvCodec;
import dev.bss.data.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads delimiter-separated files as UTF-8 with an optional byte-order mark through the one CSV codec
 * ({@link CsvCodec}); fields may be quoted with {@code "} (doubled inside), as Python's csv module writes them.
 * Blank lines are skipped; line numbers are kept (1-based). Delimiter {@code '\n'} reads one field per line.
 */
final class Csv {

    private Csv() {
    }

    record Row(int line, List<String> fields) {
    }

    static List<Row> read(Path file, char delimiter, boolean quotes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "annotation file is missing");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataFormatException(file, "not valid UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\0') >= 0) { // would escape later as an InvalidPathException naming no line
            int line = 1 + (int) text.substring(0, text.indexOf('\0')).chars().filter(c -> c == '\n').count();
            throw new DataFormatException(file, line, "NUL character in the line");
        }
        List<Row> rows = new ArrayList<>();
        if (delimiter == '\n') { // one field per line: the codec needs a delimiter that is not a line break
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    rows.add(new Row(i + 1, List.of(lines[i])));
                }
            }
            return rows;
        }
        try {
            for (CsvCodec.Row r : CsvCodec.read(text, new CsvCodec.Dialect(delimiter, quotes, false, false))) {
                if (r.cells().stream().allMatch(String::isBlank)) {
                    continue;
                }
                rows.add(new Row((int) r.line(), r.cells()));
            }
        } catch (CsvCodec.SyntaxException e) {
            throw new DataFormatException(file, (int) e.line(), e.getMessage());
        }
        return rows;
    }
}
