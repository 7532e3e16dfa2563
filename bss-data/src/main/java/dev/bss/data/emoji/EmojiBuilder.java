package dev.bss.data.emoji;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bss.data.CacheRoot;
import dev.bss.data.DataFormatException;
import dev.bss.data.image.ImageLoader;
import dev.bss.data.io.CacheManifest;
import dev.bss.data.io.NpmPackages;
import dev.bss.data.io.PreparedCache;
import dev.bss.core.io.Sha256;
import dev.bss.data.io.SplitFile;
import dev.bss.data.text.TextCleaning;
import dev.bss.data.text.Vocabulary;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Prepares the emoji dataset from npm {@code emoji-datasource@16.0.0} (metadata MIT; sheets google
 * Apache-2.0, twitter CC-BY-4.0) and {@code emojilib@4.0.3} (MIT):
 * <ul>
 *   <li>samples: every emoji whose {@code category} is not {@code Component} and that the vendor draws
 *       ({@code has_img_<vendor>}); with {@code skinTones}, each skin-tone variant too (same text, same split);</li>
 *   <li>image: the 32 x 32 cell at {@code (34 sheet_x + 1, 34 sheet_y + 1)} of {@code img/<vendor>/sheets/32.png}
 *       (34 px cells with 1 px padding), composited over white, {@code {3, 32, 32}} in [0, 1];</li>
 *   <li>text: the distinct lower-case words of {@code name}, {@code short_names} and the emojilib keywords, in
 *       that order, encoded by a {@link Vocabulary} built from the training split only, {@code maxTokens} long;</li>
 *   <li>label: the category (9 classes, sorted by name); splits by emoji, stratified per category
 *       (test and validation fractions rounded per category, seeded shuffle).</li>
 * </ul>
 */
public final class EmojiBuilder {

    public static final String DATASET = "emoji";
    public static final String DATASOURCE = "emoji-datasource";
    public static final String DATASOURCE_VERSION = "16.0.0";
    public static final String EMOJILIB = "emojilib";
    public static final String EMOJILIB_VERSION = "4.0.3";
    static final int CELL = 34;
    static final int SIZE = 32;

    private final Path output;
    private final Path cacheRoot;
    private final String npmCommand;
    private final String vendor;
    private final long seed;
    private final double validationFraction;
    private final double testFraction;
    private final int maxTokens;
    private final boolean skinTones;
    private final Path datasourceDir;
    private final Path emojilibDir;
    private final Consumer<String> log;

