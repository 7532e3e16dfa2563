package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.cli.PacingCommandTest.Result;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss schedule}: sequences match the library schedulers, and bad input exits 2 naming flag/file/line. */
class ScheduleCommandTest {

    @TempDir
    Path dir;

    private static Result run(String... args) {
        return PacingCommandTest.run(args);
    }

    private Path scoreFile(int n) throws IOException {
        StringBuilder sb = new StringBuilder("id,score\n");
        for (int i = 0; i < n; i++) {
            sb.append(String.format("s%03d,%s%n", i, Double.toString(((i * 37) % n) / (double) n)));
        }
        Path p = dir.resolve("scores.csv");
        Files.writeString(p, sb);
        return p;
    }

    private static double[] scores(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = ((i * 37) % n) / (double) n;
        }
        return s;
    }

    private static List<String> lines(String out) {
        return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
    }

    @Test
    void heuristicEpochMatchesLibraryAndPacing() throws IOException {
        int n = 100;
        Path f = scoreFile(n);
        Result r = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--epoch", "1", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        List<String> ids = lines(r.out());
        assertEquals(18, ids.size()); // floor(100 · 0.186414)
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(n).setPacing(PacingFunctions.root(0.1, 40)).setSeed(7)
                .optIds(java.util.stream.IntStream.range(0, n).mapToObj(i -> String.format("s%03d", i)).toArray(String[]::new))
                .build();
        h.updateScores(1, scores(n));
        String[] expected = Arrays.stream(h.sequence(1)).mapToObj(i -> String.format("s%03d", i)).toArray(String[]::new);
        assertArrayEquals(expected, ids.toArray(String[]::new));
        // the most balanced 18 samples: scores 0.82..0.99
        double[] s = scores(n);
        for (String id : ids) {
            assertTrue(s[Integer.parseInt(id.substring(1))] >= 0.82, id);
        }
        Result batch = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--epoch", "1", "--seed", "7",
                "--batch-size", "32");
        assertEquals(32, lines(batch.out()).size());
        Result full = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--epoch", "40", "--seed", "7");
        assertEquals(n, new HashSet<>(lines(full.out())).size());
    }

    @Test
    void learningReplaysRefreshesWithTheSameScores() throws IOException {
        int n = 50;
        Path f = scoreFile(n);
        Result r = run("schedule", "--scores", f.toString(), "--scheduler", "learning", "--transform", "linear",
                "--floor", "0.01", "--refresh-period", "2", "--beta", "0.5", "--epoch", "5", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(n).optRefreshPeriod(2).optBeta(0.5)
                .optTransform(ProbabilityTransform.linear(0.01)).setSeed(3).build();
        for (int t = 1; t <= 5; t += 2) {
            l.updateScores(t, scores(n));
        }
        String[] expected = Arrays.stream(l.sequence(5)).mapToObj(i -> String.format("s%03d", i)).toArray(String[]::new);
        assertArrayEquals(expected, lines(r.out()).toArray(String[]::new));
        Set<String> distinct = new HashSet<>(lines(r.out()));
        assertEquals(n, distinct.size(), "a weighted permutation visits every sample once");
        Result repl = run("schedule", "--scores", f.toString(), "--scheduler", "learning", "--replacement", "--epoch", "1",
                "--seed", "3");
        assertEquals(n, lines(repl.out()).size());
    }

    @Test
    void rawColumnFileUsesTheCriterion() throws IOException {
        Path f = dir.resolve("raw.csv");
        Files.writeString(f, "id,pred_sim,loss\na,0.9,1\nb,0.5,3\nc,0.1,5\nd,0.5,2\n");
        // pred-sim+loss scores 1, 0, -1, 0.25 → CL ranking a, d, b, c; λ = 1 at epoch 1 with T_grow 1
        Result r = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--t-grow", "1", "--epoch", "1",
                "--seed", "1", "--function", "linear");
        assertEquals(0, r.code(), r.err());
        assertEquals(Set.of("a", "b", "c", "d"), new HashSet<>(lines(r.out())));
        Result half = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--lambda0", "0.5", "--t-grow", "3",
                "--epoch", "1", "--seed", "1", "--function", "baby-step", "--bins", "1");
        assertEquals(Set.of("a", "d"), new HashSet<>(lines(half.out())));
        Result anti = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--lambda0", "0.5", "--t-grow", "3",
                "--epoch", "1", "--seed", "1", "--function", "baby-step", "--bins", "1", "--order", "anti-cl");
        assertEquals(Set.of("c", "b"), new HashSet<>(lines(anti.out())));
        Result lossOnly = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--lambda0", "0.25",
                "--t-grow", "3", "--epoch", "1", "--seed", "1", "--function", "baby-step", "--bins", "1", "--criterion", "loss");
        assertEquals(List.of("a"), lines(lossOnly.out()));
        // a run directory's score file: score column used as is unless --criterion/--normalization are given
        Path runDir = dir.resolve("epoch-001.csv");
        Files.writeString(runDir, "id,label,score,pred_sim,loss,speaker\na,0,-1,0.9,1,x\nb,1,1,0.5,3,y\nc,0,0,0.1,5,z\n"
                + "d,2,0.5,0.5,2,w\n");
        String[] half1 = {"schedule", "--scores", runDir.toString(), "--scheduler", "heuristic", "--lambda0", "0.25", "--t-grow", "3",
            "--epoch", "1", "--seed", "1", "--function", "baby-step", "--bins", "1"};
        assertEquals(List.of("b"), lines(run(half1).out()), "score column: b has the highest score");
        assertEquals(List.of("a"), lines(run(join(half1, "--criterion", "pred-sim+loss")).out()), "recomputed from raw");
        Result missing = run("schedule", "--scores", f.toString(), "--scheduler", "heuristic", "--epoch", "1", "--seed", "1",
                "--criterion", "feat-sim");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("feat_sim"), missing.err());
    }

    @Test
    void badInputExitsTwo() throws IOException {
        Path ok = scoreFile(10);
        String[] base = {"schedule", "--scheduler", "heuristic", "--epoch", "1", "--seed", "1", "--scores"};
        assertBad(join(base, ok.toString(), "--function", "cubic"), "--function");
        assertBad(join(base, ok.toString(), "--lambda0", "0"), "--lambda0");
        assertBad(join(base, ok.toString(), "--t-grow", "0"), "--t-grow");
        assertBad(join(base, ok.toString(), "--criterion", "loss"), "--criterion");
        Path noColumn = dir.resolve("nocol.csv");
        Files.writeString(noColumn, "id,label\na,1\n");
        assertBad(join(base, noColumn.toString()), "missing column");
        assertBad(new String[] {"schedule", "--scheduler", "fancy", "--epoch", "1", "--seed", "1", "--scores", ok.toString()},
                "--scheduler");
        assertBad(new String[] {"schedule", "--scheduler", "learning", "--epoch", "1", "--seed", "1", "--scores", ok.toString(),
            "--transform", "cubic"}, "--transform");
        assertBad(new String[] {"schedule", "--scheduler", "learning", "--epoch", "1", "--seed", "1", "--scores", ok.toString(),
            "--beta", "2"}, "--beta");
        assertBad(join(base, ok.toString(), "--epoch", "0"), "--epoch");

        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertBad(join(base, empty.toString()), "empty.csv");
        Path malformed = dir.resolve("malformed.csv");
        Files.writeString(malformed, "id,score\na,0.1\nb,x\n");
        assertBad(join(base, malformed.toString()), "malformed.csv:3");
        Path dup = dir.resolve("dup.csv");
        Files.writeString(dup, "id,score\na,0.1\na,0.2\n");
        assertBad(join(base, dup.toString()), "duplicate id 'a'");
        Path nan = dir.resolve("nan.csv");
        Files.writeString(nan, "id,score\na,0.1\nb,NaN\n");
        assertBad(join(base, nan.toString()), "nan.csv:3");
        assertBad(join(base, dir.resolve("absent.csv").toString()), "absent.csv");
    }

    private static String[] join(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static void assertBad(String[] args, String mustMention) {
        Result r = run(args);
        assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("bss: ") && first.contains(mustMention), "first error line should name " + mustMention + ": " + r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
    }
}
