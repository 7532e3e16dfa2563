package dev.bss.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TarGz} on archives laid out like {@code npm pack}'s: long names, selection, traversal, truncation. */
class TarGzTest {

    @TempDir
    Path tmp;

    private Path archive(String... nameThenContent) throws Exception {
        Path a = tmp.resolve("p.tgz");
        try (OutputStream os = Files.newOutputStream(a); GzipCompressorOutputStream gz = new GzipCompressorOutputStream(os);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < nameThenContent.length; i += 2) {
                byte[] data = nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(nameThenContent[i]);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return a;
    }

    @Test
    void extractsTheSelectedRegularFilesIncludingLongNames() throws Exception {
        String longName = "package/" + "d".repeat(120) + "/train-images.idx";
        Path a = archive("package/package.json", "{}", longName, "pixels", "package/README.md", "skip me");
        Path out = tmp.resolve("out");
        List<String> got = TarGz.extract(a, out, n -> !n.endsWith(".md"));
        assertEquals(List.of("package/package.json", longName), got);
        assertEquals("pixels", Files.readString(out.resolve(longName)));
        assertFalse(Files.exists(out.resolve("package/README.md")));
    }

    @Test
    void refusesEntriesOutsideTheTargetAndCorruptArchivesWithTheFileNamed() throws Exception {
        Path evil = archive("package/../../evil.txt", "x");
        DataFormatException e = assertThrows(DataFormatException.class, () -> TarGz.extract(evil, tmp.resolve("o1"), n -> true));
        assertTrue(e.getMessage().contains("outside the target"), e.getMessage());

        Path a = archive("package/big.bin", "y".repeat(5000));
        byte[] all = Files.readAllBytes(a);
        Path cut = tmp.resolve("cut.tgz");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        DataFormatException t = assertThrows(DataFormatException.class, () -> TarGz.extract(cut, tmp.resolve("o2"), n -> true));
        assertTrue(t.getMessage().startsWith(cut.toString()), t.getMessage());

        Path notGz = tmp.resolve("plain.tgz");
        Files.writeString(notGz, "not an archive");
        DataFormatException g = assertThrows(DataFormatException.class, () -> TarGz.extract(notGz, tmp.resolve("o3"), n -> true));
        assertTrue(g.getMessage().contains("gzip"), g.getMessage());
    }
}
