package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NaN loss stops the run naming epoch, batch, sample ids and the first non-finite tensor; the previous epoch's
 * checkpoint is kept.
 */
class NonFiniteLossTest {

    @Test
    void nanLossStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        TrainingMethod poisoned = new TrainingMethod() {
            @Override
            public String id() {
                return "poisoned";
            }

            @Override
            public NDArray loss(BatchContext batch, NDArray defaultLoss) {
                return batch.epoch() == 2 && batch.batchIndex() == 1 ? defaultLoss.mul(Float.NaN) : defaultLoss;
            }
        };
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(TinyRuns.tinySynthetic(16, 1))
                .setMethod(poisoned)
                .setConfig(TrainerConfig.builder().setEpochs(3).setBatchSize(8).optCheckpointDirectory(dir).build())
                .build()) {
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, trainer::fit);
            assertEquals(2, e.epoch());
            assertEquals(1, e.batchIndex());
            assertEquals(8, e.sampleIds().size());
            assertTrue(e.getMessage().contains("epoch 2, batch 1") && e.getMessage().contains("train-"), e.getMessage());
            // the hook multiplied a finite loss by NaN: every tensor of the network is finite
            assertTrue(e.firstNonFinite().startsWith("none in the network") && e.firstNonFinite().contains("loss hook"),
                    e.firstNonFinite());
        }
        assertEquals(1, Checkpoints.read(dir.resolve("last.ckpt")).epoch());
    }
}
