package dev.bss.data.layouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VGGSound: {@code train.csv}, {@code test.csv} (headerless; column 1 the label string, column 2 the clip
 * id with one leading character stripped), {@code label_encoding.json} (label → index). Audio
 * {@code AudioWAV/<id>.wav} at 35 400 Hz tiled until 20 s, first 708 000 samples → {1, 257, 2006}; one frame
 * from {@code Image-01-FPS/<id>/} (more than 3 files required) resized to 384.
 */
public final class VggSoundLayout extends AudioVisualLayout {

    @Override
    public String id() {
        return "vggsound";
    }

    @Override
    public String description() {
        return "VGGSound layout (audio + 1 frame, 310 classes); option root";
    }

    @Override
    int sampleRate() {
        return 35_400;
    }

    @Override
    int tileTimes() {
        return 0;
    }

    @Override
    int audioLength() {
        return 708_000;
    }

    @Override
    int framesPerSample() {
        return 1;
    }

    @Override
    int defaultImageSize() {
        return 384;
    }

    @Override
    int minFramesExclusive() {
        return 3;
    }

    @Override
    public Index index(Path root, ProviderOptions o, Problems p) throws IOException {
        Path enc = root.resolve("label_encoding.json");
        if (!Files.isRegularFile(enc)) {
            throw new DataFormatException(enc, "label encoding is missing");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(enc.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFormatException(enc, "unreadable JSON: " + e.getOriginalMessage());
        } catch (java.io.CharConversionException e) { // Jackson's encoding detection (UTF-16/32) failed
            throw new DataFormatException(enc, "unreadable JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new DataFormatException(enc, "expected a JSON object mapping label string to index");
        }
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt()) {
                throw new DataFormatException(enc, "field '" + e.getKey() + "': index is not an integer");
            }
            labels.put(e.getKey(), e.getValue().asInt());
        }
        String[] names = new String[labels.size()];
        for (Map.Entry<String, Integer> e : labels.entrySet()) {
            int i = e.getValue();
            if (i < 0 || i >= names.length || names[i] != null) {
                throw new DataFormatException(enc, "field '" + e.getKey() + "': index " + i + " is out of range [0, "
                        + names.length + ") or repeated");
            }
            names[i] = e.getKey();
        }
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            Path csv = root.resolve(split + ".csv");
            List<LayoutEntry> entries = new ArrayList<>();
            for (Csv.Row r : Csv.read(csv, ',', true)) {
                String where = csv + ":" + r.line();
                if (r.fields().size() < 3) {
                    p.add(where + ": expected at least 3 fields, found " + r.fields().size());
                    continue;
                }
                String raw = r.fields().get(2).strip();
                if (raw.length() < 2) {
                    p.add(where + ": clip id field '" + raw + "' is too short (its first character is stripped)");
                    continue;
                }
                String id = raw.substring(1);
                Integer label = label(labels, r.fields().get(1).strip(), where, p);
                Path wav = root.resolve("AudioWAV").resolve(id + ".wav");
                List<Path> frames = check(wav, root.resolve(frameFolder(o)).resolve(id), where, o, p);
                if (label != null && frames != null) {
                    entries.add(new LayoutEntry(split, id, label, csv, r.line(), Map.of("audio", wav), frames, null, null));
                }
            }
            splits.put(split, entries);
        }
        return new Index(Arrays.asList(names), modalities(o), splits, null);
    }
}
