package dev.bss.spark.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.layouts.LayoutCache;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.MultimodalSample;
import dev.bss.experiments.engine.EngineBackend;
import dev.bss.spark.LayoutFixtures;
import dev.bss.spark.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss spark prepare} on local[2] against the single-machine {@code LayoutCache.prepare}. */
class DistributedPrepareTest {

    @TempDir
    Path dir;

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void sparkOutputIsByteIdenticalToTheSingleMachinePrepare() throws Exception {
        Path src = LayoutFixtures.cremaD(dir.resolve("crema"), 7, 3);
        Map<String, Object> options = Map.of("image-size", "8");
        LayoutCache.prepare("crema-d", src, dir.resolve("local"), options);
        DistributedPrepare.prepare(SparkTestSession.get(), "crema-d", src, dir.resolve("spark"), options);
        assertEquals(List.of("manifest.json", "test.bin", "train.bin"), files(dir.resolve("local")));
        assertEquals(files(dir.resolve("local")), files(dir.resolve("spark")));
        for (String f : files(dir.resolve("local"))) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve(f)), Files.readAllBytes(dir.resolve("spark").resolve(f)), f);
        }
        // the prepared folder loads as the layout does, with the same samples
        DatasetSplits cached = EngineBackend.provider("crema-d").load(Map.of("root", dir.resolve("spark").toString()));
        DatasetSplits raw = EngineBackend.provider("crema-d").load(Map.of("root", src.toString(), "image-size", "8"));
        assertEquals(7, cached.train().size());
        for (int i = 0; i < 7; i++) {
            MultimodalSample a = cached.train().get(i);
            MultimodalSample b = raw.train().get(i);
            assertEquals(b.id(), a.id());
            assertEquals(b.label(), a.label());
            assertEquals(b.metadata(), a.metadata());
            assertArrayEquals(b.modalities()[0], a.modalities()[0]);
            assertArrayEquals(b.modalities()[1], a.modalities()[1]);
        }
        // a run asking other layout options than the cache was prepared with is told so
        assertThrows(DataFormatException.class, () -> EngineBackend.provider("crema-d")
                .load(Map.of("root", dir.resolve("spark").toString(), "image-size", "16")));
    }

    @Test
    void aBadLayoutFailsBeforeAnythingIsWritten() throws Exception {
        Path src = LayoutFixtures.cremaD(dir.resolve("crema"), 6, 2);
        Path frame = src.resolve("Image-01-FPS/1003_IEO_FEA_XX/frame_0.jpg");
        Files.writeString(frame, "not a JPEG");
        Path target = dir.resolve("out");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DistributedPrepare.prepare(SparkTestSession.get(), "crema-d", src, target, Map.of("image-size", "8")));
        assertTrue(e.getMessage().contains("1 problem(s)") && e.getMessage().contains("frame_0.jpg")
                && e.getMessage().contains("train.csv:4"), e.getMessage());
        assertFalse(Files.exists(target));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("crema"), s.map(p -> p.getFileName().toString()).toList(), "no temporary folder left");
        }
        // an annotation problem fails on the driver, before any task
        Files.writeString(src.resolve("annotations/test.csv"), "1006_IEO_NEU_XX,BORED\n", java.nio.file.StandardOpenOption.APPEND);
        DataFormatException index = assertThrows(DataFormatException.class,
                () -> DistributedPrepare.prepare(SparkTestSession.get(), "crema-d", src, target, Map.of("image-size", "8")));
        assertTrue(index.getMessage().contains("BORED"), index.getMessage());
    }
}
