package dev.bss.spark;

import dev.bss.data.layouts.LayoutCache;
import dev.bss.data.layouts.LayoutEntry;
import dev.bss.data.layouts.PaperLayout;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny prepared cache in the project's format, holding dataset {@code av-digits} (so that {@code dataset: av-digits,
 * dataset-options: {root: DIR}} loads it) with small shapes: audio {1, 8, 10} and image {1, 8, 8}, 4 classes, the
 * class written into both modalities plus seeded noise. Written with {@link LayoutCache#write}, the writer of every
 * prepare; the CREMA-D-sized features of a real layout would make a training run in a test take minutes.
 */
public final class TinyCaches {

    private TinyCaches() {
    }

    public static Path avDigits(Path dir, int train, int validation, int test, long seed) throws IOException {
        List<ModalitySpec> modalities = List.of(new ModalitySpec("audio", ModalityKind.AUDIO, new int[] {1, 8, 10}, 0),
                new ModalitySpec("image", ModalityKind.IMAGE, new int[] {1, 8, 8}, 0));
        List<String> classes = List.of("zero", "one", "two", "three");
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        int[] counts = {train, validation, test};
        String[] names = {"train", "validation", "test"};
        for (int s = 0; s < 3; s++) {
            List<LayoutEntry> entries = new ArrayList<>();
            for (int i = 0; i < counts[s]; i++) {
                entries.add(new LayoutEntry(names[s], names[s] + "-" + i, i % classes.size(), dir.resolve("fixture.csv"), i + 1, Map.of(),
                        null, null, Map.of("noise", Integer.toString(i % 3))));
            }
            splits.put(names[s], entries);
        }
        LayoutCache.Plan plan = new LayoutCache.Plan("av-digits", dir.toAbsolutePath(), Map.of(),
                new PaperLayout.Index(classes, modalities, splits, null));
        Path out = dir.resolve("av-digits-tiny");
        LayoutCache.write(plan, out, split -> {
            SplittableRandom r = new SplittableRandom(seed + split.hashCode());
            return splits.get(split).stream().map(e -> {
                float[][] v = new float[2][];
                for (int m = 0; m < 2; m++) {
                    v[m] = new float[modalities.get(m).elementCount()];
                    for (int k = 0; k < v[m].length; k++) {
                        float signal = (k % classes.size()) == e.label() ? 1.5f : 0f;
                        v[m][k] = signal + (float) r.nextGaussian() * (m == 0 ? 1.0f : 0.7f + 0.3f * (e.line() % 3));
                    }
                }
                return new LayoutCache.Decoded(e.label(), v);
            }).iterator();
        });
        return out;
    }
}
