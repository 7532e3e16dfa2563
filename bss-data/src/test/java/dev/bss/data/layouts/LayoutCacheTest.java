package dev.bss.data.layouts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.Fixtures;
import dev.bss.data.io.CacheManifest;
import dev.bss.engine.data.DatasetSplits;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A paper layout prepared into a cache in this process, and loaded back through the layout's provider. */
class LayoutCacheTest {

    @TempDir
    Path root;

    private Path vggSound() throws Exception {
        Path src = root.resolve("vgg");
        Files.createDirectories(src);
        Files.writeString(src.resolve("label_encoding.json"), "{\"dog barking\": 0, \"rain\": 1}");
        Files.writeString(src.resolve("train.csv"), "a,dog barking,Xc1\nb,rain,Xc2\nc,rain,Xc3\n");
        Files.writeString(src.resolve("test.csv"), "d,dog barking,Xc4\n");
        for (String c : List.of("c1", "c2", "c3", "c4")) {
            Fixtures.wav(src.resolve("AudioWAV/" + c + ".wav"), 0.02, 16000, 300 + 100 * c.charAt(1));
            for (int f = 0; f < 4; f++) {
                Fixtures.png(src.resolve("Image-01-FPS/" + c + "/" + f + ".png"), 6, 6, Color.BLUE);
            }
        }
        return src;
    }

    @Test
    void preparedCacheLoadsLikeTheLayoutAndIsReproducible() throws Exception {
        Path src = vggSound();
        CacheManifest m = LayoutCache.prepare("vggsound", src, root.resolve("a"), Map.of("image-size", "4"));
        assertEquals("vggsound", m.dataset());
        assertEquals(Map.of("layout", "vggsound", "options", Map.of("image-size", "4")), m.recipe());
        assertEquals(3, m.splits().get("train").count());
        assertEquals(src.toAbsolutePath().normalize().resolve("train.csv") + ":2", m.splits().get("train").samples().get(1).metadata().get("source"));
        LayoutCache.prepare("vggsound", src, root.resolve("b"), Map.of("image-size", "4"));
        for (String f : List.of("manifest.json", "train.bin", "test.bin")) {
            assertArrayEquals(Files.readAllBytes(root.resolve("a").resolve(f)), Files.readAllBytes(root.resolve("b").resolve(f)), f);
        }
        DatasetSplits cached = LayoutCheck.layout("vggsound").load(Map.of("root", root.resolve("a").toString()));
        DatasetSplits raw = LayoutCheck.layout("vggsound").load(Map.of("root", src.toString(), "image-size", 4));
        assertEquals(raw.train().size(), cached.train().size());
        assertEquals(raw.train().modalities(), cached.train().modalities());
        for (int i = 0; i < raw.train().size(); i++) {
            assertEquals(raw.train().get(i).id(), cached.train().get(i).id());
            assertEquals(raw.train().get(i).metadata(), cached.train().get(i).metadata());
            assertArrayEquals(raw.train().get(i).modalities()[0], cached.train().get(i).modalities()[0]);
        }
        assertEquals(cached.train().checksum(), m.files().get("train.bin"));
        // same options as prepared (as numbers or strings) load; other values are refused, naming the option
        LayoutCheck.layout("vggsound").load(Map.of("root", root.resolve("a").toString(), "image-size", 4, "verify", false));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LayoutCheck.layout("vggsound").load(Map.of("root", root.resolve("a").toString(), "image-size", 8)));
        assertTrue(e.getMessage().contains("image-size=8"), e.getMessage());
    }

    @Test
    void aLayoutThatFailsTheCheckLeavesNothing() throws Exception {
        Path src = vggSound();
        Fixtures.garbage(src.resolve("AudioWAV/c2.wav"));
        Path target = root.resolve("out");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LayoutCache.prepare("vggsound", src, target, Map.of("image-size", "4")));
        assertTrue(e.getMessage().contains("train.csv:2") && e.getMessage().contains("c2.wav"), e.getMessage());
        assertFalse(Files.exists(target));
        assertThrows(IllegalArgumentException.class, () -> LayoutCache.prepare("vggsound", src, target, Map.of("skip-bad", "true")));
        assertThrows(IllegalArgumentException.class, () -> LayoutCache.prepare("no-such-layout", src, target, Map.of()));
    }
}
