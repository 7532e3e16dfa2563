package dev.bss.spark.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.ScoreReport;
import dev.bss.engine.train.TrainingListener;
import dev.bss.experiments.engine.EngineBackend;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.ScoreCsv;
import dev.bss.experiments.run.TrainingRun;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import dev.bss.spark.SparkTestSession;
import dev.bss.spark.TinyCaches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed scoring pass against the training loop's own: a bss-l run trains one epoch on a tiny prepared cache
 * ({@link TinyCaches}); its checkpoint is scored by Spark (local[2], 4 slices) and, in process, by a trainer resumed from the same
 * checkpoint whose epoch 2 scores the training set as every run does. Scores and raw criteria agree to 1e-5. The run
 * scores in reference-code mode (train-mode BatchNorm: batch statistics), so the scores depend on which samples share a
 * batch, and slices must keep the loop's batches whole for the scores to agree. Then the table, written as a run
 * writes it, feeds a run in {@code scoring.mode: table}.
 */
class DistributedScoringTest {

    @TempDir
    Path dir;

    /** The scores the training loop, resumed from {@code run}'s checkpoint, computes at its next epoch (null if none). */
    private static ScoreReport nextScores(EngineBackend.TrainerParts parts, Path run) {
        ScoreReport[] captured = new ScoreReport[1];
        try (MultimodalTrainer trainer = MultimodalTrainer.builder().setTrainSet(parts.splits()[0]).setMethod(parts.method())
                .setConfig(parts.config()).optModelConfig(parts.model()).optOptimizer(parts.optimizer())
                .optResumeFrom(run.resolve("checkpoints/last.ckpt")).addListener(new TrainingListener() {
                    @Override
                    public void onScores(ScoreReport report) {
                        captured[0] = report;
                    }
                }).build()) {
            trainer.runEpoch();
        }
        return captured[0];
    }

    @Test
    void scoresEqualTheInProcessPass() throws Exception {
        Path cache = TinyCaches.avDigits(dir, 16, 8, 8, 5);
        Path run = dir.resolve("run");
        List<String> settings = List.of("dataset=av-digits", "dataset-options={root: " + cache + "}", "method=bss-l", "epochs=1",
                "batch-size=4", "seed=3", "scoring.mode=reference-code", "outputs.checkpoint-every=1");
        RunSpec spec = RunSpecLoader.load(null, settings);
        TrainingRun.builder().setSpec(spec).setDirectory(run).setBackend(new EngineBackend()).build().run();
        DistributedScoring.Result spark = DistributedScoring.score(SparkTestSession.get(), run, cache, null, 4);
        assertEquals(2, spark.epoch());
        assertEquals(4, spark.slices(), "16 training samples in slices of whole scoring batches (4)");

        // in process: the training loop resumed from the same checkpoint scores epoch 2 itself
        RunSpec two = RunSpecLoader.withOverrides(spec, List.of("epochs=2"));
        EngineBackend backend = new EngineBackend();
        ScoreReport[] captured = {nextScores(backend.parts(two, null), run)};
        assertNotNull(captured[0]);
        assertEquals(2, captured[0].epoch());
        double[] expected = captured[0].scores();
        double[] got = spark.table().scores();
        assertEquals(expected.length, got.length);
        assertEquals(16, got.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-5, "score of sample " + i);
            assertEquals(captured[0].statistics().predictionSimilarity()[i], spark.statistics().predictionSimilarity()[i], 1e-5);
            assertEquals(captured[0].statistics().featureSimilarity()[i], spark.statistics().featureSimilarity()[i], 1e-5);
            assertEquals(captured[0].statistics().totalLoss()[i], spark.statistics().totalLoss()[i], 1e-5);
        }
        assertEquals(EngineBackend.scoreTable(captured[0]).ids(), spark.table().ids());

        // the table a run writes, read back with the run directory's reader
        Path out = RunDirectory.scoresFile(dir.resolve("spark-scores"), 2);
        Files.createDirectories(out.getParent());
        Files.writeString(out, spark.table().toCsv());
        ScoreCsv csv = ScoreCsv.read(out);
        assertEquals(16, csv.size());
        assertTrue(csv.columns().keySet().containsAll(List.of("id", "label", "score", "pred_sim", "feat_sim", "loss", "noise")));

        // scoring.mode: table — the resumed run takes epoch 2's scores from that table instead of scoring itself
        RunSpec fromTable = RunSpecLoader.withOverrides(spec, List.of("epochs=2", "scoring.mode=table",
                "scoring.table=" + out.getParent()));
        ScoreReport[] read = {nextScores(backend.parts(fromTable, null), run)};
        assertNotNull(read[0]);
        assertNull(read[0].statistics(), "no scoring pass in table mode");
        assertArrayEquals(got, read[0].scores());
    }
}
