package dev.bss.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.Fixtures;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.OptimizerSettings;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.engine.train.TrainingResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a tiny AV-digits cache (generated 28 x 28 IDX digits, real espeak-ng speech, the default
 * one-sided corruption) trains the engine's default model (small-cnn encoders, concat fusion, fused loss)
 * well above chance (10 %) in a few epochs. 160 train / 80 test pairs, 6 + 3 speakers, image noise sigma
 * U[0, 0.3] (the default recipe's harder image needs more steps than a unit test should take).
 */
class AvDigitsTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void defaultModelLearnsAboveChance() throws Exception {
        long t0 = System.nanoTime();
        int[] lab = new int[700];
        for (int i = 0; i < lab.length; i++) {
            lab[i] = (i * 7) % 10;
        }
        Path images = tmp.resolve("images.idx");
        Path labels = tmp.resolve("labels.idx");
        Fixtures.idx(images, labels, lab, 28);
        // mild image noise: the generated bar digits are easy, so a few SGD steps suffice to leave chance behind
        AvDigitsRecipe recipe = AvDigitsRecipe.builder().optIdx(images, labels).optCounts(160, 0, 80).optSpeakers(6, 0, 3)
                .optImageNoiseSigma(0, 0.3).optSeed(3).build();
        Path out = tmp.resolve("av");
        AvDigitsBuilder.builder().optOutput(out).optCacheRoot(tmp.resolve("cache")).build().prepare(recipe);
        DatasetSplits splits = new AvDigitsProvider().load(Map.of("root", out.toString()));
        assertEquals(null, splits.validation());
        TrainingMethod vanilla = () -> "vanilla";
        try (MultimodalTrainer trainer = MultimodalTrainer.builder().setDataset(splits).setMethod(vanilla)
                .setConfig(TrainerConfig.builder().setEpochs(3).setBatchSize(16).optSeed(1).build())
                .optOptimizer(OptimizerSettings.builder().optLearningRate(0.05).build()).build()) {
            TrainingResult result = trainer.fit();
            double acc = result.last().test().acc();
            System.out.printf("av-digits training test: test acc %.3f, %.1f s%n", acc, (System.nanoTime() - t0) / 1e9);
            assertTrue(acc > 0.3, "test accuracy " + acc + " after 3 epochs; chance is 0.1");
        }
    }
}
