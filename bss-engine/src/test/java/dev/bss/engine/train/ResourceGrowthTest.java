package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native arrays attached to the trainer's managers must not grow with the number of batches: after the first
 * epoch (which creates optimiser state) the count stays constant (16 batches per epoch), with scoring (pass, online, gradient magnitude)
 * every epoch.
 */
class ResourceGrowthTest {

    @Test
    void arrayCountIsConstantAcrossEpochs() {
        List<Long> counts = new ArrayList<>();
        TrainingMethod scoring = new TrainingMethod() {
            @Override
            public String id() {
                return "scoring-every-epoch";
            }

            @Override
            public dev.bss.core.schedule.SequenceScheduler sequenceScheduler(TrainingContext context) {
                return new HookOrderTest.ScoreOnceScheduler(context.trainSet().size()) {
                    @Override
                    public boolean needsScores(int epoch) {
                        return true;
                    }
                };
            }

            @Override
            public ScoringRequest scoringRequest() {
                return new ScoringRequest(ScoringMode.ONLINE, true, LossWeights.FUSED_AND_UNIMODAL, 0);
            }

            @Override
            public double[] balanceScores(TrainingContext context, PerSampleStatistics statistics) {
                return statistics.predictionSimilarity().clone();
            }

            @Override
            public LossWeights lossWeights() {
                return LossWeights.FUSED_AND_UNIMODAL;
            }
        };
        MultimodalTrainer[] holder = new MultimodalTrainer[1];
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(TinyRuns.tinySynthetic(32, 2))
                .setMethod(scoring)
                .setConfig(TrainerConfig.builder().setEpochs(3).setBatchSize(2).optSeed(3).build())
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport report) {
                        counts.add(holder[0].nativeArrayCount());
                    }
                })
                .build()) {
            holder[0] = trainer;
            long before = trainer.nativeArrayCount();
            assertTrue(before > 0, "parameters are counted");
            trainer.fit();
        }
        // 16 batches per epoch; any per-batch leak would add >= 16 arrays per epoch
        assertEquals(3, counts.size());
        assertEquals(counts.get(1), counts.get(2), "array count after epochs 1..3: " + counts);
    }
}
