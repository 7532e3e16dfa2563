package dev.bss.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.bss.engine.data.BatchAssembler;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.model.ModelOutputs;
import dev.bss.engine.model.MultimodalNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Precise BatchNorm against independent facts: one whole-set batch makes eval mode equal train mode; averaging. */
class PreciseBatchNormTest {

    private static final int N = 48;

    private record Fixture(NDManager manager, MultimodalNetwork network, ParameterStore store, BatchAssembler assembler, int[] order) {
    }

    private static Fixture fixture(NDManager m, MultimodalDataset train) {
        m.getEngine().setRandomSeed(3);
        MultimodalNetwork network = ModelConfig.builder().build().newNetwork(train.modalities(), train.numClasses());
        Shape[] shapes = new Shape[train.modalities().size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = MultimodalTrainer.batchShape(train.modalities().get(i), 2);
        }
        network.initialize(m, DataType.FLOAT32, shapes);
        int[] order = new int[N];
        for (int i = 0; i < N; i++) {
            order[i] = i;
        }
        return new Fixture(m, network, new ParameterStore(m, false), new BatchAssembler(train), order);
    }

    private static List<float[]> runningStatistics(MultimodalNetwork network) {
        List<float[]> out = new ArrayList<>();
        for (BatchNorm bn : PreciseBatchNorm.find(network)) {
            out.add(bn.getDirectParameters().get("runningMean").getArray().toFloatArray());
            out.add(bn.getDirectParameters().get("runningVar").getArray().toFloatArray());
        }
        return out;
    }

    private static void scramble(MultimodalNetwork network) {
        for (BatchNorm bn : PreciseBatchNorm.find(network)) {
            bn.getDirectParameters().get("runningMean").getArray().muli(0).addi(5f);
            bn.getDirectParameters().get("runningVar").getArray().muli(0).addi(9f);
        }
    }

    @Test
    void oneBatchHoldingTheWholeSetMakesEvalModeEqualTrainMode() {
        DatasetSplits data = TinyRuns.tinySynthetic(N, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            Fixture f = fixture(m, data.train());
            assertTrue(PreciseBatchNorm.find(f.network()).size() >= 6, "two small-cnn encoders hold 3 batch norms each");
            List<float[]> weightsBefore = new ArrayList<>();
            for (Pair<String, Parameter> p : f.network().getParameters()) {
                if (!p.getKey().endsWith("runningMean") && !p.getKey().endsWith("runningVar")) {
                    weightsBefore.add(p.getValue().getArray().toFloatArray());
                }
            }
            scramble(f.network());
            NDList inputs = f.assembler().inputs(m, f.order(), 0, N);
            float[] evalBefore = new ModelOutputs(f.network().forward(f.store(), inputs, false), 2).fused().toFloatArray();
            float[] train = new ModelOutputs(f.network().forward(f.store(), inputs, true), 2).fused().toFloatArray();

            assertEquals(1, PreciseBatchNorm.recompute(f.network(), f.store(), m, f.assembler(), f.order(), N, 5),
                    "asked for 5 batches of N, only one exists");
            float[] evalAfter = new ModelOutputs(f.network().forward(f.store(), inputs, false), 2).fused().toFloatArray();
            // population statistics of exactly this batch: eval mode = train mode up to the unbiased-variance factor
            // (running variances are unbiased; the last layer normalises 48 × 2 × 2 values per channel: 0.26 % in σ)
            assertArrayEquals(train, evalAfter, 2e-2f);
            double before = 0;
            for (int i = 0; i < train.length; i++) {
                before = Math.max(before, Math.abs(train[i] - evalBefore[i]));
            }
            assertTrue(before > 0.5, "scrambled statistics gave different outputs (max |Δ| " + before + "), so the check bites");
            int k = 0;
            for (Pair<String, Parameter> p : f.network().getParameters()) {
                if (!p.getKey().endsWith("runningMean") && !p.getKey().endsWith("runningVar")) {
                    assertArrayEquals(weightsBefore.get(k++), p.getValue().getArray().toFloatArray(), p.getKey() + " unchanged");
                }
            }
        }
    }

    @Test
    void severalBatchesGiveTheAverageOfTheirStatisticsWhateverTheRunningValuesWere() {
        DatasetSplits data = TinyRuns.tinySynthetic(N, 8);
        try (NDManager m = NDManager.newBaseManager()) {
            Fixture f = fixture(m, data.train());
            int[] first = java.util.Arrays.copyOfRange(f.order(), 0, 16);
            int[] second = java.util.Arrays.copyOfRange(f.order(), 16, 32);
            PreciseBatchNorm.recompute(f.network(), f.store(), m, f.assembler(), first, 16, 1);
            List<float[]> a = runningStatistics(f.network());
            scramble(f.network());
            PreciseBatchNorm.recompute(f.network(), f.store(), m, f.assembler(), second, 16, 1);
            List<float[]> b = runningStatistics(f.network());
            scramble(f.network());
            assertEquals(2, PreciseBatchNorm.recompute(f.network(), f.store(), m, f.assembler(), f.order(), 16, 2));
            List<float[]> both = runningStatistics(f.network());
            boolean differ = false;
            for (int i = 0; i < both.size(); i++) {
                float[] expected = new float[a.get(i).length];
                for (int c = 0; c < expected.length; c++) {
                    expected[c] = (a.get(i)[c] + b.get(i)[c]) / 2;
                    differ |= Math.abs(a.get(i)[c] - b.get(i)[c]) > 1e-3;
                }
                assertArrayEquals(expected, both.get(i), 1e-4f, "statistic " + i);
            }
            assertTrue(differ, "the two batches have different statistics, so the average is a real check");
            assertFalse(runningStatistics(f.network()).get(0)[0] == 5f, "scrambled values replaced");
        }
    }
}
