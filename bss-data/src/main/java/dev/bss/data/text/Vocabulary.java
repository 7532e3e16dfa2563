package dev.bss.data.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word vocabulary: id 0 is padding, id 1 unknown, then words that occur at least {@code minCount}
 * times in the training texts, ordered by descending count then alphabetically (deterministic).
 * {@link #encode} maps a word list to {@code maxLength} float ids, truncating or padding with 0.
 */
public final class Vocabulary {

    public static final int PAD = 0;
    public static final int UNKNOWN = 1;

    private final List<String> words;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> words) {
        this.words = List.copyOf(words);
        this.ids = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
        }
    }

    /** Builds from the training split's tokenised texts only. */
    public static Vocabulary build(Collection<List<String>> trainingTexts, int minCount) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (List<String> t : trainingTexts) {
            for (String w : t) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<String> sorted = new ArrayList<>(counts.keySet());
        sorted.removeIf(w -> counts.get(w) < minCount);
        sorted.sort((a, b) -> counts.get(b).equals(counts.get(a)) ? a.compareTo(b) : counts.get(b) - counts.get(a));
        List<String> all = new ArrayList<>();
        all.add("<pad>");
        all.add("<unk>");
        all.addAll(sorted);
        return new Vocabulary(all);
    }

    /** Restores a vocabulary from its word list (index = id). */
    public static Vocabulary of(List<String> words) {
        if (words.size() < 2 || !words.get(0).equals("<pad>") || !words.get(1).equals("<unk>")) {
            throw new IllegalArgumentException("a vocabulary starts with <pad>, <unk>");
        }
        return new Vocabulary(words);
    }

    public int size() {
        return words.size();
    }

    public List<String> words() {
        return words;
    }

    public int id(String word) {
        return ids.getOrDefault(word, UNKNOWN);
    }

    public float[] encode(List<String> tokens, int maxLength) {
        float[] out = new float[maxLength];
        for (int i = 0; i < Math.min(maxLength, tokens.size()); i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }
}
