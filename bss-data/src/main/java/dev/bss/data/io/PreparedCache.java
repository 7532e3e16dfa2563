package dev.bss.data.io;

import dev.bss.data.DataFormatException;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.MultimodalDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writing and loading prepared dataset folders ({@code manifest.json} + one {@link SplitFile} per
 * split). A prepare writes into a temporary sibling folder and renames it into place only at the end,
 * so a failed prepare never leaves a folder a later run would trust.
 */
public final class PreparedCache {

    private PreparedCache() {
    }

    /** A fresh temporary folder beside {@code target}. */
    public static Path temporaryFor(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
    }

    /**
     * Moves the finished {@code tmp} folder to {@code target}, replacing an older one (moved aside
     * first, then deleted).
     */
    public static void commit(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            NpmPackages.deleteTree(old);
        }
    }

    /**
     * Loads a prepared folder.
     *
     * @param dir the folder holding {@code manifest.json}
     * @param expectedDataset the dataset id the manifest must carry
     * @param verify recompute every file's SHA-256 against the manifest
     * @param prepareHint the command that prepares this dataset, quoted in the error when it is missing
     */
    public static DatasetSplits load(Path dir, String expectedDataset, boolean verify, String prepareHint) throws IOException {
        if (!Files.isRegularFile(dir.resolve(CacheManifest.FILE_NAME))) {
            throw new IllegalArgumentException("dataset '" + expectedDataset + "' is not prepared at " + dir
                    + " (no " + CacheManifest.FILE_NAME + "); prepare it with: " + prepareHint);
        }
        CacheManifest m = CacheManifest.read(dir);
        if (!expectedDataset.equals(m.dataset())) {
            throw new DataFormatException(dir.resolve(CacheManifest.FILE_NAME),
                    "holds dataset '" + m.dataset() + "', expected '" + expectedDataset + "'");
        }
        try {
            if (verify) {
                List<String> problems = m.verify(dir);
                if (!problems.isEmpty()) {
                    throw new DataFormatException(dir, "cache does not verify (" + String.join("; ", problems)
                            + "); prepare it again with: " + prepareHint);
                }
            }
            return new DatasetSplits(m.dataset(), split(dir, m, "train"), split(dir, m, "validation"), split(dir, m, "test"));
        } catch (java.nio.file.InvalidPathException e) { // e.g. a NUL in a file name of the manifest
            throw new DataFormatException(dir.resolve(CacheManifest.FILE_NAME), "invalid file name (" + e.getMessage() + ")");
        }
    }

    private static MultimodalDataset split(Path dir, CacheManifest m, String name) throws IOException {
        CacheManifest.SplitEntry e = m.splits().get(name);
        if (e == null) {
            if (name.equals("validation")) {
                return null;
            }
            throw new DataFormatException(dir.resolve(CacheManifest.FILE_NAME), "split '" + name + "' is missing");
        }
        Path manifest = dir.resolve(CacheManifest.FILE_NAME);
        if (e.file() == null || e.samples() == null || e.samples().stream().anyMatch(x -> x == null || x.id() == null)) {
            throw new DataFormatException(manifest, "split '" + name + "' lacks its file, its samples or a sample id");
        }
        SplitFile.Reader r = SplitFile.open(dir.resolve(e.file()));
        List<String> ids = new ArrayList<>(e.samples().size());
        List<Map<String, String>> meta = new ArrayList<>(e.samples().size());
        for (CacheManifest.SampleEntry s : e.samples()) {
            ids.add(s.id());
            meta.add(s.metadata() == null ? Map.of() : s.metadata());
        }
        return new CachedDataset(r, ids, meta, m.files().get(e.file()));
    }
}
