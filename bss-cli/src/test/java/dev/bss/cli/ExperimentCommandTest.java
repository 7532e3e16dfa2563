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
            "--epochs", "1", "--workers", "1", "--out", dir.toString()}, TrainCommandTest.TINY);
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

    @Test
    void twoWorkersShareATinySuite() throws Exception {
        Path dir = tmp.resolve("two");
        String[] args = TrainCommandTest.concat(new String[] {"experiment", "case-study", "--dataset", "synthetic", "--seeds", "1",
            "--epochs", "1", "--workers", "2", "--out", dir.toString()}, TrainCommandTest.TINY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), args), out.toString());
        String s = out.toString();
        assertTrue(s.contains("2 workers x 1 engine thread(s)") || s.contains("2 workers x "), s);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[worker ([12])\\] case-study: (\\d+) runs trained, (\\d+) already finished,"
                + " (\\d+) left to other processes, 0 failed").matcher(s);
        int trained = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (m.find()) {
            seen.add(m.group(1));
            trained += Integer.parseInt(m.group(2));
        }
        assertEquals(java.util.Set.of("1", "2"), seen, s);
        long runs;
        try (java.util.stream.Stream<Path> w = Files.walk(dir.resolve("runs"))) {
            runs = w.filter(f -> f.getFileName().toString().equals("final.json")).count();
        }
        assertTrue(runs >= 2, "runs finished: " + runs);
        assertEquals(runs, trained, "each run trained by exactly one worker: " + s);
        assertTrue(Files.readString(dir.resolve(Path.of("runs")).resolveSibling("report.html")).contains("<table>"));
        // every child got one engine thread on a 2-core machine, or cores/2 elsewhere, through the spec's threads key
        assertTrue(s.contains("[worker 1] "), s);
    }

    @Test
    void workersMustBePositive() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TrainCommandTest.run(new ByteArrayOutputStream(), err, "experiment", "case-study", "--workers", "0",
                "--out", tmp.toString()));
        assertTrue(err.toString().contains("--workers must be >= 1, got 0"), err.toString());
    }
}
