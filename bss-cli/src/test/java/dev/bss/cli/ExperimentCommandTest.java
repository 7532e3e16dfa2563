package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss experiment} through {@link Main#run}. */
class ExperimentCommandTest {

    @TempDir
    Path tmp;

    @Test
    void unknownSuiteIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TrainCommandTest.run(new ByteArrayOutputStream(), err, "experiment", "nope", "--out", tmp.toString()));
        assertTrue(err.toString().contains("allowed: main, criteria, pacing"), err.toString());
    }

    @Test
    void pacingCurvesNeedNoTrainingNorData() throws Exception {
        Path dir = tmp.resolve("pc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), "experiment", "pacing-curves", "--out", dir.toString()));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<table>") && html.contains("data:image/png;base64,"));
        assertTrue(Files.isRegularFile(dir.resolve("tables/pacing-values.csv")));
    }

    @Test
    void tinyCaseStudyOnSynthetic() throws Exception {
        Path dir = tmp.resolve("case-study");
        String[] args = TrainCommandTest.concat(new String[] {"experiment", "case-study", "--dataset", "synthetic", "--seeds", "1",
            "--epochs", "1", "--out", dir.toString()}, TrainCommandTest.TINY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), args), out.toString());
        assertTrue(out.toString().contains("0 failed"), out.toString());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("score trajectories") && html.contains("case-study-trajectories.png"), "trajectory plot missing");
        assertTrue(html.contains("-audio.png") && html.contains("-image.png"), "sample images (spectrogram, image) missing");
        // second invocation skips everything
        out.reset();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), args));
        assertTrue(out.toString().contains("0 runs trained"), out.toString());
    }
}
