package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Records every hook and listener call of a 2-epoch, 2-batch run and checks the documented order. */
class HookOrderTest {

    /** Identity order; asks for scores at epoch 1 only. */
    static class ScoreOnceScheduler implements SequenceScheduler {
        private final int n;

        ScoreOnceScheduler(int n) {
            this.n = n;
        }

        @Override
        public boolean needsScores(int epoch) {
            return epoch == 1;
        }

        @Override
        public void updateScores(int epoch, double[] scores) {
        }

        @Override
        public int[] sequence(int epoch) {
            int[] s = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = i;
            }
            return s;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public byte[] saveState() {
            return new byte[0];
        }

        @Override
        public void restoreState(byte[] state) {
        }
    }

    @Test
    void hooksAreCalledInTheDocumentedOrder() {
        List<String> calls = new ArrayList<>();
        List<Double> gradientNorms = new ArrayList<>();
        TrainingMethod recorder = new TrainingMethod() {
            @Override
            public String id() {
                return "recorder";
            }

            @Override
            public SequenceScheduler sequenceScheduler(TrainingContext context) {
                calls.add("sequenceScheduler");
                return new ScoreOnceScheduler(context.trainSet().size());
            }

            @Override
            public ScoringRequest scoringRequest() {
                calls.add("scoringRequest");
                return ScoringRequest.of(ScoringMode.PASS);
            }

            @Override
            public double[] balanceScores(TrainingContext context, PerSampleStatistics statistics) {
                calls.add("balanceScores:" + statistics.epoch());
                return statistics.totalLoss().clone();
            }

            @Override
            public ModelConfig configureModel(ModelConfig config) {
                calls.add("configureModel");
                return config;
            }

            @Override
            public void onModelReady(TrainingContext context) {
                calls.add("onModelReady");
            }

            @Override
            public LossWeights lossWeights() {
                calls.add("lossWeights");
                return LossWeights.FUSED_AND_UNIMODAL;
            }

            @Override
            public NDArray loss(BatchContext batch, NDArray defaultLoss) {
                calls.add("loss:" + batch.epoch() + ":" + batch.batchIndex());
                assertEquals(0, defaultLoss.getShape().dimension(), "default loss is a scalar");
                return defaultLoss;
            }

            @Override
            public Set<String> objectiveHeads(BatchContext batch, Set<String> heads) {
                calls.add("objectiveHeads:" + batch.epoch() + ":" + batch.batchIndex());
                return heads;
            }

            @Override
            public void afterBackward(BatchContext batch) {
                calls.add("afterBackward:" + batch.epoch() + ":" + batch.batchIndex());
                double sum = 0;
                for (NDArray g : batch.gradients(0)) {
                    sum += g.abs().sum().getFloat();
                }
                gradientNorms.add(sum);
            }

            @Override
            public void afterStep(TrainingContext context, int epoch, int batchIndex) {
                calls.add("afterStep:" + epoch + ":" + batchIndex);
            }

            @Override
            public void onEpochStart(TrainingContext context, int epoch) {
                calls.add("onEpochStart:" + epoch);
            }

            @Override
            public void onEpochEnd(TrainingContext context, EpochReport report) {
                calls.add("onEpochEnd:" + report.epoch());
            }
        };
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainingStart(TrainingContext context, int startEpoch) {
                calls.add("listener.onTrainingStart:" + startEpoch);
            }

            @Override
            public void onScores(ScoreReport report) {
                calls.add("listener.onScores:" + report.epoch());
            }

            @Override
            public void onEpochEnd(EpochReport report) {
                calls.add("listener.onEpochEnd:" + report.epoch());
            }

            @Override
            public void onTrainingEnd(TrainingResult result) {
                calls.add("listener.onTrainingEnd");
            }
        };
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(TinyRuns.tinySynthetic(16, 1))
                .setMethod(recorder)
                .addListener(listener)
                .setConfig(TrainerConfig.builder().setEpochs(2).setBatchSize(8).build())
                .build()) {
            trainer.fit();
        }
        List<String> expected = List.of("lossWeights", "scoringRequest", "configureModel", "onModelReady", "sequenceScheduler",
                "listener.onTrainingStart:1",
                "onEpochStart:1", "balanceScores:1", "listener.onScores:1",
                "loss:1:0", "objectiveHeads:1:0", "afterBackward:1:0", "afterStep:1:0",
                "loss:1:1", "objectiveHeads:1:1", "afterBackward:1:1", "afterStep:1:1",
                "onEpochEnd:1", "listener.onEpochEnd:1",
                "onEpochStart:2",
                "loss:2:0", "objectiveHeads:2:0", "afterBackward:2:0", "afterStep:2:0",
                "loss:2:1", "objectiveHeads:2:1", "afterBackward:2:1", "afterStep:2:1",
                "onEpochEnd:2", "listener.onEpochEnd:2", "listener.onTrainingEnd");
        assertEquals(expected, calls);
        assertEquals(4, gradientNorms.size());
        assertTrue(gradientNorms.stream().allMatch(g -> g > 0), "encoder gradients are visible after backward: " + gradientNorms);
    }
}
