package dev.bss.experiments.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.experiments.run.AtomicFiles;
import dev.bss.experiments.run.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run-directory files are replaced atomically ({@link AtomicFiles}: temporary sibling + rename): a reader that
 * parses {@code metrics.csv} while it is rewritten over and over (growing and shrinking) always sees one
 * complete version, and no temporary file is left behind.
 */
class AtomicWritesTest {

    @TempDir
    Path dir;

    private static String metrics(int rows) {
        String header = String.join(",", MetricsCsv.header(List.of("audio", "image")));
        StringBuilder sb = new StringBuilder(header).append('\n');
        int cols = header.split(",").length;
        for (int e = 1; e <= rows; e++) {
            sb.append(e);
            for (int c = 1; c < cols; c++) {
                sb.append(',').append(0.001 * e * c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void aReaderNeverSeesAPartialMetricsFile() throws Exception {
        Path f = dir.resolve("metrics.csv");
        String small = metrics(2);
        String large = metrics(400);
        AtomicFiles.writeString(f, small);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    int rows = MetricsCsv.read(f).rows().size();
                    assertTrue(rows == 2 || rows == 400, "partial file with " + rows + " rows");
                    reads.incrementAndGet();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                }
            }
        });
        reader.start();
        for (int i = 0; i < 300 && failure.get() == null; i++) {
            AtomicFiles.writeString(f, i % 2 == 0 ? large : small);
        }
        done.set(true);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError("reader saw a partial metrics.csv after " + reads.get() + " good reads", failure.get());
        }
        assertTrue(reads.get() > 0);
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "temporary files left behind");
        }
    }
}
