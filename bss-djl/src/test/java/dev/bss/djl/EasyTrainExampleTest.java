package dev.bss.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Record;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.bss.cli.Main;
import dev.bss.core.io.ScoreFile;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.SequenceScheduler;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.SyntheticDatasetProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code docs/djl.md} example, run: DJL's {@code EasyTrain} trains a user-written two-modality block
 * ({@link TwoTowerBlock}) on a bss dataset with the BSS sampler and scoring listener, and the sequence an epoch
 * visited equals what {@code bss schedule} prints for the scores the listener computed and the same seed.
 */
class EasyTrainExampleTest {

    @TempDir
    Path tmp;

    /** The docs example, with the scheduler as a parameter; returns the sampler and listener after training. */
    static Object[] train(SequenceScheduler scheduler, int epochs) throws Exception {
        MultimodalDataset data = new SyntheticDatasetProvider().load(Map.of("train-size", 64, "classes", 3,
                "audio-shape", "1x6x6", "image-shape", "1x6x6")).train();

        BssSampler sampler = BssSampler.builder().setScheduler(scheduler).setBatchSize(8).build();
        MultimodalRandomAccessDataset train = MultimodalRandomAccessDataset.builder().setDataset(data).setSampling(sampler).build();
        BssScoringListener scoring = BssScoringListener.builder().setSampler(sampler).setDataset(train).setModalities(2).build();

        Loss ce = Loss.softmaxCrossEntropyLoss();
        Loss loss = new Loss("fused+unimodal") { // the model's three heads, summed
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray sum = ce.evaluate(labels, new NDList(predictions.get(0)));
                for (int h = 1; h < 3; h++) {
                    sum = sum.add(ce.evaluate(labels, new NDList(predictions.get(h))));
                }
                return sum;
            }
        };
        try (Model model = Model.newInstance("two-tower")) {
            model.setBlock(new TwoTowerBlock(data.numClasses()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .addTrainingListeners(scoring);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 1, 6, 6), new Shape(8, 1, 6, 6));
                EasyTrain.fit(trainer, epochs, train, null);
                float[] before = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
                assertTrue(before.length > 0);
            }
        }
        return new Object[] {sampler, scoring, train};
    }

    /** {@code bss schedule} on a score file of {@code scores} with ids s0..s(n-1); returns the printed indices. */
    private int[] bssSchedule(double[] scores, String... args) throws Exception {
        String[] ids = new String[scores.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "s" + i;
        }
        Path f = tmp.resolve("scores.csv");
        ScoreFile.writeScores(f, ids, scores);
        List<String> cmd = new ArrayList<>(List.of("schedule", "--scores", f.toString()));
        cmd.addAll(List.of(args));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = Main.run(cmd.toArray(String[]::new));
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).strip().split("\\R")).mapToInt(s -> Integer.parseInt(s.substring(1)))
                .toArray();
    }

    @Test
    void heuristicEpochSequenceEqualsBssSchedule() throws Exception {
        HeuristicScheduler h = HeuristicScheduler.builder().setSize(64).setPacing(PacingFunctions.root(0.5, 3)).optMinimumSubset(8)
                .setSeed(7).build();
        Object[] r = train(h, 2);
        BssSampler sampler = (BssSampler) r[0];
        BssScoringListener scoring = (BssScoringListener) r[1];
        assertEquals(2, sampler.epoch());
        assertEquals(1, scoring.lastEpoch(), "the heuristic scheduler ranks once, on epoch 1's scores");
        int[] printed = bssSchedule(scoring.lastScores(), "--scheduler", "heuristic", "--function", "root", "--lambda0", "0.5",
                "--t-grow", "3", "--batch-size", "8", "--epoch", "2", "--seed", "7");
        assertArrayEquals(printed, sampler.lastSequence());
        assertEquals(h.subsetSize(2), printed.length);
        assertTrue(printed.length < 64, "epoch 2 trains on the most balanced subset only: " + printed.length);
    }

    @Test
    void learningEpochSequenceFromTrainedModelScoresEqualsBssSchedule() throws Exception {
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(64).setSeed(11).build(); // E = 1, β = 1, softmax
        Object[] r = train(l, 2);
        BssSampler sampler = (BssSampler) r[0];
        BssScoringListener scoring = (BssScoringListener) r[1];
        assertEquals(3, scoring.lastEpoch(), "onEpoch after epoch 2 scored the trained model for epoch 3");
        MultimodalRandomAccessDataset train = (MultimodalRandomAccessDataset) r[2];
        sampler.sample(train); // draw epoch 3 with those scores, as the next fit epoch would
        assertEquals(3, sampler.epoch());
        int[] printed = bssSchedule(scoring.lastScores(), "--scheduler", "learning", "--epoch", "3", "--seed", "11");
        assertArrayEquals(printed, sampler.lastSequence());
    }

    @Test
    void adapterRecordsAndSamplerErrors() throws Exception {
        MultimodalDataset data = new SyntheticDatasetProvider().load(Map.of("train-size", 10, "classes", 2,
                "audio-shape", "1x2x3", "image-shape", "1x4x4")).train();
        LearningBasedScheduler l = LearningBasedScheduler.builder().setSize(10).setSeed(1).build();
        BssSampler sampler = BssSampler.builder().setScheduler(l).setBatchSize(4).build();
        MultimodalRandomAccessDataset ds = MultimodalRandomAccessDataset.builder().setDataset(data).setSampling(sampler).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Record rec = ds.get(m, 3);
            assertEquals(new Shape(1, 2, 3), rec.getData().get(0).getShape());
            assertEquals(new Shape(1, 4, 4), rec.getData().get(1).getShape());
            assertEquals(data.get(3).label(), (int) rec.getLabels().head().getFloat());
            assertArrayEquals(data.get(3).modalities()[1], rec.getData().get(1).toFloatArray());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sampler.sample(ds));
        assertTrue(e.getMessage().contains("BssScoringListener"), e.getMessage());
        double[] s = new double[10];
        sampler.updateScores(1, s);
        List<List<Long>> batches = new ArrayList<>();
        sampler.sample(ds).forEachRemaining(batches::add);
        assertEquals(List.of(4, 4, 2), batches.stream().map(List::size).toList());
        assertThrows(IllegalStateException.class, () -> sampler.updateScores(5, s));
        assertThrows(IllegalArgumentException.class, () -> BssSampler.builder().setBatchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> BssScoringListener.builder().setSampler(sampler).setDataset(ds)
                .setModalities(2).optMeasurer(dev.bss.core.measure.BalanceMeasurer.builder()
                        .optCriterion(dev.bss.core.measure.Criterion.FEATURE_SIMILARITY).build()).build());
    }
}