    private EmojiBuilder(Builder b) {
        this.output = b.output;
        this.cacheRoot = b.cacheRoot;
        this.npmCommand = b.npmCommand;
        this.vendor = b.vendor;
        this.seed = b.seed;
        this.validationFraction = b.validationFraction;
        this.testFraction = b.testFraction;
        this.maxTokens = b.maxTokens;
        this.skinTones = b.skinTones;
        this.datasourceDir = b.datasourceDir;
        this.emojilibDir = b.emojilibDir;
        this.log = b.log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; every option has a default. */
    public static final class Builder {
        private Path output;
        private Path cacheRoot = CacheRoot.get();
        private String npmCommand = "npm";
        private String vendor = "google";
        private long seed = 42;
        private double validationFraction = 0.1;
        private double testFraction = 0.2;
        private int maxTokens = 24;
        private boolean skinTones;
        private Path datasourceDir;
        private Path emojilibDir;
        private Consumer<String> log = s -> { };

        public Builder optOutput(Path p) {
            this.output = p;
            return this;
        }

        public Builder optCacheRoot(Path p) {
            this.cacheRoot = p;
            return this;
        }

        public Builder optNpmCommand(String c) {
            this.npmCommand = c;
            return this;
        }

        /** {@code google} (default, Apache-2.0) or {@code twitter} (CC-BY-4.0). */
        public Builder optVendor(String v) {
            this.vendor = v;
            return this;
        }

        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        public Builder optFractions(double validation, double test) {
            this.validationFraction = validation;
            this.testFraction = test;
            return this;
        }

        public Builder optMaxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        /** Include the skin-tone variants as samples (kept in their emoji's split). */
        public Builder optSkinTones(boolean s) {
            this.skinTones = s;
            return this;
        }

        /** Use an already unpacked package folder (holding {@code package/}) instead of npm: for tests. */
        public Builder optPackages(Path datasource, Path emojilib) {
            this.datasourceDir = datasource;
            this.emojilibDir = emojilib;
            return this;
        }

        public Builder optLog(Consumer<String> l) {
            this.log = l;
            return this;
        }

        public EmojiBuilder build() {
            if (!vendor.equals("google") && !vendor.equals("twitter")) {
                throw new IllegalArgumentException("vendor must be google or twitter (apple and facebook images may not be used), got '" + vendor + "'");
            }
            if (validationFraction < 0 || testFraction <= 0 || validationFraction + testFraction >= 1) {
                throw new IllegalArgumentException("fractions must satisfy 0 <= validation, 0 < test, validation + test < 1");
            }
            if (maxTokens < 1) {
                throw new IllegalArgumentException("max tokens must be >= 1");
            }
            return new EmojiBuilder(this);
        }
    }

    /** What a prepare did. */
    public record Result(Path dir, boolean reused, Map<String, Integer> counts, int vocabularySize, double seconds) {
    }

    private record Emoji(String unified, String name, String category, String subcategory, int sheetX, int sheetY, List<String> words,
            List<String[]> variants) {
    }

    public Result prepare() throws IOException {
        long t0 = System.nanoTime();
        Path out = (output != null ? output : cacheRoot.resolve("datasets").resolve(DATASET + "-" + vendor)).toAbsolutePath();
        Path ds = datasourceDir != null ? datasourceDir : NpmPackages.fetch(cacheRoot, DATASOURCE, DATASOURCE_VERSION, npmCommand,
                n -> n.equals("package/emoji.json") || n.equals("package/LICENSE") || n.matches("package/img/(google|twitter)/sheets/32\\.png"));
        Path lib = emojilibDir != null ? emojilibDir : NpmPackages.fetch(cacheRoot, EMOJILIB, EMOJILIB_VERSION, npmCommand,
                n -> n.equals("package/dist/emoji-en-US.json") || n.equals("package/LICENSE"));
        Path emojiJson = ds.resolve("package/emoji.json");
        Path sheet = ds.resolve("package/img/" + vendor + "/sheets/32.png");
        Path keywordsJson = lib.resolve("package/dist/emoji-en-US.json");

        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("vendor", vendor);
        recipe.put("seed", seed);
        recipe.put("validationFraction", validationFraction);
        recipe.put("testFraction", testFraction);
        recipe.put("maxTokens", maxTokens);
        recipe.put("skinTones", skinTones);
        recipe.put("packages", List.of(DATASOURCE + "@" + DATASOURCE_VERSION, EMOJILIB + "@" + EMOJILIB_VERSION));
        recipe.put("sources", Map.of("emoji.json", Sha256.of(emojiJson), "sheet", Sha256.of(sheet), "keywords", Sha256.of(keywordsJson)));
        recipe.put("generator", "emoji/1");
        String hash = CacheManifest.hashRecipe(recipe);
        if (CacheManifest.isComplete(out, hash)) {
            CacheManifest m = CacheManifest.read(out);
            Map<String, Integer> counts = new LinkedHashMap<>();
            m.splits().forEach((k, v) -> counts.put(k, v.count()));
            log.accept("cache at " + out + " already holds this recipe, checksums verified: nothing to do");
            return new Result(out, true, counts, ((Number) m.info().get("vocabularySize")).intValue(), (System.nanoTime() - t0) / 1e9);
        }

        List<Emoji> emoji = parse(emojiJson, keywordsJson);
        BufferedImage sheetImage = ImageLoader.read(sheet);
        List<String> classes = emoji.stream().map(Emoji::category).distinct().sorted().toList();

        // stratified split by emoji (variants follow their emoji)
        Map<String, List<Emoji>> byCategory = new TreeMap<>();
        for (Emoji e : emoji) {
            byCategory.computeIfAbsent(e.category(), k -> new ArrayList<>()).add(e);
        }
        Map<String, List<Emoji>> splits = new LinkedHashMap<>();
        splits.put("train", new ArrayList<>());
        splits.put("validation", new ArrayList<>());
        splits.put("test", new ArrayList<>());
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (List<Emoji> group : byCategory.values()) {
            List<Emoji> g = new ArrayList<>(group);
            for (int i = g.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Emoji t = g.get(i);
                g.set(i, g.get(j));
                g.set(j, t);
            }
            int nTest = (int) Math.max(1, Math.round(g.size() * testFraction));
            int nVal = (int) Math.round(g.size() * validationFraction);
            splits.get("test").addAll(g.subList(0, nTest));
            splits.get("validation").addAll(g.subList(nTest, nTest + nVal));
            splits.get("train").addAll(g.subList(nTest + nVal, g.size()));
        }
        List<List<String>> trainTexts = splits.get("train").stream().map(Emoji::words).toList();
        Vocabulary vocab = Vocabulary.build(trainTexts, 1);
        List<ModalitySpec> mods = List.of(new ModalitySpec("image", ModalityKind.IMAGE, new int[] {3, SIZE, SIZE}, 0),
                new ModalitySpec("text", ModalityKind.TOKENS, new int[] {maxTokens}, vocab.size()));

        Path tmp = PreparedCache.temporaryFor(out);
        try {
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, CacheManifest.SplitEntry> entries = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Map.Entry<String, List<Emoji>> s : splits.entrySet()) {
                List<Emoji> list = s.getValue();
                int n = 0;
                for (Emoji e : list) {
                    n += 1 + (skinTones ? e.variants().size() : 0);
                }
                if (n == 0) {
                    continue;
                }
                List<CacheManifest.SampleEntry> samples = new ArrayList<>();
                String file = s.getKey() + ".bin";
                try (SplitFile.Writer w = SplitFile.create(tmp.resolve(file), s.getKey(), mods, classes, n)) {
                    for (Emoji e : list) {
                        float[] text = vocab.encode(e.words(), maxTokens);
                        int label = classes.indexOf(e.category());
                        List<String[]> cells = new ArrayList<>();
                        cells.add(new String[] {e.unified(), Integer.toString(e.sheetX()), Integer.toString(e.sheetY())});
                        if (skinTones) {
                            cells.addAll(e.variants());
                        }
                        for (String[] c : cells) {
                            float[] image = crop(sheetImage, sheet, Integer.parseInt(c[1]), Integer.parseInt(c[2]));
                            w.write(label, new float[][] {image, text});
                            Map<String, String> meta = new LinkedHashMap<>();
                            meta.put("unified", c[0]);
                            meta.put("emoji", e.unified());
                            meta.put("name", e.name());
                            meta.put("category", e.category());
                            meta.put("subcategory", e.subcategory());
                            meta.put("text", String.join(" ", e.words()));
                            samples.add(new CacheManifest.SampleEntry(c[0], label, meta));
                        }
                    }
                }
                files.put(file, Sha256.of(tmp.resolve(file)));
                entries.put(s.getKey(), new CacheManifest.SplitEntry(file, n, samples));
                counts.put(s.getKey(), n);
            }
            Path vocabFile = tmp.resolve("vocabulary.json");
            new ObjectMapper().writeValue(vocabFile.toFile(), vocab.words());
            files.put("vocabulary.json", Sha256.of(vocabFile));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("vocabularySize", vocab.size());
            info.put("classes", classes);
            info.put("licences", "emoji-datasource and emojilib: MIT; " + (vendor.equals("google") ? "Google Noto images: Apache-2.0"
                    : "Twitter Twemoji images: CC-BY-4.0"));
            new CacheManifest(CacheManifest.FORMAT, DATASET, recipe, hash, files, entries, info).write(tmp);
            PreparedCache.commit(tmp, out);
            log.accept(String.format(Locale.ROOT, "%d emoji in %d categories, vocabulary %d words", emoji.size(), classes.size(), vocab.size()));
            return new Result(out, false, counts, vocab.size(), (System.nanoTime() - t0) / 1e9);
        } catch (IOException | RuntimeException e) {
            NpmPackages.deleteTree(tmp);
            throw e;
        }
    }

