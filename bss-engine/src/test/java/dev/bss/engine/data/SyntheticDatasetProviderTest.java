package dev.bss.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SyntheticDatasetProviderTest {

    static Map<String, Object> tiny(long seed) {
        return Map.of("seed", seed, "train-size", 40, "val-size", 8, "test-size", 8, "classes", 4,
                "audio-shape", "1x4x6", "image-shape", "1x5x5", "modalities", 3);
    }

    @Test
    void isFoundByServiceLoader() {
        boolean found = false;
        for (DatasetProvider p : ServiceLoader.load(DatasetProvider.class)) {
            found |= p.id().equals("synthetic");
        }
        assertTrue(found);
    }

    @Test
    void shapesSplitsLabelsAndCorruptionMetadata() {
        DatasetSplits s = new SyntheticDatasetProvider().load(tiny(1));
        assertEquals(40, s.train().size());
        assertEquals(8, s.validation().size());
        assertEquals(8, s.test().size());
        assertEquals(3, s.train().modalities().size());
        assertArrayEquals(new int[] {1, 4, 6}, s.train().modalities().get(0).shape());
        assertEquals(ModalityKind.VECTOR, s.train().modalities().get(2).kind());
        int[] perClass = new int[4];
        int corrupted = 0;
        for (int i = 0; i < s.train().size(); i++) {
            MultimodalSample x = s.train().get(i);
            perClass[x.label()]++;
            assertEquals(24, x.modalities()[0].length);
            double level = Double.parseDouble(x.metadata().get("corruption_audio"));
            assertTrue(level >= 0 && level <= 1);
            corrupted += level > 0 ? 1 : 0;
        }
        assertArrayEquals(new int[] {10, 10, 10, 10}, perClass, "labels are balanced");
        assertTrue(corrupted > 5 && corrupted < 35, "about half the samples are corrupted: " + corrupted);
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        DatasetSplits a = new SyntheticDatasetProvider().load(tiny(7));
        DatasetSplits b = new SyntheticDatasetProvider().load(tiny(7));
        DatasetSplits c = new SyntheticDatasetProvider().load(tiny(8));
        assertEquals(a.train().checksum(), b.train().checksum());
        assertArrayEquals(a.train().get(3).modalities()[1], b.train().get(3).modalities()[1]);
        assertNotEquals(a.train().checksum(), c.train().checksum());
    }

    @Test
    void badOptionsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticDatasetProvider().load(Map.of("sise", 3)));
        assertTrue(e.getMessage().contains("'sise'") && e.getMessage().contains("train-size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetProvider().load(Map.of("image-shape", "28x28")));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetProvider().load(Map.of("modalities", 4)));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDatasetProvider().load(Map.of("corrupted-modality", "smell")));
    }

    @Test
    void batchAssemblerCopiesSamplesInOrder() {
        DatasetSplits s = new SyntheticDatasetProvider().load(tiny(2));
        BatchAssembler assembler = new BatchAssembler(s.train());
        int[] order = {5, 2, 9};
        try (NDManager m = NDManager.newBaseManager()) {
            NDList batch = assembler.inputs(m, order, 1, 3);
            assertEquals(new Shape(2, 1, 4, 6), batch.get(0).getShape());
            assertEquals(new Shape(2, 32), batch.get(2).getShape());
            float[] values = batch.get(1).toFloatArray();
            float[] second = s.train().get(9).modalities()[1];
            for (int i = 0; i < second.length; i++) {
                assertEquals(second[i], values[second.length + i]);
            }
            assertArrayEquals(new int[] {s.train().get(2).label(), s.train().get(9).label()}, assembler.labels(order, 1, 3));
        }
    }
}
