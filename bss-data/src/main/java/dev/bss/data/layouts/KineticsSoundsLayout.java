package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kinetics-Sounds: {@code annotations/train.csv}, {@code test.csv} (header with {@code youtube_id} and
 * {@code label}; {@code weight.csv} is required by the reference but unused: its absence is a warning);
 * class index = first appearance of the label in train.csv. Audio {@code train_wav/<id>.wav} /
 * {@code test_wav/<id>.wav} at 35 400 Hz, tiled until 10 s, first 354 000 samples → {1, 257, 1003};
 * three frames from {@code train_img/Image-01-FPS/<id>/} (more than 3 files required) → {3, 3, 224, 224}.
 */
public final class KineticsSoundsLayout extends AudioVisualLayout {

    @Override
    public String id() {
        return "kinetics-sounds";
    }

    @Override
    public String description() {
        return "Kinetics-Sounds layout (audio + 3 frames, 31 classes); option root";
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
        return 354_000;
    }

    @Override
    int framesPerSample() {
        return 3;
    }

    @Override
    int defaultImageSize() {
        return 224;
    }

    @Override
    int minFramesExclusive() {
        return 3;
    }

    @Override
    public Index index(Path root, ProviderOptions o, Problems p) throws IOException {
        if (!Files.isRegularFile(root.resolve("annotations").resolve("weight.csv"))) {
            p.warn(root.resolve("annotations").resolve("weight.csv") + ": missing (the reference code requires it, but never uses it)");
        }
        Map<String, Integer> labels = new LinkedHashMap<>();
        Map<String, List<Csv.Row>> rows = new LinkedHashMap<>();
        Map<String, int[]> columns = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            Path csv = root.resolve("annotations").resolve(split + ".csv");
            List<Csv.Row> all = Csv.read(csv, ',', true);
            if (all.isEmpty()) {
                throw new DataFormatException(csv, "empty (no header)");
            }
            List<String> header = all.get(0).fields().stream().map(String::strip).toList();
            int id = header.indexOf("youtube_id");
            int lab = header.indexOf("label");
            if (id < 0 || lab < 0) {
                throw new DataFormatException(csv, 1, "header lacks column 'youtube_id' or 'label': " + header);
            }
            rows.put(split, all.subList(1, all.size()));
            columns.put(split, new int[] {id, lab});
            if (split.equals("train")) {
                for (Csv.Row r : all.subList(1, all.size())) {
                    if (r.fields().size() > lab) {
                        labels.putIfAbsent(r.fields().get(lab).strip(), labels.size());
                    }
                }
            }
        }
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            Path csv = root.resolve("annotations").resolve(split + ".csv");
            int[] c = columns.get(split);
            List<LayoutEntry> entries = new ArrayList<>();
            for (Csv.Row r : rows.get(split)) {
                String where = csv + ":" + r.line();
                if (r.fields().size() <= Math.max(c[0], c[1])) {
                    p.add(where + ": row has " + r.fields().size() + " field(s), the header names more");
                    continue;
                }
                String id = r.fields().get(c[0]).strip();
                Integer label = label(labels, r.fields().get(c[1]).strip(), where, p);
                Path wav = root.resolve(split + "_wav").resolve(id + ".wav");
                List<Path> frames = check(wav, root.resolve(split + "_img").resolve(frameFolder(o)).resolve(id), where, o, p);
                if (label != null && frames != null) {
                    entries.add(new LayoutEntry(split, id, label, csv, r.line(), Map.of("audio", wav), frames, null, null));
                }
            }
            splits.put(split, entries);
        }
        return new Index(List.copyOf(labels.keySet()), modalities(o), splits, null);
    }
}
