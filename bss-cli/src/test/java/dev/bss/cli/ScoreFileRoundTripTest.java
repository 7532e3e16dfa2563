package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.cli.PacingCommandTest.Result;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.ScoreCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's own score file goes straight into {@code bss schedule}: {@code bss train} on a dataset whose ids and
 * metadata cells hold commas and quotes ({@link CommaMetadataProvider}) writes {@code scores/epoch-001.csv} with
 * RFC 4180 quoting, and {@code bss schedule --scores} reads it with the same codec and prints the sequence the
 * library's scheduler draws from that file's ids and scores.
 */
class ScoreFileRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void aRunsScoreFileWithCommasInMetadataFeedsBssSchedule() throws Exception {
        Path dir = tmp.resolve("run");
        Result train = PacingCommandTest.run("train", "--set", "dataset=comma-synthetic", "--set",
                "dataset-options={train-size: 40, val-size: 12, test-size: 12, classes: 2, audio-shape: 1x8x8, image-shape: 1x8x8}",
                "--set", "method=bss-h", "--set", "epochs=1", "--set", "batch-size=10", "--set", "outputs.per-sample-scores=true",
                "--out", dir.toString());
        assertEquals(0, train.code(), train.err());
        Path scores = RunDirectory.scoresFile(dir, 1);
        String text = Files.readString(scores);
        assertTrue(text.contains("\"snr=-6,sigma=0.3 \"\"x\"\"\""), "metadata cell quoted as RFC 4180:\n" + text);

        ScoreCsv csv = ScoreCsv.read(scores);
        String[] ids = csv.ids().toArray(String[]::new);
        assertTrue(ids[0].endsWith(",c"), ids[0]);
        assertEquals(40, ids.length);
        Result r = PacingCommandTest.run("schedule", "--scores", scores.toString(), "--scheduler", "heuristic", "--epoch", "3",
                "--seed", "5", "--batch-size", "10");
        assertEquals(0, r.code(), r.err());
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(ids.length).setPacing(PacingFunctions.root(0.1, 40))
                .optMinimumSubset(10).optIds(ids).setSeed(5).build();
        h.updateScores(1, csv.numeric("score"));
        String[] expected = Arrays.stream(h.sequence(3)).mapToObj(i -> ids[i]).toArray(String[]::new);
        assertArrayEquals(expected, List.of(r.out().strip().split("\\R")).toArray(String[]::new));
    }
}
