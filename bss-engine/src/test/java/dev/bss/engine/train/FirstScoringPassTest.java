package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.SyntheticDatasetProvider;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first {@code pass} scoring, before any training step, must not score an un-normalised network: BatchNorm
 * running statistics are still at their initial mean 0 / variance 1 then. The pass estimates them from the training
 * set (precise BN) and puts the initial values back, so its scores equal those of a train-mode forward of the whole
 * set as one batch (the official scripts' batch statistics), and training is unaffected.
 */
class FirstScoringPassTest {

    private static final int N = 64;
    /** Below this the first scores carry no ranking information (the bug gave a spread near zero on resnet18). */
    private static final double MIN_SPREAD = 1e-3;

    private static DatasetSplits data(String shape) {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", 5L);
        o.put("train-size", N);
        o.put("val-size", 8);
        o.put("test-size", 8);
        o.put("classes", 4);
        o.put("audio-shape", shape);
        o.put("image-shape", shape);
        o.put("noise", 0.5);
        return new SyntheticDatasetProvider().load(o);
    }

    private static List<float[]> runningStatistics(MultimodalTrainer trainer) {
        List<float[]> out = new ArrayList<>();
        for (BatchNorm bn : PreciseBatchNorm.find(trainer.network())) {
            out.add(bn.getDirectParameters().get("runningMean").getArray().toFloatArray());
            out.add(bn.getDirectParameters().get("runningVar").getArray().toFloatArray());
        }
        return out;
    }

    private static double std(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** Prediction similarity as the pass computed it before the fix: eval mode on the initial running statistics. */
    private static double[] initialStatisticsPredictionSimilarity(MultimodalTrainer trainer, DatasetSplits data) {
        int[] all = MultimodalTrainer.allIndices(N);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList inputs = new BatchAssembler(data.train()).inputs(m, all, 0, N);
            ModelOutputs out = new ModelOutputs(trainer.network().forward(new ParameterStore(m, false), inputs, false), 2);
            NDArray sim = Objectives.cosine(out.unimodal(0).softmax(1), out.unimodal(1).softmax(1));
            float[] f = sim.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"small-cnn, 1x8x8, 0.02", "resnet18, 1x32x32, 0.05"})
    void firstPassScoresEqualBatchStatisticsScoresAndLeaveTheRunningStatisticsAlone(String encoder, String shape, double tolerance) {
        DatasetSplits data = data(shape);
        TrainerConfig config = TrainerConfig.builder().setEpochs(1).setBatchSize(16).optSeed(2).optEvaluationBatchSize(N).build();
        try (MultimodalTrainer trainer = MultimodalTrainer.builder().setDataset(data).setMethod(TinyRuns.fusedAndUnimodal("t"))
                .setConfig(config).optModelConfig(ModelConfig.builder().optEncoder("*", encoder).build()).build()) {
            List<float[]> before = runningStatistics(trainer);
            double[] oldSimilarity = initialStatisticsPredictionSimilarity(trainer, data);

            PerSampleStatistics pass = trainer.computeStatistics(new ScoringRequest(ScoringMode.PASS, false, LossWeights.FUSED_AND_UNIMODAL, N), 1);
            List<float[]> after = runningStatistics(trainer);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "running statistic " + i + " restored after the pass");
            }
            // the whole set as one train-mode batch: the official scripts' batch statistics (this call updates the running
            // statistics, so it comes second); differences come only from the unbiased variance the running values keep
            PerSampleStatistics batch = trainer.computeStatistics(
                    new ScoringRequest(ScoringMode.REFERENCE_CODE, false, LossWeights.FUSED_AND_UNIMODAL, N), 1);
            assertArrayEquals(batch.predictionSimilarity(), pass.predictionSimilarity(), tolerance, encoder + " prediction similarity");
            assertArrayEquals(batch.featureSimilarity(), pass.featureSimilarity(), tolerance, encoder + " feature similarity");
            double[] relative = new double[N];
            double[] zero = new double[N];
            for (int i = 0; i < N; i++) {
                relative[i] = (pass.totalLoss()[i] - batch.totalLoss()[i]) / batch.totalLoss()[i];
            }
            assertArrayEquals(zero, relative, tolerance, encoder + " total loss (relative)");

            double spread = std(pass.predictionSimilarity());
            System.out.printf("FIRST-PASS %s: pred-sim std %.5f (eval mode on initial statistics: %.5f)%n", encoder, spread,
                    std(oldSimilarity));
            assertTrue(spread > MIN_SPREAD, encoder + ": pred-sim spread " + spread + " must exceed " + MIN_SPREAD);
        }
    }

    @org.junit.jupiter.api.Test
    void logitSimilarityIsTheCosineOfTheRawLogitsAndTheScoringBatchSizeIsHonoured() {
        DatasetSplits data = data("1x8x8");
        TrainerConfig config = TrainerConfig.builder().setEpochs(1).setBatchSize(16).optSeed(4).optEvaluationBatchSize(N).build();
        try (MultimodalTrainer trainer = MultimodalTrainer.builder().setDataset(data).setMethod(TinyRuns.fusedAndUnimodal("t"))
                .setConfig(config).build()) {
            trainer.fit(); // statistics estimated: eval mode is batch-independent from here on
            PerSampleStatistics logits = trainer.computeStatistics(
                    new ScoringRequest(ScoringMode.PASS, false, LossWeights.FUSED_AND_UNIMODAL, 0, true), 2);
            PerSampleStatistics softmax = trainer.computeStatistics(
                    new ScoringRequest(ScoringMode.PASS, false, LossWeights.FUSED_AND_UNIMODAL, 0, false), 2);
            int[] all = MultimodalTrainer.allIndices(N);
            try (NDManager m = NDManager.newBaseManager()) {
                NDList inputs = new BatchAssembler(data.train()).inputs(m, all, 0, N);
                ModelOutputs out = new ModelOutputs(trainer.network().forward(new ParameterStore(m, false), inputs, false), 2);
                float[] a = out.unimodal(0).toFloatArray();
                float[] b = out.unimodal(1).toFloatArray();
                int k = a.length / N;
                for (int i = 0; i < N; i++) {
                    double dot = 0;
                    double na = 0;
                    double nb = 0;
                    for (int c = 0; c < k; c++) {
                        dot += a[i * k + c] * b[i * k + c];
                        na += a[i * k + c] * a[i * k + c];
                        nb += b[i * k + c] * b[i * k + c];
                    }
                    double expected = dot / (Math.sqrt(na) * Math.sqrt(nb));
                    assertEquals(expected, logits.predictionSimilarity()[i], 1e-4, "raw-logit cosine of sample " + i);
                }
            }
            boolean differ = false;
            for (int i = 0; i < N; i++) {
                differ |= Math.abs(logits.predictionSimilarity()[i] - softmax.predictionSimilarity()[i]) > 1e-3;
            }
            assertTrue(differ, "softmax and raw-logit similarities are different criteria");
            // train-mode (reference-code) statistics depend on the batch: 8-sample batches differ from one 64-sample batch
            PerSampleStatistics small = trainer.computeStatistics(
                    new ScoringRequest(ScoringMode.REFERENCE_CODE, false, LossWeights.FUSED_AND_UNIMODAL, 8), 2);
            PerSampleStatistics whole = trainer.computeStatistics(
                    new ScoringRequest(ScoringMode.REFERENCE_CODE, false, LossWeights.FUSED_AND_UNIMODAL, N), 2);
            double maxDiff = 0;
            for (int i = 0; i < N; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(small.totalLoss()[i] - whole.totalLoss()[i]));
            }
            assertTrue(maxDiff > 1e-4, "the scoring batch size reaches the pass (max |Δ loss| " + maxDiff + ")");
        }
    }
}
