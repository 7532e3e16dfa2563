package dev.bss.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Well-formedness checks of suite outputs (not their values). */
public final class OutputChecks {

    private OutputChecks() {
    }

    /** Every PNG under {@code dir} decodes with ImageIO to a non-empty image; returns how many. */
    public static int pngsDecode(Path dir) throws IOException {
        List<Path> pngs;
        try (Stream<Path> s = Files.walk(dir)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
        }
        for (Path p : pngs) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertNotNull(img, p + " does not decode");
            assertTrue(img.getWidth() > 10 && img.getHeight() > 10, p + " is too small");
        }
        return pngs.size();
    }

    /** Every CSV under {@code dir} has the same number of cells in each row as in its header. */
    public static int csvsRectangular(Path dir) throws IOException {
        List<Path> csvs;
        try (Stream<Path> s = Files.walk(dir)) {
            csvs = s.filter(p -> p.toString().endsWith(".csv")).toList();
        }
        for (Path p : csvs) {
            List<String> lines = Files.readAllLines(p);
            assertFalse(lines.isEmpty(), p + " is empty");
            int cols = cells(lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                assertEquals(cols, cells(lines.get(i)), p + ":" + (i + 1) + " has the wrong number of cells");
            }
        }
        return csvs.size();
    }

    private static int cells(String line) {
        int n = 1;
        boolean q = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                q = !q;
            } else if (c == ',' && !q) {
                n++;
            }
        }
        return n;
    }

    /** No temporary files of atomic writes are left behind. */
    public static void noTemporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    /** The report is HTML with at least one table and one embedded PNG per {@code minImages}. */
    public static String reportWellFormed(Path html, int minImages) throws IOException {
        String text = Files.readString(html);
        assertTrue(text.startsWith("<!DOCTYPE html>"), "not HTML");
        assertTrue(text.trim().endsWith("</html>"), "truncated");
        assertTrue(text.contains("<table>"), "no table");
        assertTrue(text.contains("eSpeak NG") && text.contains("MNIST"), "data caveats missing");
        int imgs = text.split("src=\"data:image/png;base64,", -1).length - 1;
        assertTrue(imgs >= minImages, "expected at least " + minImages + " images, found " + imgs);
        return text;
    }
}
