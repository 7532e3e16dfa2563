package dev.bss.data.fuzz;

import dev.bss.testkit.Mutator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.Fixtures;
import dev.bss.data.image.ImageLoader;
import dev.bss.data.io.CacheManifest;
import dev.bss.data.io.PreparedCache;
import dev.bss.core.io.Sha256;
import dev.bss.data.io.SplitFile;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Images through {@link ImageLoader} (PNG and JPEG, mutated) and prepared caches (the AV-digits format:
 * {@code manifest.json} + binary split files) through {@link PreparedCache#load}. Allowed failures:
 * {@link DataFormatException} naming the file (and, for a cache that is not there at all, the documented
 * {@link IllegalArgumentException} with the prepare hint). An accepted cache must decode every record with
 * labels inside the class list.
 */
class ImageAndCacheFuzzTest {

    private static final FuzzStats PNG = new FuzzStats("image PNG (mutated)");
    private static final FuzzStats JPEG = new FuzzStats("image JPEG (mutated)");
    private static final FuzzStats MANIFEST = new FuzzStats("cache manifest.json (mutated, verify on)");
    private static final FuzzStats SPLIT = new FuzzStats("cache split file (mutated, verify off)");
    private static final Path DIR;
    private static final byte[] PNG_BYTES;
    private static final byte[] JPEG_BYTES;
    private static final Path CACHE;
    private static final byte[] MANIFEST_BYTES;
    private static final byte[] TRAIN_BYTES;

    static {
        try {
            DIR = Files.createTempDirectory("bss-fuzz-images");
            PNG_BYTES = encode(Fixtures.picture(7, 5, Color.WHITE, Color.RED), "png");
            JPEG_BYTES = encode(Fixtures.picture(8, 8, Color.BLUE, Color.GREEN), "jpg");
            CACHE = DIR.resolve("cache");
            writeCache(CACHE);
            MANIFEST_BYTES = Files.readAllBytes(CACHE.resolve(CacheManifest.FILE_NAME));
            TRAIN_BYTES = Files.readAllBytes(CACHE.resolve("train.bin"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IOException("no " + format + " writer");
        }
        return out.toByteArray();
    }

    private static void writeCache(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<ModalitySpec> mods = List.of(ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 2, 3),
            ModalitySpec.of("image", ModalityKind.IMAGE, 1, 2, 2));
        List<String> classes = List.of("zero", "one", "two");
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, CacheManifest.SplitEntry> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            int n = split.equals("train") ? 4 : 2;
            List<CacheManifest.SampleEntry> samples = new ArrayList<>();
            try (SplitFile.Writer w = SplitFile.create(dir.resolve(split + ".bin"), split, mods, classes, n)) {
                for (int i = 0; i < n; i++) {
                    w.write(i % 3, new float[][] {{i, 1, 2, 3, 4, 5}, {0.5f, i, -1, 2}});
                    samples.add(new CacheManifest.SampleEntry(split + i, i % 3, Map.of("noise", "0." + i)));
                }
            }
            files.put(split + ".bin", Sha256.of(dir.resolve(split + ".bin")));
            splits.put(split, new CacheManifest.SplitEntry(split + ".bin", n, samples));
        }
        Map<String, Object> recipe = Map.of("seed", 1, "size", 4);
        new CacheManifest(CacheManifest.FORMAT, "fuzz-digits", recipe, CacheManifest.hashRecipe(recipe), files, splits, Map.of())
            .write(dir);
    }

    @Property
    void imagesDecodeOrFailTyped(@ForAll long seed) throws IOException {
        boolean png = new SplittableRandom(seed).nextBoolean();
        Path f = DIR.resolve(png ? "mutated.png" : "mutated.jpg");
        Files.write(f, Mutator.mutate(png ? PNG_BYTES : JPEG_BYTES, seed, 3));
        FuzzStats stats = png ? PNG : JPEG;
        try {
            BufferedImage img = ImageLoader.read(f);
            float[] rgb = ImageLoader.rgb(ImageLoader.resize(img, 4, 4, false), false, ImageLoader.IMAGENET);
            assertEquals(3 * 4 * 4, rgb.length);
            for (float v : rgb) {
                assertTrue(Float.isFinite(v));
            }
            stats.accepted();
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            stats.rejected(e);
        }
    }

    @Property
    void mutatedManifestLoadsOrFailsTyped(@ForAll long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] bytes = rng.nextBoolean() ? Mutator.mutate(MANIFEST_BYTES, seed, 3)
            : Mutator.mutateText(new String(MANIFEST_BYTES, StandardCharsets.UTF_8), seed, 3);
        Path manifest = CACHE.resolve(CacheManifest.FILE_NAME);
        Files.write(manifest, bytes);
        try {
            check(PreparedCache.load(CACHE, "fuzz-digits", true, "bss data prepare fuzz"));
            MANIFEST.accepted();
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(CACHE.toString()), e.getMessage());
            MANIFEST.rejected(e);
        } finally {
            Files.write(manifest, MANIFEST_BYTES);
        }
    }

    @Property
    void mutatedSplitFileLoadsOrFailsTyped(@ForAll long seed) throws IOException {
        Path train = CACHE.resolve("train.bin");
        Files.write(train, Mutator.mutate(TRAIN_BYTES, seed, 3));
        try {
            // without verification the reader itself must catch what it can, and never hand out a bad label
            check(PreparedCache.load(CACHE, "fuzz-digits", false, "bss data prepare fuzz"));
            SPLIT.accepted();
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(CACHE.toString()), e.getMessage());
            SPLIT.rejected(e);
        } finally {
            Files.write(train, TRAIN_BYTES);
        }
    }

    private static void check(DatasetSplits s) {
        for (MultimodalDataset d : new MultimodalDataset[] {s.train(), s.test()}) {
            for (int i = 0; i < d.size(); i++) {
                var sample = d.get(i);
                assertTrue(sample.label() >= 0 && sample.label() < d.classNames().size(), "label out of range: " + sample.label());
                for (int m = 0; m < d.modalities().size(); m++) {
                    assertEquals(d.modalities().get(m).elementCount(), sample.modalities()[m].length);
                }
            }
        }
    }

    @AfterContainer
    static void report() {
        PNG.print();
        JPEG.print();
        MANIFEST.print();
        SPLIT.print();
    }
}
