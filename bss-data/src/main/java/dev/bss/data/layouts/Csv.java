package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads delimiter-separated files as UTF-8 with an optional byte-order mark; fields may be quoted with
 * {@code "} (doubled inside), as Python's csv module writes them. Blank lines are skipped; line numbers
 * are kept (1-based).
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
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (lines[i].indexOf('\0') >= 0) { // would escape later as an InvalidPathException naming no line
                throw new DataFormatException(file, i + 1, "NUL character in the line");
            }
            rows.add(new Row(i + 1, split(file, i + 1, lines[i], delimiter, quotes)));
        }
        return rows;
    }

    static List<String> split(Path file, int line, String s, char d, boolean quotes) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQ = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quotes && inQ) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        inQ = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (quotes && c == '"' && cur.length() == 0) {
                inQ = true;
            } else if (c == d) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (inQ) {
            throw new DataFormatException(file, line, "unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }
}
