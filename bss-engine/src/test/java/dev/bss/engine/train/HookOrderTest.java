package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Records every hook and listener call of a 2-epoch, 2-batch run and checks the documented order; a second run
 * checks the seams for held-out samples, sub-steps, the optimiser step, inner training passes and the test-time
 * prediction rule.
 */
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

    @Test
    void seamsAreCalledInTheDocumentedOrder() {
        List<String> calls = new ArrayList<>();
        Set<Integer> trained = new HashSet<>();
        int[][] heldOut = new int[1][];
        TrainingMethod inner = new TrainingMethod() {
            @Override
            public String id() {
                return "inner";
            }

            @Override
            public NDArray loss(BatchContext batch, NDArray defaultLoss) {
                calls.add("inner.loss:" + batch.epoch() + ":" + batch.batchIndex() + ":" + batch.subStep());
                return defaultLoss;
            }

            @Override
            public void optimizerStep(BatchContext batch, double learningRate) {
                calls.add("inner.optimizerStep");
                batch.context().updater().zeroGradients();
            }

            @Override
            public void afterStep(TrainingContext context, int epoch, int batchIndex) {
                calls.add("inner.afterStep:" + epoch + ":" + batchIndex);
            }
        };
        TrainingMethod recorder = new TrainingMethod() {
            @Override
            public String id() {
                return "seams";
            }

            @Override
            public double heldOutFraction() {
                calls.add("heldOutFraction");
                return 0.25;
            }

            @Override
            public void onModelReady(TrainingContext context) {
                calls.add("onModelReady");
                heldOut[0] = context.heldOutIndices();
            }

            @Override
            public void onEpochStart(TrainingContext context, int epoch) {
                calls.add("onEpochStart:" + epoch);
                if (epoch == 2) {
                    double loss = context.trainPass(epoch, Arrays.copyOf(context.trainingIndices(), 8), 0.01, inner);
                    assertTrue(Double.isFinite(loss));
                }
            }

            @Override
            public int subSteps(BatchContext batch) {
                calls.add("subSteps:" + batch.epoch() + ":" + batch.batchIndex());
                return 2;
            }

            @Override
            public NDArray loss(BatchContext batch, NDArray defaultLoss) {
                calls.add("loss:" + batch.epoch() + ":" + batch.batchIndex() + ":" + batch.subStep());
                for (int i : batch.sampleIndices()) {
                    trained.add(i);
                }
                return defaultLoss;
            }

            @Override
            public void afterBackward(BatchContext batch) {
                calls.add("afterBackward:" + batch.subStep());
                if (batch.epoch() == 1 && batch.batchIndex() == 0 && batch.subStep() == 0) {
                    assertThrows(IllegalStateException.class, () -> batch.context().trainPass(1, new int[8], 0.01, inner),
                            "no training pass inside a batch");
                }
            }

            @Override
            public void optimizerStep(BatchContext batch, double learningRate) {
                calls.add("optimizerStep:" + batch.subStep());
                // sub-step 1 back-propagates through the forward pass again: step the parameters only after it
                if (batch.subStep() == 0) {
                    batch.context().updater().zeroGradients();
                } else {
                    batch.context().updater().step(learningRate);
                }
            }

            @Override
            public void afterStep(TrainingContext context, int epoch, int batchIndex) {
                calls.add("afterStep:" + epoch + ":" + batchIndex);
            }

            @Override
            public NDArray prediction(ModelOutputs outputs) {
                calls.add("prediction");
                return outputs.unimodal(0);
            }

            @Override
            public void onEpochEnd(TrainingContext context, EpochReport report) {
                calls.add("onEpochEnd:" + report.epoch());
            }
        };
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(TinyRuns.tinySynthetic(24, 1))
                .setMethod(recorder)
                .setConfig(TrainerConfig.builder().setEpochs(2).setBatchSize(8).build())
                .build()) {
            TrainingResult result = trainer.fit();
            assertEquals(16, result.last().trainSamples(), "18 of 24 samples remain after holding out 6: two batches of 8");
        }
        List<String> batch = List.of("loss:%d:%d:0", "afterBackward:0", "optimizerStep:0", "loss:%d:%d:1", "afterBackward:1",
                "optimizerStep:1", "afterStep:%d:%d");
        List<String> expected = new ArrayList<>(List.of("heldOutFraction", "onModelReady", "onEpochStart:1"));
        for (int epoch = 1; epoch <= 2; epoch++) {
            if (epoch == 2) {
                expected.addAll(List.of("onEpochStart:2", "inner.loss:2:0:0", "inner.optimizerStep", "inner.afterStep:2:0"));
            }
            for (int b = 0; b < 2; b++) {
                expected.add("subSteps:" + epoch + ":" + b);
                for (String c : batch) {
                    expected.add(c.contains("%") ? String.format(c, epoch, b) : c);
                }
            }
            expected.addAll(List.of("prediction", "prediction", "onEpochEnd:" + epoch));
        }
        assertEquals(expected, calls);
        assertEquals(6, heldOut[0].length);
        for (int i : heldOut[0]) {
            assertFalse(trained.contains(i), "held-out sample " + i + " was trained on");
        }
    }
}
