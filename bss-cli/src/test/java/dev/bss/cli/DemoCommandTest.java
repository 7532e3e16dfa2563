package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss demo} on the built-in synthetic dataset (no preparation), one tiny epoch. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void demoPrintsTheTableAndWritesTheReport() throws Exception {
        Path dir = tmp.resolve("demo");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = TrainCommandTest.run(out, new ByteArrayOutputStream(), "demo", "--dataset", "synthetic", "--epochs", "1",
                "--train-limit", "0", "--set",
                "dataset-options={train-size: 40, val-size: 12, test-size: 12, classes: 2, audio-shape: 1x8x8, image-shape: 1x8x8}",
                "--set", "batch-size=10", "--out", dir.toString());
        assertEquals(0, rc, out.toString());
        String text = out.toString();
        for (String s : new String[] {"ACC %", "MAP %", "macro-F1 %", "ACC audio %", "ACC image %", "vanilla-uni", "BSS-H", "BSS-L"}) {
            assertTrue(text.contains(s), "table lacks " + s + ":\n" + text);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<table>") && html.contains("data:image/png;base64,") && html.contains("eSpeak NG"));
    }
}
