package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.bss.engine.model.MultimodalNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A head the objective does not reach keeps its initial weights bit for bit under SGD with momentum and weight decay
 * (PyTorch skips a parameter without a gradient), while the heads it reaches move.
 */
class UnusedHeadTest {

    private static List<float[]> values(List<Parameter> parameters) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    private static List<Parameter> unimodalHeads(MultimodalNetwork n) {
        List<Parameter> out = new ArrayList<>();
        for (int m = 0; m < n.modalityNames().size(); m++) {
            out.addAll(n.headParameters(m));
        }
        return out;
    }

    /** Trains 1 epoch of 4 batches; returns {unimodal heads before, after, fusion before, after}. */
    private static List<List<float[]>> train(TrainingMethod method) {
        OptimizerSettings sgd = OptimizerSettings.builder().optLearningRate(0.05).optMomentum(0.9).optWeightDecay(0.01).build();
        try (MultimodalTrainer trainer = MultimodalTrainer.builder().setDataset(TinyRuns.tinySynthetic(32, 3)).setMethod(method)
                .setConfig(TrainerConfig.builder().setEpochs(1).setBatchSize(8).optSeed(3).build()).optOptimizer(sgd).build()) {
            MultimodalNetwork n = trainer.network();
            List<float[]> headsBefore = values(unimodalHeads(n));
            List<float[]> fusionBefore = values(n.fusionParameters());
            trainer.fit();
            return List.of(headsBefore, values(unimodalHeads(n)), fusionBefore, values(n.fusionParameters()));
        }
    }

    private static void assertUnchanged(List<float[]> before, List<float[]> after) {
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), 0f, "parameter " + i + " moved");
        }
    }

    private static boolean anyMoved(List<float[]> before, List<float[]> after) {
        for (int i = 0; i < before.size(); i++) {
            if (!Arrays.equals(before.get(i), after.get(i))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aFusedOnlyObjectiveLeavesTheUnimodalHeadsUntouched() {
        List<List<float[]>> r = train(new TrainingMethod() {
            @Override
            public String id() {
                return "fused-only";
            }
        });
        assertUnchanged(r.get(0), r.get(1));
        assertTrue(anyMoved(r.get(2), r.get(3)), "the fused head trains");
    }

    /** Loss weights say fused + unimodal, but the loss keeps only the fused term; {@code declares} says so. */
    static final class DropsUnimodal implements TrainingMethod {
        private final boolean declares;

        DropsUnimodal(boolean declares) {
            this.declares = declares;
        }

        @Override
        public String id() {
            return "drops-unimodal";
        }

        @Override
        public LossWeights lossWeights() {
            return LossWeights.FUSED_AND_UNIMODAL;
        }

        @Override
        public NDArray loss(BatchContext batch, NDArray defaultLoss) {
            return Objectives.crossEntropy(batch.outputs().fused(), batch.oneHotLabels()).mean();
        }

        @Override
        public Set<String> objectiveHeads(BatchContext batch, Set<String> heads) {
            return declares ? Set.of(LossWeights.FUSED_HEAD) : heads;
        }
    }

    @Test
    void theObjectiveHeadsHookOverridesTheLossWeights() {
        List<List<float[]>> r = train(new DropsUnimodal(true));
        assertUnchanged(r.get(0), r.get(1));
        // the same objective without the hook: the unimodal heads still decay and carry momentum
        List<List<float[]>> without = train(new DropsUnimodal(false));
        assertTrue(anyMoved(without.get(0), without.get(1)), "weight decay moves heads the step believes trained");
    }

    @Test
    void anUnknownHeadNameIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(new TrainingMethod() {
            @Override
            public String id() {
                return "typo";
            }

            @Override
            public Set<String> objectiveHeads(BatchContext batch, Set<String> heads) {
                return Set.of("fussed");
            }
        }));
        assertEquals("method typo: objectiveHeads names unknown head 'fussed'; heads: fused, audio, image", e.getMessage());
    }
}
