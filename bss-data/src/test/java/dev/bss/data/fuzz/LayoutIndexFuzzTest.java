package dev.bss.data.fuzz;

import dev.bss.testkit.Mutator;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.Fixtures;
import dev.bss.data.layouts.PaperLayout;
import dev.bss.data.layouts.Problems;
import dev.bss.engine.data.DatasetProvider;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The annotation files of the paper layouts (CSV with quotes: CREMA-D, Kinetics-Sounds, VGGSound; TSV:
 * Twitter2015; JSON: Sarcasm and VGGSound's label encoding). Each try mutates one annotation file of a valid
 * fixture and indexes the folder. Allowed outcomes: an index (bad rows reported as problems naming the file),
 * or a {@link DataFormatException} naming the file.
 */
class LayoutIndexFuzzTest {

    private static final Map<String, FuzzStats> STATS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Path ROOT;
    /** layout id → annotation file (relative to its root) → valid content. */
    private static final Map<String, Map<String, String>> ANNOTATIONS = new LinkedHashMap<>();

    static {
        try {
            ROOT = Files.createTempDirectory("bss-fuzz-layouts");
            crema(ROOT.resolve("crema-d"));
            kinetics(ROOT.resolve("kinetics-sounds"));
            vgg(ROOT.resolve("vggsound"));
            twitter(ROOT.resolve("twitter2015"));
            sarcasm(ROOT.resolve("sarcasm"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void put(String layout, Path root, String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
        ANNOTATIONS.computeIfAbsent(layout, k -> new LinkedHashMap<>()).put(file, text);
    }

    private static void crema(Path root) throws IOException {
        put("crema-d", root, "annotations/train.csv", "\uFEFF1001_DFA_ANG_XX,ANG\n1002_DFA_NEU_XX,NEU\n");
        put("crema-d", root, "annotations/test.csv", "1003_DFA_HAP_XX,HAP\n");
        for (String clip : List.of("1001_DFA_ANG_XX", "1002_DFA_NEU_XX", "1003_DFA_HAP_XX")) {
            Fixtures.wav(root.resolve("AudioWAV/" + clip + ".wav"), 0.01, 8000, 300);
            Fixtures.jpeg(root.resolve("Image-01-FPS/" + clip + "/frame_0.jpg"), 8, 8, Color.RED);
        }
    }

    private static void kinetics(Path root) throws IOException {
        put("kinetics-sounds", root, "annotations/train.csv", "youtube_id,time_start,label\nv1,0,\"playing drums\"\nv2,1,laughing\n");
        put("kinetics-sounds", root, "annotations/test.csv", "label,youtube_id\nlaughing,v4\n");
        put("kinetics-sounds", root, "annotations/weight.csv", "w\n1\n");
        for (String v : List.of("v1", "v2", "v4")) {
            String split = v.equals("v4") ? "test" : "train";
            Fixtures.wav(root.resolve(split + "_wav/" + v + ".wav"), 0.01, 8000, 500);
            for (int f = 0; f < 4; f++) {
                Fixtures.jpeg(root.resolve(split + "_img/Image-01-FPS/" + v + "/" + f + ".jpg"), 8, 8, Color.GREEN);
            }
        }
    }

    private static void vgg(Path root) throws IOException {
        put("vggsound", root, "label_encoding.json", "{\"dog barking\": 0, \"rain\": 1}");
        put("vggsound", root, "train.csv", "a,dog barking,Xc1\nb,rain,Xc2\n");
        put("vggsound", root, "test.csv", "c,rain,Xc3\n");
        for (String c : List.of("c1", "c2", "c3")) {
            Fixtures.wav(root.resolve("AudioWAV/" + c + ".wav"), 0.01, 16000, 900);
            for (int f = 0; f < 4; f++) {
                Fixtures.png(root.resolve("Image-01-FPS/" + c + "/" + f + ".png"), 6, 6, Color.BLACK);
            }
        }
    }

    private static void twitter(Path root) throws IOException {
        String header = "index\t#1 Label\t#2 ImageID\t#3 String\t#3 String\n";
        put("twitter2015", root, "annotations/train.tsv", header + "0\t2\t1.jpg\tGreat day at the #beach!\t$T$\n1\t0\t2.jpg\tTerrible, awful traffic\t$T$\n");
        put("twitter2015", root, "annotations/dev.tsv", header + "0\t1\t1.jpg\tA day\t$T$\n");
        put("twitter2015", root, "annotations/test.tsv", header + "0\t2\t2.jpg\tgreat beach\t$T$\n");
        Fixtures.jpeg(root.resolve("twitter2015_images/1.jpg"), 10, 10, Color.YELLOW);
        Fixtures.jpeg(root.resolve("twitter2015_images/2.jpg"), 10, 10, Color.CYAN);
    }

    private static void sarcasm(Path root) throws IOException {
        put("sarcasm", root, "train_data.json", "[{\"image\": \"/data/imgs/a.jpg\", \"text\": \"Oh great, another Monday!\", \"label\": 1},"
            + " {\"image\": \"b.jpg\", \"text\": \"nice photo\", \"label\": 0}]");
        put("sarcasm", root, "test_data.json", "[{\"image\": \"a.jpg\", \"text\": \"great\", \"label\": 1}]");
        Fixtures.jpeg(root.resolve("images/a.jpg"), 9, 9, Color.MAGENTA);
        Fixtures.jpeg(root.resolve("images/b.jpg"), 9, 9, Color.ORANGE);
    }

    private static PaperLayout layout(String id) {
        return (PaperLayout) ServiceLoader.load(DatasetProvider.class).stream().map(ServiceLoader.Provider::get)
            .filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /** CSV with quotes: CREMA-D, Kinetics-Sounds and VGGSound annotation files. */
    @Property
    void mutatedCsvAnnotationsIndexOrFailTyped(@ForAll long seed) throws IOException {
        fuzz(seed, "csv", ".csv");
    }

    /** TSV: Twitter2015 annotation files. */
    @Property
    void mutatedTsvAnnotationsIndexOrFailTyped(@ForAll long seed) throws IOException {
        fuzz(seed, "tsv", ".tsv");
    }

    /** JSON: Sarcasm annotation arrays and VGGSound's label encoding. */
    @Property
    void mutatedJsonAnnotationsIndexOrFailTyped(@ForAll long seed) throws IOException {
        fuzz(seed, "json", ".json");
    }

    private static void fuzz(long seed, String format, String suffix) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String[]> targets = new java.util.ArrayList<>();
        ANNOTATIONS.forEach((layout, files) -> files.keySet().stream().filter(f -> f.endsWith(suffix))
            .forEach(f -> targets.add(new String[] {layout, f})));
        String[] t = targets.get(rng.nextInt(targets.size()));
        String id = t[0];
        String file = t[1];
        Path root = ROOT.resolve(id);
        String valid = ANNOTATIONS.get(id).get(file);
        byte[] bytes = rng.nextBoolean() ? Mutator.mutate(valid.getBytes(StandardCharsets.UTF_8), seed, 4) : Mutator.mutateText(valid, seed, 4);
        Path target = root.resolve(file);
        Files.write(target, bytes);
        PaperLayout layout = layout(id);
        Map<String, Object> raw = new HashMap<>();
        raw.put("root", root.toString());
        FuzzStats stats = STATS.computeIfAbsent(format, k -> new FuzzStats("layout annotations " + k.toUpperCase(java.util.Locale.ROOT)
            + " (mutated; " + String.join(", ", targets.stream().map(x -> x[0]).distinct().toList()) + ")"));
        try {
            Problems problems = new Problems();
            layout.index(root, layout.options(raw), problems);
            for (String p : problems.problems()) {
                assertTrue(p.contains(root.toString()), "problem does not name a file: " + p);
            }
            stats.accepted();
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().contains(root.toString()), "error does not name the file: " + e.getMessage());
            stats.rejected(e);
        } finally {
            Files.writeString(target, valid);
        }
    }

    @AfterContainer
    static void report() {
        STATS.values().forEach(FuzzStats::print);
    }
}
