package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import dev.bss.data.text.TextCleaning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twitter2015: {@code annotations/train.tsv}, {@code dev.tsv}, {@code test.tsv}, tab-separated with a
 * header naming {@code Label} (0..2), {@code ImageID} and {@code String} (a header cell matches when it
 * equals or ends with the name, so TomBERT's {@code #1 Label} works). Images under
 * {@code twitter2015_images/} (option {@code image-dir}), resized to 384 with no normalisation (as the
 * reference); text = {@code pre_caption(clean_str(tweet), 20)}.
 */
public final class Twitter2015Layout extends ImageTextLayout {

    public static final List<String> CLASSES = List.of("negative", "neutral", "positive");

    @Override
    public String id() {
        return "twitter2015";
    }

    @Override
    public String description() {
        return "Twitter2015 layout (image + tweet, 3 sentiments); option root";
    }

    @Override
    int defaultImageSize() {
        return 384;
    }

    @Override
    int defaultMaxWords() {
        return 20;
    }

    @Override
    String defaultImageDir() {
        return "twitter2015_images";
    }

    @Override
    boolean bicubic() {
        return false;
    }

    @Override
    float[][] normalisation() {
        return null;
    }

    @Override
    List<String> words(String text, int maxWords) {
        String t = TextCleaning.preCaption(TextCleaning.cleanStr(text), maxWords);
        return t.isEmpty() ? List.of() : List.of(t.split(" "));
    }

    @Override
    public Index index(Path root, ProviderOptions o, Problems p) throws IOException {
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        Path images = imageDir(root, o);
        Map<String, String> files = Map.of("train", "train.tsv", "validation", "dev.tsv", "test", "test.tsv");
        for (String split : List.of("train", "validation", "test")) {
            Path tsv = root.resolve("annotations").resolve(files.get(split));
            List<Csv.Row> rows = Csv.read(tsv, '\t', false);
            if (rows.isEmpty()) {
                throw new DataFormatException(tsv, "empty (no header)");
            }
            List<String> header = rows.get(0).fields();
            int lab = column(header, "Label", tsv);
            int img = column(header, "ImageID", tsv);
            int str = column(header, "String", tsv);
            List<LayoutEntry> entries = new ArrayList<>();
            for (Csv.Row r : rows.subList(1, rows.size())) {
                if (r.fields().size() <= Math.max(lab, Math.max(img, str))) {
                    p.add(tsv + ":" + r.line() + ": row has " + r.fields().size() + " field(s), the header names more");
                    continue;
                }
                String imageId = r.fields().get(img).strip();
                add(entries, split, imageId, r.fields().get(lab), CLASSES.size(), images.resolve(imageId), r.fields().get(str), tsv,
                        r.line(), p);
            }
            splits.put(split, entries);
        }
        return finish(CLASSES, splits, o);
    }

    private static int column(List<String> header, String name, Path file) {
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            if (h.equals(name) || h.endsWith(" " + name)) {
                return i;
            }
        }
        throw new DataFormatException(file, 1, "header lacks column '" + name + "': " + header);
    }
}
