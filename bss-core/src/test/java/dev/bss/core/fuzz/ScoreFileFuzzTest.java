package dev.bss.core.fuzz;

import dev.bss.testkit.Mutator;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.core.io.ScoreFile;
import dev.bss.core.io.ScoreFileFormatException;
import dev.bss.core.measure.RawColumn;
import dev.bss.core.measure.SampleStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Score files ({@link ScoreFile}): generated tables round-trip exactly; mutated files either parse into a
 * consistent table of finite numbers or fail with {@link ScoreFileFormatException} naming the file (and the
 * line when it is line-specific). Anything else escaping is a bug.
 */
class ScoreFileFuzzTest {

    private static final FuzzStats MUTATED = new FuzzStats("score-file (mutated CSV)");
    private static final FuzzStats GENERATED = new FuzzStats("score-file (generated, round trip)");
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("bss-fuzz-scores");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Property
    void generatedTablesRoundTripExactly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] ids = new String[n];
        double[] scores = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "s" + i + (rng.nextBoolean() ? "_x" : "");
            scores[i] = randomFinite(rng);
            loss[i] = randomFinite(rng);
        }
        Path f = DIR.resolve("generated.csv");
        ScoreFile.writeScores(f, ids, scores);
        ScoreFile back = ScoreFile.read(f);
        assertArrayEquals(ids, back.ids());
        assertArrayEquals(scores, back.scores().orElseThrow());

        SampleStatistics stats = SampleStatistics.builder().setIds(ids).optLoss(loss).optPredictionSimilarity(scores).build();
        ScoreFile.writeStatistics(f, stats);
        SampleStatistics raw = ScoreFile.read(f).statistics().orElseThrow();
        assertArrayEquals(loss, raw.column(RawColumn.LOSS).orElseThrow());
        assertArrayEquals(scores, raw.column(RawColumn.PREDICTION_SIMILARITY).orElseThrow());
        GENERATED.accepted();
    }

    @Property
    void mutatedFilesParseOrFailTyped(@ForAll long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        String valid = validText(rng);
        byte[] bytes = rng.nextBoolean() ? Mutator.mutate(valid.getBytes(java.nio.charset.StandardCharsets.UTF_8), seed, 4)
                : Mutator.mutateText(valid, seed, 4);
        Path f = DIR.resolve("mutated.csv");
        Files.write(f, bytes);
        ScoreFile table;
        try {
            table = ScoreFile.read(f);
        } catch (ScoreFileFormatException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), "error must name the file: " + e.getMessage());
            if (e.line() > 0) {
                assertTrue(e.getMessage().startsWith(f + ":" + e.line() + ":"), "error must name the line: " + e.getMessage());
            }
            assertEquals(f, e.file());
            MUTATED.rejected(e);
            return;
        }
        // accepted: the table must be internally consistent and hold only finite numbers
        assertTrue(table.size() >= 1);
        Set<String> ids = new HashSet<>();
        for (String id : table.ids()) {
            assertFalse(id.isEmpty());
            assertTrue(ids.add(id), "duplicate id accepted: " + id);
        }
        if (table.hasScores()) {
            double[] s = table.scores().orElseThrow();
            assertEquals(table.size(), s.length);
            for (double v : s) {
                assertTrue(Double.isFinite(v), "non-finite score accepted");
            }
        } else {
            SampleStatistics st = table.statistics().orElseThrow();
            assertEquals(table.size(), st.size());
            for (RawColumn c : st.columns()) {
                for (double v : st.column(c).orElseThrow()) {
                    assertTrue(Double.isFinite(v), "non-finite " + c + " accepted");
                }
            }
        }
        MUTATED.accepted();
    }

    private static String validText(SplittableRandom rng) {
        StringBuilder sb = new StringBuilder();
        if (rng.nextInt(4) == 0) {
            sb.append("# written by a test\n");
        }
        boolean raw = rng.nextBoolean();
        sb.append(raw ? "id,pred_sim,loss\n" : "id,score\n");
        int n = 1 + rng.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append("s").append(i).append(',').append(randomFinite(rng));
            if (raw) {
                sb.append(',').append(randomFinite(rng));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static double randomFinite(SplittableRandom rng) {
        switch (rng.nextInt(6)) {
            case 0:
                return 0.0;
            case 1:
                return -0.0;
            case 2:
                return Double.longBitsToDouble(rng.nextLong() & 0x7fefffffffffffffL) * (rng.nextBoolean() ? 1 : -1);
            case 3:
                return Double.MIN_VALUE * rng.nextInt(1000);
            default:
                return rng.nextDouble() * 2 - 1;
        }
    }

    @AfterContainer
    static void report() throws IOException {
        GENERATED.print();
        MUTATED.print();
        try (var s = Files.list(DIR)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(DIR);
    }
}
