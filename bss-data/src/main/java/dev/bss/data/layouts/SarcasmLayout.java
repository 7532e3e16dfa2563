package dev.bss.data.layouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import dev.bss.data.image.ImageLoader;
import dev.bss.data.text.TextCleaning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sarcasm: {@code train_data.json}, {@code test_data.json} (and {@code valid_data.json} when present),
 * each a JSON array of {@code {"image": path, "text": string, "label": 0|1}}; only the last component
 * of {@code image} is used, under {@code images/} (option {@code image-dir}). Image resized to 224
 * (bicubic) and CLIP-normalised; text = {@code pre_caption(text, 50)}.
 */
public final class SarcasmLayout extends ImageTextLayout {

    public static final List<String> CLASSES = List.of("not-sarcastic", "sarcastic");

    @Override
    public String id() {
        return "sarcasm";
    }

    @Override
    public String description() {
        return "Sarcasm layout (image + text, 2 classes); option root";
    }

    @Override
    int defaultImageSize() {
        return 224;
    }

    @Override
    int defaultMaxWords() {
        return 50;
    }

    @Override
    String defaultImageDir() {
        return "images";
    }

    @Override
    boolean bicubic() {
        return true;
    }

    @Override
    float[][] normalisation() {
        return ImageLoader.CLIP;
    }

    @Override
    List<String> words(String text, int maxWords) {
        String t = TextCleaning.preCaption(text, maxWords);
        return t.isEmpty() ? List.of() : List.of(t.split(" "));
    }

    @Override
    public Index index(Path root, ProviderOptions o, Problems p) throws IOException {
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        Path images = imageDir(root, o);
        ObjectMapper json = new ObjectMapper();
        Map<String, String> files = Map.of("train", "train_data.json", "validation", "valid_data.json", "test", "test_data.json");
        for (String split : List.of("train", "validation", "test")) {
            Path f = root.resolve(files.get(split));
            if (split.equals("validation") && !Files.isRegularFile(f)) {
                continue;
            }
            if (!Files.isRegularFile(f)) {
                throw new DataFormatException(f, "annotation file is missing");
            }
            JsonNode arr;
            try {
                arr = json.readTree(f.toFile());
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new DataFormatException(f, "unreadable JSON at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                        + ": " + e.getOriginalMessage());
            } catch (java.io.CharConversionException e) { // Jackson's encoding detection (UTF-16/32) failed
                throw new DataFormatException(f, "unreadable JSON: " + e.getMessage());
            }
            if (arr == null || !arr.isArray()) {
                throw new DataFormatException(f, "expected a JSON array of {image, text, label} objects");
            }
            List<LayoutEntry> entries = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                JsonNode n = arr.get(i);
                if (!n.hasNonNull("image") || !n.hasNonNull("label")) {
                    p.add(f + ":item " + i + ": missing field 'image' or 'label'");
                    continue;
                }
                String img = n.get("image").asText();
                String name = img.substring(Math.max(img.lastIndexOf('/'), img.lastIndexOf('\\')) + 1);
                add(entries, split, split + "-" + i + "-" + name, n.get("label").asText(), CLASSES.size(), images.resolve(name),
                        n.path("text").asText(""), f, i, p);
            }
            splits.put(split, entries);
        }
        return finish(CLASSES, splits, o);
    }
}
