package dev.bss.engine.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import dev.bss.engine.metrics.ClassificationMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Degenerate data at the engine's edge (docs/reliability.md): a sample that lacks a modality or carries the
 * wrong number of values, a split where only one class is present, and an empty split.
 */
class DegenerateDataTest {

    private static MultimodalDataset dataset(float[][]... modalitiesPerSample) {
        List<ModalitySpec> specs = List.of(ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 2, 2),
            ModalitySpec.of("image", ModalityKind.IMAGE, 1, 2, 2));
        return new MultimodalDataset() {
            @Override
            public List<ModalitySpec> modalities() {
                return specs;
            }

            @Override
            public List<String> classNames() {
                return List.of("a", "b");
            }

            @Override
            public int size() {
                return modalitiesPerSample.length;
            }

            @Override
            public MultimodalSample get(int index) {
                return new MultimodalSample("s" + index, 0, modalitiesPerSample[index], Map.of());
            }
        };
    }

    @Test
    void aSampleMissingAModalityIsATypedErrorNamingSampleAndModality() {
        float[] four = {1, 2, 3, 4};
        MultimodalDataset[] bad = {
            dataset(new float[][] {four, four}, new float[][] {four}), // image missing
            dataset(new float[][] {four, four}, new float[][] {four, null}), // image null
            dataset(new float[][] {four, four}, new float[][] {four, {1, 2, 3}}), // image too short
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            for (MultimodalDataset d : bad) {
                BatchAssembler assembler = new BatchAssembler(d);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> assembler.inputs(manager, new int[] {0, 1}, 0, 2));
                assertTrue(e.getMessage().contains("s1") && e.getMessage().contains("image"), e.getMessage());
            }
            // the well-formed sample alone assembles
            assertEquals(2, new BatchAssembler(bad[0]).inputs(manager, new int[] {0}, 0, 1).size());
        }
    }

    @Test
    void oneClassPresentGivesDefinedMetrics() {
        int[] labels = {1, 1, 1, 1};
        int[] predictions = {1, 0, 1, 1};
        float[] probabilities = {0.2f, 0.8f, 0.6f, 0.4f, 0.1f, 0.9f, 0.3f, 0.7f};
        assertEquals(0.75, ClassificationMetrics.accuracy(predictions, labels), 0.0);
        // mAP skips class 0 (no positive): AP of class 1 with positives everywhere is 1
        assertEquals(1.0, ClassificationMetrics.meanAveragePrecision(probabilities, labels, 2), 0.0);
        // macro-F1 over classes present in labels or predictions: class 1 F1 = 6/7, class 0 F1 = 0
        assertEquals((6.0 / 7.0 + 0.0) / 2, ClassificationMetrics.macroF1(predictions, labels, 2), 1e-12);
        // perfect prediction of the single class
        assertEquals(1.0, ClassificationMetrics.macroF1(labels, labels, 2), 0.0);
    }

    @Test
    void anEmptySplitGivesNaNMetricsNotAnException() {
        assertTrue(Double.isNaN(ClassificationMetrics.accuracy(new int[0], new int[0])));
        assertTrue(Double.isNaN(ClassificationMetrics.meanAveragePrecision(new float[0], new int[0], 3)));
        assertTrue(Double.isNaN(ClassificationMetrics.macroF1(new int[0], new int[0], 3)));
    }
}
