package dev.bss.methods.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.SyntheticDatasetProvider;
import dev.bss.engine.model.Fusion;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.methods.MethodRegistry;
import dev.bss.methods.baselines.ModelProbe;
import dev.bss.methods.baselines.Numerics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fusion variants build, run forward with the right shape, are found by {@link ServiceLoader}, and (for concat,
 * sum, weighted) their slice logits add up to the fused logits.
 */
class FusionVariantsTest {

    static DatasetSplits tiny() {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", 1);
        o.put("train-size", 16);
        o.put("val-size", 0);
        o.put("test-size", 0);
        o.put("classes", 3);
        o.put("audio-shape", "1x8x8");
        o.put("image-shape", "1x8x8");
        return new SyntheticDatasetProvider().load(o);
    }

    @Test
    void variantsAreServices() {
        Set<String> ids = new HashSet<>();
        for (Fusion f : ServiceLoader.load(Fusion.class)) {
            ids.add(f.id());
        }
        assertTrue(ids.containsAll(Set.of("sum", "weighted", "film", "gated")), ids.toString());
    }

    @Test
    void singleModalityFilmAndGatedAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FilmFusionBlock(new int[] {4}, 2));
        assertThrows(IllegalArgumentException.class, () -> new GatedFusionBlock(new int[] {4}, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vanilla", "fusion-sum", "fusion-weighted", "fusion-film", "fusion-gated"})
    void forwardShapeAndSlices(String method) {
        DatasetSplits splits = tiny();
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(splits)
                .setMethod(MethodRegistry.create(method, Map.of()))
                .setConfig(TrainerConfig.builder().setEpochs(1).setBatchSize(8).optSeed(1).build())
                .build();
                NDManager manager = NDManager.newBaseManager()) {
            MultimodalNetwork network = trainer.network();
            int n = 8;
            NDList inputs = new BatchAssembler(splits.train()).inputs(manager, ModelProbe.all(n), 0, n);
            ModelOutputs outputs = new ModelOutputs(network.forward(new ParameterStore(manager, false), inputs, false), 2);
            float[][] fused = Numerics.toMatrix(outputs.fused());
            assertEquals(n, fused.length);
            assertEquals(3, fused[0].length);
            ModelProbe probe = new ModelProbe(trainer.context());
            if (method.equals("fusion-film") || method.equals("fusion-gated")) {
                assertThrows(IllegalArgumentException.class, () -> probe.sliceLogits(0, Numerics.toMatrix(outputs.embedding(0))));
                return;
            }
            float[][] a = probe.sliceLogits(0, Numerics.toMatrix(outputs.embedding(0)));
            float[][] v = probe.sliceLogits(1, Numerics.toMatrix(outputs.embedding(1)));
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(fused[i][k], a[i][k] + v[i][k], 1e-4, method + " sample " + i + " class " + k);
                }
            }
            if (network.fusion() instanceof SumFusionBlock s) {
                double[] w = s.modalityWeights();
                assertEquals(method.equals("fusion-weighted") ? 0.5 : 1.0, w[0], 1e-9, "weights start equal");
            }
        }
    }
}
