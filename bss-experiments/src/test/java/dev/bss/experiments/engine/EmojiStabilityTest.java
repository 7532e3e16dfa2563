package dev.bss.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.emoji.EmojiBuilder;
import dev.bss.engine.train.EngineThreads;
import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.MetricsCsv;
import dev.bss.experiments.run.TrainingRun;
import dev.bss.experiments.spec.RunSpecLoader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the image + text recipe on emoji trains 10 epochs without a non-finite loss for {@code vanilla},
 * {@code vanilla-uni}, {@code bss-h} and {@code bss-l}, seeds 1 to 3, default options (SGD 0.01, momentum 0.9,
 * batch 32, text-cnn and small-cnn). The data is a generated miniature of the npm packages the builder reads, shaped
 * like the real ones: 9 categories, 16 emoji each, names of 2 to 3 words and 3 to 14 keywords drawn from a shared
 * pool with a per-category bias, so texts fill 5 to 19 of the 24 token positions and share most words across
 * categories. Real-data figures are in docs/engine.md.
 */
class EmojiStabilityTest {

    static final String[] CATEGORIES = {"Activities", "Animals & Nature", "Flags", "Food & Drink", "Objects", "People & Body",
        "Smileys & Emotion", "Symbols", "Travel & Places"};
    static final int PER_CATEGORY = 16;
    static final int GRID = 12;

    @TempDir
    static Path tmp;
    static Path dataset;

    @BeforeAll
    static void prepare() throws Exception {
        Path ds = tmp.resolve("ds");
        Path lib = tmp.resolve("lib");
        Files.createDirectories(ds.resolve("package/img/google/sheets"));
        Files.createDirectories(lib.resolve("package/dist"));
        SplittableRandom random = new SplittableRandom(19);
        List<String> pool = new ArrayList<>();
        for (int w = 0; w < 400; w++) {
            pool.add("w" + w);
        }
        BufferedImage sheet = new BufferedImage(GRID * 34, GRID * 34, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = sheet.createGraphics();
        StringBuilder json = new StringBuilder("[");
        StringBuilder keywords = new StringBuilder("{");
        int n = CATEGORIES.length * PER_CATEGORY;
        for (int i = 0; i < n; i++) {
            int c = i % CATEGORIES.length;
            int x = i % GRID;
            int y = i / GRID;
            // a category hue plus an emoji-specific blob, over a transparent cell as in the real sheets
            g.setColor(Color.getHSBColor(c / 9f, 0.3f + 0.6f * (float) random.nextDouble(), 0.5f + 0.5f * (float) random.nextDouble()));
            g.fillOval(x * 34 + 1 + random.nextInt(8), y * 34 + 1 + random.nextInt(8), 16 + random.nextInt(8), 16 + random.nextInt(8));
            String unified = String.format("1F%03X", 0x300 + i);
            String name = word(pool, c, random) + " " + word(pool, c, random) + (random.nextBoolean() ? " " + word(pool, c, random) : "");
            json.append(i > 0 ? "," : "").append("{\"name\": \"").append(name.toUpperCase()).append("\", \"unified\": \"").append(unified)
                    .append("\", \"short_names\": [\"").append(word(pool, c, random)).append("\"], \"category\": \"").append(CATEGORIES[c])
                    .append("\", \"subcategory\": \"s\", \"sheet_x\": ").append(x).append(", \"sheet_y\": ").append(y)
                    .append(", \"has_img_google\": true}");
            keywords.append(i > 0 ? "," : "").append("\"").appendCodePoint(Integer.parseInt(unified, 16)).append("\": [");
            int k = 3 + random.nextInt(12);
            for (int j = 0; j < k; j++) {
                keywords.append(j > 0 ? "," : "").append("\"").append(word(pool, c, random)).append("\"");
            }
            keywords.append("]");
        }
        g.dispose();
        ImageIO.write(sheet, "png", ds.resolve("package/img/google/sheets/32.png").toFile());
        Files.writeString(ds.resolve("package/emoji.json"), json.append("]").toString());
        Files.writeString(lib.resolve("package/dist/emoji-en-US.json"), keywords.append("}").toString());
        dataset = tmp.resolve("emoji");
        EmojiBuilder.builder().optOutput(dataset).optCacheRoot(tmp.resolve("cache")).optPackages(ds, lib).build().prepare();
    }

    /** Half the time one of the category's 20 words, otherwise any of the 400. */
    static String word(List<String> pool, int category, SplittableRandom random) {
        return random.nextBoolean() ? pool.get(category * 20 + random.nextInt(20)) : pool.get(random.nextInt(pool.size()));
    }

    @Test
    void tenEpochsWithoutNonFiniteLossForEveryMethodAndSeed() throws Exception {
        // one intra-op thread, as the suites run (--set threads=1): two threads only add contention on these tiny batches
        int threads = EngineThreads.current();
        EngineThreads.set(1);
        try {
            trainAll();
        } finally {
            EngineThreads.set(threads);
        }
    }

    private static void trainAll() throws Exception {
        for (String method : List.of("vanilla", "vanilla-uni", "bss-h", "bss-l")) {
            for (int seed = 1; seed <= 3; seed++) {
                Path dir = tmp.resolve(method + "-" + seed);
                // a NaN or infinite batch loss would throw NonFiniteLossException out of run()
                TrainingRun.builder().setSpec(RunSpecLoader.load(null, List.of("dataset=emoji", "dataset-options={root: '" + dataset + "'}",
                        "method=" + method, "seed=" + seed, "epochs=10", "outputs.checkpoint-every=0"))).setDirectory(dir)
                        .setBackend(new EngineBackend()).build().run();
                List<EpochRecord> rows = MetricsCsv.read(dir.resolve("metrics.csv")).rows();
                assertEquals(10, rows.size(), method + " seed " + seed);
                for (EpochRecord r : rows) {
                    assertTrue(Double.isFinite(r.trainLoss()) && Double.isFinite(r.get("test", "loss")),
                            method + " seed " + seed + " epoch " + r.epoch() + ": " + r.trainLoss());
                }
            }
        }
    }
}
