package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.data.DatasetSplits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tiny CPU run: the loss falls and test accuracy beats chance (4 classes → 0.25). */
class TrainerSmokeTest {

    @Test
    void vanillaLossFallsAndBeatsChance() {
        DatasetSplits splits = TinyRuns.tinySynthetic(128, 3);
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(splits)
                .setMethod(TinyRuns.fusedAndUnimodal("test-vanilla-uni"))
                .setConfig(TrainerConfig.builder().setEpochs(4).setBatchSize(16).optSeed(1).build())
                .build()) {
            TrainingResult result = trainer.fit();
            List<EpochReport> h = result.history();
            h.forEach(r -> System.out.println(r));
            assertTrue(h.get(h.size() - 1).trainLoss() < h.get(0).trainLoss(), "training loss should fall");
            assertTrue(result.last().test().acc() > 0.4, "test accuracy should beat chance (0.25) clearly");
        }
    }
}
