package dev.bss.experiments.report;

import dev.bss.experiments.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A self-contained HTML report: headings, paragraphs, tables and PNG images embedded as {@code data:}
 * URIs (so the one file can be mailed or archived), a provenance table and the data caveats every
 * report must state (machine-synthesised speech, dataset credits).
 */
public final class HtmlReport {

    /** Caveats and credits printed at the end of every report. */
    public static final String DATA_CAVEATS = "AV-digits speech is machine-synthesised with eSpeak NG (synthetic speakers:"
            + " accent, voice variant, pitch and rate; train and test speakers disjoint), not recorded speech, so results"
            + " say nothing about real audio-visual data. Images are MNIST digits (Y. LeCun, C. Cortes, C. J. C. Burges;"
            + " CC BY-SA 3.0). Emoji data: emoji-datasource and emojilib (MIT), Google (Apache-2.0) / Twitter (CC-BY-4.0)"
            + " images. The synthetic dataset is generated from the run seed. Numbers from the paper (CREMA-D, Kinetics-Sounds,"
            + " ...) are not comparable with these.";

    private final String title;
    private final StringBuilder body = new StringBuilder();

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(Html.escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport subheading(String text) {
        body.append("<h3>").append(Html.escape(text)).append("</h3>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(Html.escape(text)).append("</p>\n");
        return this;
    }

    public HtmlReport preformatted(String text) {
        body.append("<pre>").append(Html.escape(text)).append("</pre>\n");
        return this;
    }

    public HtmlReport table(Table table) {
        body.append(table.toHtml());
        return this;
    }

    /** Embeds a PNG file (skipped with a note when it does not exist). */
    public HtmlReport image(Path png, String caption) throws IOException {
        if (!Files.isRegularFile(png)) {
            body.append("<p class=\"missing\">(plot not available: ").append(Html.escape(caption)).append(")</p>\n");
            return this;
        }
        String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        body.append("<figure><img alt=\"").append(Html.escape(caption)).append("\" src=\"data:image/png;base64,")
                .append(b64).append("\"><figcaption>").append(Html.escape(caption)).append(" (<code>")
                .append(Html.escape(png.getFileName().toString())).append("</code>)</figcaption></figure>\n");
        return this;
    }

    /** A two-column table of facts. */
    public HtmlReport facts(String caption, Map<String, String> facts) {
        Table t = new Table(caption, java.util.List.of("key", "value"));
        facts.forEach((k, v) -> t.addRow(java.util.List.of(k, v == null ? "" : v)));
        return table(t);
    }

    /** The full HTML text, ending with the data caveats. */
    public String toHtml() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0;font-size:0.9em}caption{text-align:left;font-weight:bold;padding:4px 0}"
                + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}"
                + "img{max-width:100%;border:1px solid #eee}figure{margin:1em 0}figcaption{font-size:0.85em;color:#555}"
                + ".caveat{background:#fff8e1;border-left:4px solid #f0ad4e;padding:0.5em 1em}pre{background:#f6f6f6;padding:0.5em}</style>\n"
                + "</head><body>\n<h1>" + Html.escape(title) + "</h1>\n<p>Generated " + Instant.now() + " by bss.</p>\n"
                + body + "<h2>Data caveats and credits</h2>\n<p class=\"caveat\">" + Html.escape(DATA_CAVEATS) + "</p>\n</body></html>\n";
    }

    /** Writes the report atomically. */
    public Path write(Path file) throws IOException {
        AtomicFiles.writeString(file, toHtml());
        return file;
    }
}
