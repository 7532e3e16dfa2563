package dev.bss.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.core.measure.RawColumn;
import dev.bss.core.measure.SampleStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, writing and every reported format error (file and line named). */
class ScoreFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private ScoreFileFormatException fails(String content) throws IOException {
        Path p = write("bad.csv", content);
        ScoreFileFormatException e = assertThrows(ScoreFileFormatException.class, () -> ScoreFile.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void readsScores() throws IOException {
        ScoreFile f = ScoreFile.read(write("s.csv", "# comment\nid,score\na, 0.5\n\nb,-1e-3\nc,2\n"));
        assertTrue(f.hasScores());
        assertArrayEquals(new String[] {"a", "b", "c"}, f.ids());
        assertArrayEquals(new double[] {0.5, -0.001, 2}, f.scores().orElseThrow(), 0.0);
        assertTrue(f.statistics().isEmpty());
    }

    @Test
    void readsRawColumnsInAnyOrder() throws IOException {
        ScoreFile f = ScoreFile.read(write("r.csv", "id,loss,pred_sim\nx,1.5,0.9\ny,0.2,0.1\n"));
        SampleStatistics s = f.statistics().orElseThrow();
        assertArrayEquals(new double[] {1.5, 0.2}, s.loss().orElseThrow(), 0.0);
        assertArrayEquals(new double[] {0.9, 0.1}, s.predictionSimilarity().orElseThrow(), 0.0);
        assertTrue(!s.has(RawColumn.FEATURE_SIMILARITY));
    }

    @Test
    void runDirectoryScoreFileIgnoresOtherColumns() throws IOException {
        ScoreFile f = ScoreFile.read(write("epoch-001.csv",
                "id,label,score,pred_sim,loss,speaker\na,0,0.25,0.9,1.5,alice\nb,1,-0.5,0.1,2,bob\n"));
        assertArrayEquals(new double[] {0.25, -0.5}, f.scores().orElseThrow(), 0.0);
        SampleStatistics s = f.statistics().orElseThrow();
        assertArrayEquals(new double[] {0.9, 0.1}, s.predictionSimilarity().orElseThrow(), 0.0);
        assertArrayEquals(new double[] {1.5, 2}, s.loss().orElseThrow(), 0.0);
        // ignored columns are not validated, read ones are
        assertTrue(fails("id,label,score\na,NaN,x\n").getMessage().contains("column 'score'"));
    }

    @Test
    void writeReadRoundTripIsExact() {
        Path p = dir.resolve("w.csv");
        double[] v = {0.1 + 0.2, -1.0 / 3, 1e-300};
        ScoreFile.writeScores(p, new String[] {"a", "b", "c"}, v);
        assertArrayEquals(v, ScoreFile.read(p).scores().orElseThrow(), 0.0);
        SampleStatistics s = SampleStatistics.builder().setIds(new String[] {"a", "b"}).optLoss(new double[] {1, 2})
                .optGradientMagnitude(new double[] {3, 4}).build();
        Path q = dir.resolve("raw.csv");
        ScoreFile.writeStatistics(q, s);
        assertArrayEquals(new double[] {3, 4}, ScoreFile.read(q).statistics().orElseThrow().gradientMagnitude().orElseThrow(), 0.0);
    }

    @Test
    void errorsNameFileAndLine() throws IOException {
        assertTrue(fails("").getMessage().contains("empty score file"));
        assertTrue(fails("\n# only a comment\n").getMessage().contains("empty"));
        assertTrue(fails("id,score\n").getMessage().contains("no data rows"));
        ScoreFileFormatException malformed = fails("id,score\na,0.5\nb,zero\n");
        assertEquals(3, malformed.line());
        assertTrue(malformed.getMessage().contains(":3:") && malformed.getMessage().contains("malformed number 'zero'"));
        ScoreFileFormatException dup = fails("id,score\na,0.5\nb,1\na,2\n");
        assertEquals(4, dup.line());
        assertTrue(dup.getMessage().contains("duplicate id 'a'") && dup.getMessage().contains("line 2"));
        ScoreFileFormatException nan = fails("id,score\na,NaN\n");
        assertEquals(2, nan.line());
        assertTrue(nan.getMessage().contains("NaN"));
        assertTrue(fails("id,score\na,Infinity\n").getMessage().contains("Infinity"));
        assertTrue(fails("id\na\n").getMessage().contains("missing column"));
        assertTrue(fails("sample,score\na,1\n").getMessage().contains("'id'"));
        assertTrue(fails("id,scor\na,1\n").getMessage().contains("missing column"));
        assertTrue(fails("id,label\na,1\n").getMessage().contains("neither 'score' nor a raw column"));
        assertTrue(fails("id,loss,loss\na,1,2\n").getMessage().contains("duplicate column"));
        assertEquals(3, fails("id,loss,pred_sim\na,1,2\nb,1\n").line());
        assertTrue(fails("id,score\n,1\n").getMessage().contains("empty id"));
        assertTrue(fails("id,score\na,\n").getMessage().contains("malformed number"));
        Path missing = dir.resolve("nope.csv");
        assertTrue(assertThrows(ScoreFileFormatException.class, () -> ScoreFile.read(missing)).getMessage().contains("not found"));
    }
}
