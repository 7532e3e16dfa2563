package dev.bss.data.layouts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One indexed sample of a paper layout.
 *
 * @param split split name
 * @param id the clip / image / line id (unique within the split)
 * @param label class index
 * @param source the annotation file it came from, and {@code line} (1-based) in it
 * @param files named inputs (e.g. {@code audio} WAV, {@code frames} folder, {@code image}, {@code flow} NPY)
 * @param frames for video layouts, the selected frame files
 * @param text for text layouts, the raw text
 */
public record LayoutEntry(String split, String id, int label, Path source, int line, Map<String, Path> files,
        List<Path> frames, String text, Map<String, String> extra) {

    public LayoutEntry {
        files = Map.copyOf(files);
        frames = frames == null ? List.of() : List.copyOf(frames);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Where it came from, for messages: {@code file:line}. */
    public String where() {
        return source + ":" + line;
    }
}
