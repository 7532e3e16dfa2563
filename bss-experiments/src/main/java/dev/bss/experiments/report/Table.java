package dev.bss.experiments.report;

import dev.bss.core.io.CsvCodec;
import dev.bss.experiments.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A results table of strings with a title and a header, written as CSV (RFC 4180 quoting), Markdown
 * (GitHub pipes) and LaTeX ({@code tabular} with {@code booktabs} rules), and rendered into HTML.
 */
public final class Table {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.title = title;
        this.header = List.copyOf(header);
    }

    /** Adds a row; it must have as many cells as the header. */
    public Table addRow(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("table '" + title + "': row has " + cells.size() + " cells, header has " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public String title() {
        return title;
    }

    public List<String> header() {
        return header;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    public String toCsv() {
        return CsvCodec.write(header, rows);
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isEmpty()) {
            sb.append("**").append(title).append("**\n\n");
        }
        sb.append("| ").append(String.join(" | ", header.stream().map(Table::md).toList())).append(" |\n");
        sb.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r.stream().map(Table::md).toList())).append(" |\n");
        }
        return sb.toString();
    }

    public String toLatex() {
        StringBuilder sb = new StringBuilder();
        sb.append("% ").append(title).append('\n');
        sb.append("\\begin{tabular}{l").append("r".repeat(header.size() - 1)).append("}\n\\toprule\n");
        sb.append(String.join(" & ", header.stream().map(Table::tex).toList())).append(" \\\\\n\\midrule\n");
        for (List<String> r : rows) {
            sb.append(String.join(" & ", r.stream().map(Table::tex).toList())).append(" \\\\\n");
        }
        sb.append("\\bottomrule\n\\end{tabular}\n");
        return sb.toString();
    }

    /** An HTML {@code <table>} (cells escaped). */
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table>\n<caption>").append(Html.escape(title)).append("</caption>\n<thead><tr>");
        for (String h : header) {
            sb.append("<th>").append(Html.escape(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            for (String c : r) {
                sb.append("<td>").append(Html.escape(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    /** Writes {@code base.csv}, {@code base.md} and {@code base.tex} into {@code dir}. */
    public void writeAll(Path dir, String base) throws IOException {
        AtomicFiles.writeString(dir.resolve(base + ".csv"), toCsv());
        AtomicFiles.writeString(dir.resolve(base + ".md"), toMarkdown());
        AtomicFiles.writeString(dir.resolve(base + ".tex"), toLatex());
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    private static String tex(String s) {
        return s.replace("\\", "\\textbackslash{}").replace("&", "\\&").replace("%", "\\%").replace("_", "\\_")
                .replace("#", "\\#").replace("±", "$\\pm$").replace("Δ", "$\\Delta$").replace("ρ", "$\\rho$")
                .replace("λ", "$\\lambda$").replace("β", "$\\beta$");
    }
}
