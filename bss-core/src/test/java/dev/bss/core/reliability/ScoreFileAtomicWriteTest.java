package dev.bss.core.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bss.core.io.ScoreFile;
import dev.bss.core.measure.SampleStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A score-file write that fails part-way must leave the previous file intact (no truncated table that
 * still parses with fewer rows), and leaves no temporary file behind.
 */
class ScoreFileAtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void failedScoreWriteKeepsThePreviousFile() throws IOException {
        Path f = dir.resolve("scores.csv");
        String[] ids = IntStream.range(0, 10).mapToObj(i -> "s" + i).toArray(String[]::new);
        double[] good = IntStream.range(0, 10).mapToDouble(i -> i / 10.0).toArray();
        ScoreFile.writeScores(f, ids, good);
        byte[] before = Files.readAllBytes(f);

        double[] bad = good.clone();
        bad[7] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> ScoreFile.writeScores(f, ids, bad));
        assertArrayEquals(before, Files.readAllBytes(f), "the old score file was overwritten by a partial one");
        assertArrayEquals(good, ScoreFile.read(f).scores().orElseThrow());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "temporary files left behind");
        }
    }

    @Test
    void failedStatisticsWriteKeepsThePreviousFile() throws IOException {
        Path f = dir.resolve("raw.csv");
        String[] ids = {"a", "b", "c"};
        ScoreFile.writeStatistics(f, SampleStatistics.builder().setIds(ids).optLoss(new double[] {1, 2, 3}).build());
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalArgumentException.class, () -> ScoreFile.writeStatistics(f,
            SampleStatistics.builder().setIds(ids).optLoss(new double[] {1, 2, Double.POSITIVE_INFINITY}).build()));
        assertArrayEquals(before, Files.readAllBytes(f));
    }
}
