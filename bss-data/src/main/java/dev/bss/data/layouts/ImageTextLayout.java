package dev.bss.data.layouts;

import dev.bss.data.ProviderOptions;
import dev.bss.data.image.ImageLoader;
import dev.bss.data.text.Vocabulary;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared part of the image-text layouts (Twitter2015, Sarcasm): {@code image} IMAGE {3, S, S} (resized,
 * optionally normalised) and {@code text} TOKENS {L}: the cleaned words (see {@link #words}) encoded by a
 * word {@link Vocabulary} built from the training split only ({@code min-count} option, default 1);
 * BERT is replaced by this tokenizer because nothing may be downloaded from a model hub. Options:
 * {@code image-dir}, {@code image-size}, {@code max-words}, {@code min-count}.
 */
abstract class ImageTextLayout extends PaperLayout {

    abstract int defaultImageSize();

    abstract int defaultMaxWords();

    abstract String defaultImageDir();

    abstract boolean bicubic();

    /** ImageNet/CLIP mean-std or {@code null}. */
    abstract float[][] normalisation();

    abstract List<String> words(String text, int maxWords);

    @Override
    protected Set<String> layoutOptions() {
        return Set.of("image-dir", "image-size", "max-words", "min-count");
    }

    int maxWords(ProviderOptions o) {
        return positive(o, "max-words", defaultMaxWords(), id());
    }

    Path imageDir(Path root, ProviderOptions o) {
        return root.resolve(o.string("image-dir", defaultImageDir()));
    }

    /** Adds an entry when its image exists and its label is in range, else reports it. */
    void add(List<LayoutEntry> out, String split, String id, String labelText, int numClasses, Path image, String text,
            Path source, int line, Problems p) {
        String where = source + ":" + line;
        int label;
        try {
            label = Integer.parseInt(labelText.strip());
        } catch (NumberFormatException e) {
            p.add(where + ": field 'label': '" + labelText + "' is not an integer");
            return;
        }
        if (label < 0 || label >= numClasses) {
            p.add(where + ": field 'label': " + label + " is outside [0, " + numClasses + ")");
            return;
        }
        if (!Files.isRegularFile(image)) {
            p.add(where + ": missing image file " + image);
            return;
        }
        out.add(new LayoutEntry(split, id, label, source, line, Map.of("image", image), null, text == null ? "" : text, null));
    }

    Index finish(List<String> classes, Map<String, List<LayoutEntry>> splits, ProviderOptions o) {
        List<List<String>> train = new ArrayList<>();
        int max = maxWords(o);
        for (LayoutEntry e : splits.getOrDefault("train", List.of())) {
            train.add(words(e.text(), max));
        }
        Vocabulary vocab = Vocabulary.build(train, positive(o, "min-count", 1, id()));
        int s = positive(o, "image-size", defaultImageSize(), id());
        return new Index(classes, List.of(new ModalitySpec("image", ModalityKind.IMAGE, new int[] {3, s, s}, 0),
                new ModalitySpec("text", ModalityKind.TOKENS, new int[] {max}, vocab.size())), splits, vocab);
    }

    @Override
    public float[][] decode(LayoutEntry e, Index ix, ProviderOptions o) {
        int s = positive(o, "image-size", defaultImageSize(), id());
        float[] image = ImageLoader.rgb(ImageLoader.resize(ImageLoader.read(e.files().get("image")), s, s, bicubic()), false,
                normalisation());
        Vocabulary v = (Vocabulary) ix.state();
        int max = maxWords(o);
        return new float[][] {image, v.encode(words(e.text(), max), max)};
    }
}
