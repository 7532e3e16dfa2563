package dev.bss.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.SyntheticDatasetProvider;
import dev.bss.engine.train.EpochReport;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.ScoreReport;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingListener;
import dev.bss.engine.train.TrainingResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tiny CPU runs (1×8×8 inputs, 128 training samples, 4 classes, 5 epochs): for each method the training loss falls
 * and test accuracy clearly beats chance (0.25).
 */
class MethodSmokeTest {

    static DatasetSplits tiny() {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", 5);
        o.put("train-size", 128);
        o.put("val-size", 64);
        o.put("test-size", 64);
        o.put("classes", 4);
        o.put("audio-shape", "1x8x8");
        o.put("image-shape", "1x8x8");
        o.put("noise", 0.5);
        return new SyntheticDatasetProvider().load(o);
    }

    @ParameterizedTest
    @CsvSource({"vanilla,", "bss-h,t-grow=3", "bss-l,", "bss-l,scoring=online;preset=reference-code"})
    void lossFallsAndAccuracyBeatsChance(String method, String optionText) {
        Map<String, Object> options = new HashMap<>();
        if (optionText != null) {
            for (String kv : optionText.split(";")) {
                String[] p = kv.split("=");
                options.put(p[0], p[1]);
            }
        }
        List<ScoreReport> scores = new ArrayList<>();
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(tiny())
                .setMethod(MethodRegistry.create(method, options))
                .setConfig(TrainerConfig.builder().setEpochs(5).setBatchSize(16).optSeed(2).build())
                .addListener(new TrainingListener() {
                    @Override
                    public void onScores(ScoreReport report) {
                        scores.add(report);
                    }
                })
                .build()) {
            TrainingResult result = trainer.fit();
            List<EpochReport> h = result.history();
            assertTrue(h.get(h.size() - 1).trainLoss() < h.get(0).trainLoss(),
                    method + ": training loss should fall: " + h.stream().map(EpochReport::trainLoss).toList());
            assertTrue(result.last().test().acc() > 0.4, method + ": test accuracy " + result.last().test().acc());
            if (method.equals("vanilla")) {
                assertTrue(scores.isEmpty());
            } else {
                assertTrue(!scores.isEmpty(), method + " should have scored");
                assertEquals(128, scores.get(0).scores().length);
            }
            if (method.equals("bss-l")) {
                assertEquals(5, scores.size(), "bss-l re-scores every epoch");
            }
            if (method.startsWith("bss-h")) {
                assertEquals(1, scores.size(), "bss-h ranks once");
                assertTrue(h.get(0).trainSamples() < h.get(h.size() - 1).trainSamples(), "pacing grows the subset");
            }
        }
    }
}
