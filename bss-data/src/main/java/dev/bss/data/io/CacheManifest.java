package dev.bss.data.io;

import dev.bss.core.io.Sha256;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bss.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a prepared dataset: format tag, dataset id, the exact recipe and its hash,
 * the SHA-256 of every other file, and per split the file, the count and every sample's id, label and
 * metadata (for AV-digits the ground-truth corruption levels).
 *
 * @param format always {@value #FORMAT}
 * @param dataset dataset id
 * @param recipe the resolved recipe (every option that affects the bytes)
 * @param recipeHash SHA-256 of the recipe's canonical JSON (keys sorted)
 * @param files file name to SHA-256, for every file but the manifest
 * @param splits split name ({@code train}, {@code validation}, {@code test}) to its entry
 * @param info free facts (build time, tool versions), not part of the recipe
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheManifest(String format, String dataset, Map<String, Object> recipe, String recipeHash,
        Map<String, String> files, Map<String, SplitEntry> splits, Map<String, Object> info) {

    public static final String FORMAT = "bss-cache/1";
    public static final String FILE_NAME = "manifest.json";

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false);

    /** One split: its cache file, count and samples. */
    public record SplitEntry(String file, int count, List<SampleEntry> samples) {
    }

    /** One sample's id, label and metadata. */
    public record SampleEntry(String id, int label, Map<String, String> metadata) {
    }

    /** SHA-256 of the recipe's canonical JSON (map keys sorted). */
    public static String hashRecipe(Map<String, Object> recipe) {
        try {
            return Sha256.of(JSON.writeValueAsBytes(new java.util.TreeMap<>(recipe)));
        } catch (IOException e) {
            throw new IllegalStateException("recipe is not serialisable: " + e.getMessage(), e);
        }
    }

    public void write(Path dir) throws IOException {
        JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }

    /** Reads {@code dir/manifest.json}. */
    public static CacheManifest read(Path dir) throws IOException {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) {
            throw new DataFormatException(f, "manifest is missing");
        }
        CacheManifest m;
        try {
            m = JSON.readValue(f.toFile(), CacheManifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFormatException(f, "unreadable manifest: " + e.getOriginalMessage());
        } catch (java.io.CharConversionException e) { // Jackson's encoding detection (UTF-16/32) failed
            throw new DataFormatException(f, "unreadable manifest: " + e.getMessage());
        }
        if (m == null || !FORMAT.equals(m.format()) || m.files() == null || m.splits() == null) { // m is null for a 'null' document
            throw new DataFormatException(f, "not a " + FORMAT + " manifest");
        }
        return m;
    }

    /**
     * Checks that every listed file exists with its recorded SHA-256.
     *
     * @return the problems found (empty when the cache is intact)
     */
    public List<String> verify(Path dir) throws IOException {
        List<String> problems = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                problems.add(f + ": missing");
            } else if (!Sha256.of(f).equals(e.getValue())) {
                problems.add(f + ": SHA-256 differs from the manifest");
            }
        }
        return problems;
    }

    /** Whether {@code dir} holds a complete cache of {@code recipeHash} whose files all verify. */
    public static boolean isComplete(Path dir, String recipeHash) {
        try {
            CacheManifest m = read(dir);
            return recipeHash.equals(m.recipeHash()) && m.verify(dir).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
