package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ImageAugmentation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Augmentation reaches the reference-code scoring pass (the official scripts score with the training transforms) and
 * not the eval-mode {@code pass} mode; the crops of an epoch are the same every time it is scored.
 */
class AugmentationTest {

    private static MultimodalTrainer trainer(DatasetSplits splits, boolean augment) {
        TrainerConfig.Builder c = TrainerConfig.builder().setEpochs(1).setBatchSize(8).optSeed(5);
        if (augment) {
            c.optAugmentation(ImageAugmentation.builder().optRandomResizedCrop(0.08, 1.0).optHorizontalFlip(true).build());
        }
        return MultimodalTrainer.builder().setDataset(splits).setMethod(TinyRuns.fusedAndUnimodal("m")).setConfig(c.build()).build();
    }

    @Test
    void theReferenceCodeScoringPassSeesAugmentedImagesAndThePassModeDoesNot() {
        DatasetSplits splits = TinyRuns.tinySynthetic(16, 2);
        try (MultimodalTrainer plain = trainer(splits, false); MultimodalTrainer augmented = trainer(splits, true)) {
            // eval mode first: the train-mode pass below updates BatchNorm running statistics
            double[] passPlain = plain.computeStatistics(ScoringRequest.of(ScoringMode.PASS), 1).totalLoss();
            double[] passAugmented = augmented.computeStatistics(ScoringRequest.of(ScoringMode.PASS), 1).totalLoss();
            assertArrayEquals(passPlain, passAugmented, 0.0, "pass mode scores the plain inputs");
            double[] refPlain = plain.computeStatistics(ScoringRequest.of(ScoringMode.REFERENCE_CODE), 1).totalLoss();
            double[] refAugmented = augmented.computeStatistics(ScoringRequest.of(ScoringMode.REFERENCE_CODE), 1).totalLoss();
            assertFalse(Arrays.equals(refPlain, refAugmented), "reference-code mode scores augmented inputs");
            double[] again = augmented.computeStatistics(ScoringRequest.of(ScoringMode.REFERENCE_CODE), 1).totalLoss();
            assertArrayEquals(refAugmented, again, 0.0, "the same epoch's crops again (train-mode BatchNorm uses batch statistics)");
        }
    }
}
