package dev.bss.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCodecTest {

    @TempDir
    Path tmp;

    @Test
    void writesRfc4180WithMinimalQuotingAndReadsItBack() throws Exception {
        String text = CsvCodec.write(List.of("id", "note"), List.of(List.of("a", "snr=-6,sigma=0.1"), List.of("b\"q", "x\ny")));
        assertEquals("id,note\na,\"snr=-6,sigma=0.1\"\n\"b\"\"q\",\"x\ny\"\n", text);
        List<CsvCodec.Row> rows = CsvCodec.read(text, CsvCodec.Dialect.TABLE);
        assertEquals(List.of("a", "snr=-6,sigma=0.1"), rows.get(1).cells());
        assertEquals(List.of("b\"q", "x\ny"), rows.get(2).cells());
        assertEquals(List.of(1L, 2L, 4L), rows.stream().map(CsvCodec.Row::line).toList(), "a row keeps the line it ends on");
    }

    @Test
    void lineNumbersCountBlankAndCommentLinesAndTheBomIsDropped() throws Exception {
        List<CsvCodec.Row> rows = CsvCodec.read("\uFEFFid,score\n\n# note\n s1 , 0.5\ns2,1", CsvCodec.Dialect.SCORES);
        assertEquals(List.of("id", "score"), rows.get(0).cells());
        assertEquals(List.of("s1", "0.5"), rows.get(1).cells(), "SCORES trims cells");
        assertEquals(List.of(1L, 4L, 5L), rows.stream().map(CsvCodec.Row::line).toList());
    }

    @Test
    void malformedQuotingNamesTheLine() {
        CsvCodec.SyntaxException e = assertThrows(CsvCodec.SyntaxException.class,
                () -> CsvCodec.read("id,score\ns1,0.5\n\"s2,0.7\n", CsvCodec.Dialect.TABLE));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("EOF"), e.getMessage());
    }

    @Test
    void tabDialectWithoutQuotesKeepsQuotesAsCharacters() throws Exception {
        List<CsvCodec.Row> rows = CsvCodec.read("a\t\"b\tc\n", new CsvCodec.Dialect('\t', false, false, false));
        assertEquals(List.of("a", "\"b", "c"), rows.get(0).cells());
        assertThrows(IllegalArgumentException.class, () -> new CsvCodec.Dialect('\n', false, false, false));
    }

    @Property(tries = 200)
    void anyCellsRoundTrip(@ForAll @Size(min = 1, max = 4) List<@Size(max = 6) String> cells) throws Exception {
        List<String> row = cells.stream().map(c -> c.replace("\r", "").replace("\uFEFF", "")).toList();
        // a row of one empty cell is a blank line: the codec (like RFC 4180 readers) skips it
        if (row.size() == 1 && row.get(0).isEmpty()) {
            return;
        }
        List<CsvCodec.Row> back = CsvCodec.read(CsvCodec.write(List.of("h"), List.of(row)), CsvCodec.Dialect.TABLE);
        assertEquals(row, back.get(1).cells());
    }

    @Test
    void scoreFileReadsQuotedIdsWithCommasAndWritesThemQuoted() throws Exception {
        Path f = tmp.resolve("s.csv");
        ScoreFile.writeScores(f, new String[] {"a,1", "b"}, new double[] {0.5, -1});
        assertEquals("id,score\n\"a,1\",0.5\nb,-1.0\n", Files.readString(f));
        ScoreFile back = ScoreFile.read(f);
        assertArrayEquals(new String[] {"a,1", "b"}, back.ids());
        Files.writeString(f, "id,score\n\"a,0.5\n");
        ScoreFileFormatException e = assertThrows(ScoreFileFormatException.class, () -> ScoreFile.read(f));
        assertTrue(e.getMessage().contains(f + ":2"), e.getMessage());
    }
}
