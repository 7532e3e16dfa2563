package dev.bss.data.layouts;

import dev.bss.data.ProviderOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CREMA-D: {@code annotations/train.csv}, {@code annotations/test.csv} (headerless {@code <clip>,<EMO>},
 * UTF-8 with optional BOM), EMO in NEU HAP SAD FEA DIS ANG = 0..5; audio {@code AudioWAV/<clip>.wav}
 * (22 050 Hz, tiled x20, first 441 000 samples → {1, 257, 1250}); one frame from
 * {@code Image-01-FPS/<clip>/} resized to 224.
 */
public final class CremaDLayout extends AudioVisualLayout {

    public static final List<String> CLASSES = List.of("NEU", "HAP", "SAD", "FEA", "DIS", "ANG");

    @Override
    public String id() {
        return "crema-d";
    }

    @Override
    public String description() {
        return "CREMA-D layout (audio + 1 frame, 6 emotions); option root";
    }

    @Override
    int sampleRate() {
        return 22_050;
    }

    @Override
    int tileTimes() {
        return 20;
    }

    @Override
    int audioLength() {
        return 441_000;
    }

    @Override
    int framesPerSample() {
        return 1;
    }

    @Override
    int defaultImageSize() {
        return 224;
    }

    @Override
    int minFramesExclusive() {
        return 0;
    }

    @Override
    public Index index(Path root, ProviderOptions o, Problems p) throws IOException {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (int i = 0; i < CLASSES.size(); i++) {
            labels.put(CLASSES.get(i), i);
        }
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            Path csv = root.resolve("annotations").resolve(split + ".csv");
            List<LayoutEntry> entries = new ArrayList<>();
            for (Csv.Row r : Csv.read(csv, ',', true)) {
                String where = csv + ":" + r.line();
                if (r.fields().size() < 2) {
                    p.add(where + ": expected <clip>,<EMO>, found " + r.fields().size() + " field(s)");
                    continue;
                }
                String clip = r.fields().get(0).strip();
                Integer label = label(labels, r.fields().get(1).strip(), where, p);
                Path wav = root.resolve("AudioWAV").resolve(clip + ".wav");
                List<Path> frames = check(wav, root.resolve(frameFolder(o)).resolve(clip), where, o, p);
                if (label != null && frames != null) {
                    entries.add(new LayoutEntry(split, clip, label, csv, r.line(), Map.of("audio", wav), frames, null, null));
                }
            }
            splits.put(split, entries);
        }
        return new Index(CLASSES, modalities(o), splits, null);
    }
}