    private List<Emoji> parse(Path emojiJson, Path keywordsJson) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode all = readJson(json, emojiJson);
        JsonNode keywords = readJson(json, keywordsJson);
        if (!all.isArray() || !keywords.isObject()) {
            throw new DataFormatException(all.isArray() ? keywordsJson : emojiJson, "unexpected JSON structure");
        }
        List<Emoji> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode e = all.get(i);
            String category = e.path("category").asText("");
            if (category.isEmpty()) {
                throw new DataFormatException(emojiJson, "item " + i + ": field 'category' is missing");
            }
            if (category.equals("Component") || !e.path("has_img_" + vendor).asBoolean(false)) {
                continue;
            }
            if (!e.has("sheet_x") || !e.has("sheet_y") || !e.has("unified")) {
                throw new DataFormatException(emojiJson, "item " + i + ": fields 'unified', 'sheet_x', 'sheet_y' are required");
            }
            String unified = e.get("unified").asText();
            LinkedHashSet<String> words = new LinkedHashSet<>(TextCleaning.words(e.path("name").asText("")));
            for (JsonNode s : e.path("short_names")) {
                words.addAll(TextCleaning.words(s.asText()));
            }
            JsonNode kw = keywords.get(chars(unified));
            if (kw == null && e.hasNonNull("non_qualified")) {
                kw = keywords.get(chars(e.get("non_qualified").asText()));
            }
            if (kw == null) {
                kw = keywords.get(chars(unified).replace("\uFE0F", ""));
            }
            if (kw != null) {
                for (JsonNode k : kw) {
                    words.addAll(TextCleaning.words(k.asText()));
                }
            }
            List<String[]> variants = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("skin_variations").fields(); it.hasNext(); ) {
                JsonNode v = it.next().getValue();
                if (v.path("has_img_" + vendor).asBoolean(false)) {
                    variants.add(new String[] {v.path("unified").asText(), v.path("sheet_x").asText(), v.path("sheet_y").asText()});
                }
            }
            out.add(new Emoji(unified, e.path("name").asText(""), category, e.path("subcategory").asText(""), e.get("sheet_x").asInt(),
                    e.get("sheet_y").asInt(), List.copyOf(words), variants));
        }
        if (out.isEmpty()) {
            throw new DataFormatException(emojiJson, "no emoji with images for vendor " + vendor);
        }
        return out;
    }

    private static JsonNode readJson(ObjectMapper json, Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new DataFormatException(f, "file is missing");
        }
        try {
            return json.readTree(f.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFormatException(f, "unreadable JSON: " + e.getOriginalMessage());
        }
    }

    /** The string of code points written as hex separated by {@code -}. */
    static String chars(String unified) {
        StringBuilder b = new StringBuilder();
        for (String cp : unified.split("-")) {
            b.appendCodePoint(Integer.parseInt(cp, 16));
        }
        return b.toString();
    }

    /** The 32 x 32 cell at sheet position (x, y), over white, {@code {3, 32, 32}}. */
    static float[] crop(BufferedImage sheet, Path file, int x, int y) {
        int px = x * CELL + 1;
        int py = y * CELL + 1;
        if (x < 0 || y < 0 || px + SIZE > sheet.getWidth() || py + SIZE > sheet.getHeight()) {
            throw new DataFormatException(file, "cell (" + x + ", " + y + ") lies outside the " + sheet.getWidth() + "x"
                    + sheet.getHeight() + " sheet");
        }
        return ImageLoader.rgb(ImageLoader.over(sheet.getSubimage(px, py, SIZE, SIZE), Color.WHITE), false, null);
    }
}
