package dev.bss.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reference loaders' text cleaning, ported. */
public final class TextCleaning {

    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

    private TextCleaning() {
    }

    /** Twitter's {@code clean_str}: the {@code [A-Za-z]+} words, joined by single spaces. */
    public static String cleanStr(String s) {
        List<String> w = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            w.add(m.group());
        }
        return String.join(" ", w);
    }

    /**
     * {@code pre_caption}: lower-case; delete {@code , . ' ! ? " ( ) * # : ; ~}; {@code -} and {@code /}
     * become spaces; runs of whitespace collapse; trimmed; at most {@code maxWords} words.
     */
    public static String preCaption(String s, int maxWords) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[,.'!?\"()*#:;~]", "").replace('-', ' ').replace('/', ' ');
        t = t.replaceAll("\\s+", " ").strip();
        if (t.isEmpty()) {
            return t;
        }
        String[] words = t.split(" ");
        if (words.length > maxWords) {
            t = String.join(" ", java.util.Arrays.copyOf(words, maxWords));
        }
        return t;
    }

    /** Lower-case alphanumeric words ({@code [a-z0-9]+}); everything else separates. */
    public static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
