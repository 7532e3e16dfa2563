package dev.bss.data.io;

import dev.bss.data.DataFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts regular files from the gzip-compressed tar archives that {@code npm pack} produces, with Apache Commons
 * Compress (already on the classpath through DJL), which handles ustar prefixes, PAX and GNU long names and sparse
 * or base-256 sizes. Entry names are checked so that nothing is written outside the target folder.
 */
public final class TarGz {

    private TarGz() {
    }

    /**
     * Extracts the regular files whose names {@code select} accepts into {@code target}, keeping their
     * relative paths.
     *
     * @return the names extracted
     * @throws DataFormatException when the archive is not gzip/tar, is truncated or holds an entry that points outside
     *     {@code target}
     */
    public static List<String> extract(Path archive, Path target, Predicate<String> select) throws IOException {
        List<String> extracted = new ArrayList<>();
        Path root = target.normalize();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                GzipCompressorInputStream gz = gunzip(archive, raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                if (!e.isFile() || !select.test(name)) {
                    continue;
                }
                Path out = root.resolve(name).normalize();
                if (!out.startsWith(root) || out.equals(root)) {
                    throw new DataFormatException(archive, "entry '" + name + "' points outside the target folder");
                }
                Files.createDirectories(out.getParent());
                long copied = Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                if (copied != e.getSize()) {
                    throw new DataFormatException(archive, "archive ends inside entry '" + name + "' (" + copied + " of "
                            + e.getSize() + " bytes)");
                }
                extracted.add(name);
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // Commons Compress reports truncation and bad headers as IOException (EOFException, "Error detected parsing
            // the header", corrupt gzip) and some header fields as IllegalArgumentException
            throw new DataFormatException(archive, "corrupt or truncated archive (" + e.getMessage() + ")", e);
        }
        return extracted;
    }

    private static GzipCompressorInputStream gunzip(Path archive, InputStream raw) throws IOException {
        try {
            return new GzipCompressorInputStream(raw, true);
        } catch (IOException e) {
            throw new DataFormatException(archive, "not a gzip archive (" + e.getMessage() + ")", e);
        }
    }
}
