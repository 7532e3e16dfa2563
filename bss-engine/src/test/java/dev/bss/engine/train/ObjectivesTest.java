package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bss.engine.model.ModelOutputs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The objective's terms on hand-made logits: z_f = 0, z_a = [[2,0,0],[0,1,0]], z_v = [[0,1,0],[1,0,0]], y = (0, 1).
 * Sum of heads z_a + z_v = [[2,1,0],[1,1,0]]: CE = ln(e² + e + 1) − 2 = 0.407606 and ln(2e + 1) − 1 = 0.861995, mean
 * 0.634800 (numpy). The per-head sum CE(z_a) + CE(z_v) is 1.946939 on average, a different objective.
 */
class ObjectivesTest {

    private static ModelOutputs outputs(NDManager m) {
        NDList list = new NDList(m.zeros(new Shape(2, 3)),
                m.create(new float[] {2, 0, 0, 0, 1, 0}, new Shape(2, 3)),
                m.create(new float[] {0, 1, 0, 1, 0, 0}, new Shape(2, 3)),
                m.zeros(new Shape(2, 4)), m.zeros(new Shape(2, 4)));
        return new ModelOutputs(list, 2);
    }

    @Test
    void theSumOfHeadsObjectiveIsOneCrossEntropyOfTheSummedLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelOutputs o = outputs(m);
            var oneHot = m.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(2, 3));
            assertEquals(0.634800, Objectives.batchLoss(o, oneHot, LossWeights.SUM_OF_HEADS).getFloat(), 1e-6);
            float[] perSample = Objectives.perSampleLoss(o, oneHot, LossWeights.SUM_OF_HEADS).toFloatArray();
            assertEquals(0.407606, perSample[0], 1e-6);
            assertEquals(0.861995, perSample[1], 1e-6);
            assertEquals(1.946939, Objectives.batchLoss(o, oneHot, new LossWeights(0, 1)).getFloat(), 1e-6);
            // terms add: CE(z_f) of zero logits is ln 3 = 1.098612 per sample
            assertEquals(1.098612 + 1.946939 + 0.5 * 0.634800, Objectives.batchLoss(o, oneHot, new LossWeights(1, 1, 0.5)).getFloat(), 1e-5);
        }
    }

    @Test
    void trainedHeadsFollowThePositiveWeights() {
        List<String> mods = List.of("audio", "image");
        assertEquals(List.of("fused"), LossWeights.FUSED_ONLY.trainedHeads(mods));
        assertEquals(List.of("fused", "audio", "image"), LossWeights.FUSED_AND_UNIMODAL.trainedHeads(mods));
        assertEquals(List.of("audio", "image"), LossWeights.SUM_OF_HEADS.trainedHeads(mods));
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(1, 0, -1));
    }
}
