package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ImageAugmentation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training 3 epochs equals training 2, checkpointing, and resuming for 1 (exactly, on CPU), with image augmentation on:
 * its streams are keyed by (seed, epoch, batch), so the resumed epoch sees the same crops.
 */
class ResumeTest {

    /** A stateful data-level method: learning-based scheduler with EMA over online statistics. */
    static TrainingMethod learningBased() {
        return new TrainingMethod() {
            @Override
            public String id() {
                return "test-learning";
            }

            @Override
            public SequenceScheduler sequenceScheduler(TrainingContext context) {
                return LearningBasedScheduler.builder().setSize(context.trainSet().size()).setSeed(context.seed())
                        .optBeta(0.5).optTransform(ProbabilityTransform.softmax(1.0)).build();
            }

            @Override
            public ScoringRequest scoringRequest() {
                return ScoringRequest.of(ScoringMode.ONLINE);
            }

            @Override
            public double[] balanceScores(TrainingContext context, PerSampleStatistics statistics) {
                double[] s = new double[statistics.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = statistics.predictionSimilarity()[i] - statistics.totalLoss()[i];
                }
                return s;
            }

            @Override
            public LossWeights lossWeights() {
                return LossWeights.FUSED_AND_UNIMODAL;
            }
        };
    }

    static TrainingResult run(DatasetSplits splits, int epochs, Path checkpoints, Path resumeFrom) {
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(splits)
                .setMethod(learningBased())
                .setConfig(TrainerConfig.builder().setEpochs(epochs).setBatchSize(8).optSeed(11)
                        .optAugmentation(ImageAugmentation.builder().optRandomResizedCrop(0.5, 1.0).optHorizontalFlip(true).build())
                        .optCheckpointDirectory(checkpoints).build())
                .optResumeFrom(resumeFrom)
                .build()) {
            return trainer.fit();
        }
    }

    @Test
    void resumeEqualsUninterruptedRun(@TempDir Path dir) throws IOException {
        DatasetSplits splits = TinyRuns.tinySynthetic(48, 4);
        TrainingResult full = run(splits, 3, dir.resolve("full"), null);
        run(splits, 2, dir.resolve("part"), null);
        Path checkpoint = dir.resolve("part/last.ckpt");
        assertTrue(Files.isRegularFile(checkpoint) && Files.isRegularFile(dir.resolve("part/last.ckpt.sha256")));
        TrainingResult resumed = run(splits, 3, dir.resolve("part"), checkpoint);
        assertEquals(3, resumed.history().size());
        for (int e = 0; e < 3; e++) {
            EpochReport a = full.history().get(e);
            EpochReport b = resumed.history().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), "train loss of epoch " + (e + 1));
            assertEquals(a.trainSamples(), b.trainSamples());
            assertEquals(a.validation(), b.validation(), "validation metrics of epoch " + (e + 1));
            assertEquals(a.test(), b.test(), "test metrics of epoch " + (e + 1));
        }
    }

    @Test
    void corruptCheckpointIsRefused(@TempDir Path dir) throws IOException {
        DatasetSplits splits = TinyRuns.tinySynthetic(16, 4);
        run(splits, 1, dir, null);
        Path checkpoint = dir.resolve("last.ckpt");
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= 1;
        Files.write(checkpoint, bytes);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run(splits, 2, dir, checkpoint));
        assertTrue(e.getCause() instanceof CheckpointFormatException && e.getCause().getMessage().contains("checksum"), e.toString());
        List<String> unused = List.of();
        assertTrue(unused.isEmpty());
    }
}
