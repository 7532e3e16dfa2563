package dev.bss.methods.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.engine.train.TrainingContext;
import dev.bss.engine.train.TrainingListener;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.engine.train.TrainingResult;
import dev.bss.methods.MethodRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Method state survives a checkpoint and resume byte for byte, and per-modality learning-rate scales reach the
 * optimiser (a branch with a near-zero rate does not move).
 */
class StateAndRateTest {

    @TempDir
    Path dir;

    private static MultimodalTrainer.Builder base(TrainingMethod method, int epochs, Path checkpoints) {
        return MultimodalTrainer.builder()
                .setDataset(BaselineSmokeTest.tiny())
                .setMethod(method)
                .setConfig(TrainerConfig.builder().setEpochs(epochs).setBatchSize(32).optSeed(8)
                        .optCheckpointDirectory(checkpoints).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"agm", "pmr", "mslr", "mses", "ogr-gb", "reconboost", "mla"})
    void stateIsRestoredOnResume(String id) {
        Map<String, Object> options = List.of("agm", "pmr", "mslr", "mses").contains(id) ? Map.of() : BaselineSmokeTest.options(id);
        TrainingMethod first = MethodRegistry.create(id, options);
        byte[] saved;
        try (MultimodalTrainer t = base(first, 1, dir).build()) {
            t.fit();
            saved = first.saveState(); // while the trainer is open: some states hold native arrays (optimiser buffers)
        }
        assertTrue(saved.length > 0, id + " has state");
        TrainingMethod second = MethodRegistry.create(id, options);
        byte[][] atStart = new byte[1][];
        try (MultimodalTrainer t = base(second, 2, dir).optResumeFrom(dir.resolve("last.ckpt"))
                .addListener(new TrainingListener() {
                    @Override
                    public void onTrainingStart(TrainingContext context, int startEpoch) {
                        assertEquals(2, startEpoch);
                        atStart[0] = second.saveState();
                    }
                }).build()) {
            assertEquals(2, t.fit().history().size());
        }
        assertArrayEquals(saved, atStart[0], id + ": restored state equals the saved one");
    }

    @Test
    void smvPlanIsRestoredOnResume() {
        byte[] saved;
        try (MultimodalTrainer t = base(MethodRegistry.create("smv", Map.of("warmup", 1)), 1, dir).build()) {
            t.fit();
            saved = t.scheduler().saveState();
        }
        assertTrue(saved.length > 4, "the valuation after epoch 1 planned duplicates for epoch 2");
        MultimodalTrainer[] holder = new MultimodalTrainer[1];
        byte[][] atStart = new byte[1][];
        try (MultimodalTrainer t = base(MethodRegistry.create("smv", Map.of("warmup", 1)), 2, dir).optResumeFrom(dir.resolve("last.ckpt"))
                .addListener(new TrainingListener() {
                    @Override
                    public void onTrainingStart(TrainingContext context, int startEpoch) {
                        atStart[0] = holder[0].scheduler().saveState();
                    }
                }).build()) {
            holder[0] = t;
            TrainingResult r = t.fit();
            assertTrue(r.last().trainSamples() > 64 - 32, "epoch 2 trains on the enlarged set: " + r.last().trainSamples());
        }
        assertArrayEquals(saved, atStart[0], "smv's plan restored byte for byte");
    }

    @Test
    void learningRateScaleFreezesABranch() {
        TrainingMethod mslr = MethodRegistry.create("mslr", Map.of("strategy", "keep", "initial-rates", "1e-12,1"));
        try (MultimodalTrainer t = base(mslr, 1, null).build()) {
            ModelProbe probe = new ModelProbe(t.context());
            Map<String, float[]> before = probe.snapshot();
            t.fit();
            Map<String, float[]> after = probe.snapshot();
            double moved0 = 0;
            double moved1 = 0;
            for (Parameter p : probe.branchParameters(0)) {
                moved0 += distance(before.get(p.getId()), after.get(p.getId()));
            }
            for (Parameter p : probe.branchParameters(1)) {
                moved1 += distance(before.get(p.getId()), after.get(p.getId()));
            }
            assertTrue(moved0 < 1e-6, "branch 0 with rate 1e-12 moved " + moved0);
            assertTrue(moved1 > 1e-3, "branch 1 with rate 1 moved " + moved1);
        }
    }

    @Test
    void snapshotRestoreRoundTrip() {
        try (MultimodalTrainer t = base(MethodRegistry.create("vanilla", Map.of()), 1, null).build()) {
            ModelProbe probe = new ModelProbe(t.context());
            Map<String, float[]> before = probe.snapshot();
            t.fit();
            Map<String, float[]> trained = probe.snapshot();
            probe.restore(before, probe.branchParameters(0));
            Map<String, float[]> partly = probe.snapshot();
            for (Parameter p : probe.branchParameters(0)) {
                assertArrayEquals(before.get(p.getId()), partly.get(p.getId()));
            }
            for (Parameter p : probe.branchParameters(1)) {
                assertArrayEquals(trained.get(p.getId()), partly.get(p.getId()), "other branch untouched");
            }
            probe.restore(before, null);
            Map<String, float[]> all = probe.snapshot();
            for (String k : before.keySet()) {
                assertArrayEquals(before.get(k), all.get(k));
            }
        }
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s;
    }
}
