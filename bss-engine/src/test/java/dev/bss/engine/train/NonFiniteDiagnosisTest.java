package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.InMemoryMultimodalDataset;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A non-finite loss names its first non-finite tensor: a parameter left NaN by a hook, a NaN input element, a layer
 * that overflows from finite inputs, or (all of those finite) the objective.
 */
class NonFiniteDiagnosisTest {

    /** Runs 2 epochs of 2 batches; {@code afterFirstStep} may damage the network after epoch 1's first step. */
    private static NonFiniteLossException failure(DatasetSplits data, Consumer<TrainingContext> afterFirstStep) {
        TrainingMethod method = new TrainingMethod() {
            @Override
            public String id() {
                return "damaging";
            }

            @Override
            public void afterStep(TrainingContext ctx, int epoch, int batch) {
                if (epoch == 1 && batch == 0) {
                    afterFirstStep.accept(ctx);
                }
            }
        };
        try (MultimodalTrainer trainer = MultimodalTrainer.builder().setDataset(data).setMethod(method)
                .setConfig(TrainerConfig.builder().setEpochs(2).setBatchSize(8).optSeed(1).build()).build()) {
            return assertThrows(NonFiniteLossException.class, trainer::fit);
        }
    }

    private static Pair<String, Parameter> parameter(TrainingContext ctx, String nameEnd) {
        for (Pair<String, Parameter> p : ctx.network().getParameters()) {
            if (p.getKey().endsWith(nameEnd)) {
                return p;
            }
        }
        throw new AssertionError("no parameter ending in " + nameEnd);
    }

    @Test
    void namesTheParameterAHookLeftNaN() {
        String[] name = new String[1];
        NonFiniteLossException e = failure(TinyRuns.tinySynthetic(16, 1), ctx -> {
            Pair<String, Parameter> p = parameter(ctx, "fusion_02Linear_weight");
            name[0] = p.getKey();
            p.getValue().getArray().set(new NDIndex(2, 5), Float.NaN);
        });
        assertEquals(1, e.epoch());
        assertEquals(1, e.batchIndex());
        assertTrue(e.firstNonFinite().startsWith("parameter " + name[0] + " "), e.firstNonFinite());
        assertTrue(e.firstNonFinite().contains("1 of ") && e.firstNonFinite().contains("first at [2, 5]"), e.firstNonFinite());
        assertTrue(e.getMessage().contains("first non-finite tensor: parameter " + name[0]), e.getMessage());
    }

    @Test
    void namesTheLayerThatOverflowsFromFiniteInputs() {
        // every fusion weight 1e38 is finite, but the embeddings are non-negative (ReLU, average pool) and sum to far
        // more than 3.4, so each fused logit overflows to +inf
        NonFiniteLossException e = failure(TinyRuns.tinySynthetic(16, 1),
                ctx -> parameter(ctx, "fusion_02Linear_weight").getValue().getArray().muli(0f).addi(1e38f));
        assertEquals("output of fusion/02Linear (Linear) (embeddings and parameters are finite)", e.firstNonFinite());
    }

    @Test
    void namesTheInputElementAndSample() {
        DatasetSplits tiny = TinyRuns.tinySynthetic(16, 1);
        MultimodalDataset train = tiny.train();
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            MultimodalSample s = train.get(i);
            float[][] values = {s.modalities()[0].clone(), s.modalities()[1].clone()};
            if (i == 5) {
                values[1][3 * 8 + 4] = Float.POSITIVE_INFINITY; // image {1, 8, 8} at [0, 3, 4]
            }
            samples.add(new MultimodalSample(s.id(), s.label(), values, s.metadata()));
        }
        MultimodalDataset poisoned = new InMemoryMultimodalDataset(train.modalities(), train.classNames(), samples, "poisoned");
        String id = samples.get(5).id();
        NonFiniteLossException e = failure(new DatasetSplits("poisoned", poisoned, null, tiny.test()), ctx -> { });
        assertEquals(1, e.epoch());
        assertTrue(e.sampleIds().contains(id));
        assertEquals("input 'image' of sample " + id + " at [0, 3, 4] (1 non-finite values in the batch)", e.firstNonFinite());
    }

    @Test
    void unravelIsRowMajor() {
        assertArrayEquals(new long[] {1, 2, 3}, NonFiniteDiagnosis.unravel(1 * 20 + 2 * 5 + 3, new Shape(4, 4, 5)));
        assertArrayEquals(new long[] {0}, NonFiniteDiagnosis.unravel(0, new Shape(7)));
    }
}
