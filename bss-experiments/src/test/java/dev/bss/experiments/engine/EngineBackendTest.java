package dev.bss.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.engine.data.ImageAugmentation;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.train.EngineThreads;
import dev.bss.engine.train.LossWeights;
import dev.bss.engine.train.TrainingMethod;
import dev.bss.experiments.FakeDatasetProvider;
import dev.bss.experiments.OutputChecks;
import dev.bss.experiments.run.FinalSummary;
import dev.bss.experiments.run.MetricsCsv;
import dev.bss.experiments.run.Provenance;
import dev.bss.experiments.run.RunDirectory;
import dev.bss.experiments.run.ScoreCsv;
import dev.bss.experiments.run.TrainingRun;
import dev.bss.experiments.spec.Recipes;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import dev.bss.experiments.spec.SpecInputException;
import dev.bss.methods.MethodDescriptor;
import dev.bss.methods.MethodRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny real runs on the engine's synthetic dataset (CPU, a few seconds each). */
class EngineBackendTest {

    static final List<String> TINY = List.of("dataset=synthetic", "dataset-options={train-size: 48, val-size: 16, test-size: 16,"
            + " classes: 3, audio-shape: 1x8x12, image-shape: 1x8x8}", "batch-size=16", "epochs=2");

    @TempDir
    Path tmp;

    static RunSpec tiny(String... more) {
        List<String> ov = new ArrayList<>(TINY);
        ov.addAll(List.of(more));
        return RunSpecLoader.load(null, ov);
    }

    @Test
    void bssLTrainsEndToEndAndWritesScores() throws Exception {
        Path dir = tmp.resolve("bss-l");
        FinalSummary s = TrainingRun.builder().setSpec(tiny("method=bss-l", "outputs.per-sample-scores=true")).setDirectory(dir)
                .setBackend(new EngineBackend()).build().run();
        assertEquals(2, s.last().epoch());
        assertEquals(List.of("audio", "image"), s.modalities());
        MetricsCsv.Table t = MetricsCsv.read(dir.resolve("metrics.csv"));
        assertEquals(2, t.rows().size());
        double acc = t.rows().get(1).get("test", "acc");
        assertTrue(acc >= 0 && acc <= 1, "accuracy is a fraction: " + acc);
        assertTrue(RunDirectory.scoreFiles(dir).size() >= 1);
        ScoreCsv sc = ScoreCsv.read(RunDirectory.scoreFiles(dir).get(0));
        assertEquals(48, sc.size());
        assertTrue(sc.columns().containsKey("pred_sim") && sc.columns().containsKey("loss"), sc.columns().keySet().toString());
        OutputChecks.noTemporaries(dir);
    }

    @Test
    void specThreadsApplyToTheRunAndAreRecorded() throws Exception {
        int before = EngineThreads.current();
        int wanted = before == 1 ? 2 : 1;
        Path dir = tmp.resolve("threads");
        TrainingRun.builder().setSpec(tiny("method=vanilla", "epochs=1", "threads=" + wanted)).setDirectory(dir)
                .setBackend(new EngineBackend()).build().run();
        assertEquals(Integer.toString(wanted), Provenance.read(dir.resolve("provenance.json")).get("intra_op_threads"));
        assertEquals(before, EngineThreads.current(), "the launcher's thread count is back after the run");
    }

    @Test
    void resumeContinuesFromTheCheckpoint() throws Exception {
        Path dir = tmp.resolve("resume");
        TrainingRun.builder().setSpec(tiny("method=vanilla-uni", "epochs=1")).setDirectory(dir).setBackend(new EngineBackend()).build().run();
        // pretend it was meant to run 2 epochs and was interrupted after 1
        java.nio.file.Files.delete(dir.resolve("final.json"));
        FinalSummary s = TrainingRun.builder().setSpec(tiny("method=vanilla-uni", "epochs=2")).setDirectory(dir)
                .setBackend(new EngineBackend()).optResume(true).build().run();
        assertEquals(2, s.last().epoch());
        assertEquals(List.of(1, 2), MetricsCsv.read(dir.resolve("metrics.csv")).rows().stream().map(r -> r.epoch()).toList());
    }

    @Test
    void linearProbeResultsReachFinalJson() throws Exception {
        Path dir = tmp.resolve("probe");
        TrainingRun.builder().setSpec(tiny("method=vanilla", "epochs=1", "outputs.linear-probe=true")).setDirectory(dir)
                .setBackend(new EngineBackend()).build().run();
        FinalSummary read = FinalSummary.read(dir.resolve("final.json"));
        assertEquals(Set.of("probe_acc_audio", "probe_acc_image"), read.probe().keySet());
        for (double v : read.probe().values()) {
            assertTrue(v >= 0 && v <= 1, "probe accuracy is a fraction: " + read.probe());
        }
        FinalSummary without = TrainingRun.builder().setSpec(tiny("method=vanilla", "epochs=1")).setDirectory(tmp.resolve("no-probe"))
                .setBackend(new EngineBackend()).build().run();
        assertTrue(without.probe().isEmpty());
    }

    @Test
    void preciseBatchNormLeavesTrainingAloneAndChangesOnlyEvaluation() throws Exception {
        Path plain = tmp.resolve("plain");
        Path precise = tmp.resolve("precise");
        TrainingRun.builder().setSpec(tiny("method=vanilla-uni")).setDirectory(plain).setBackend(new EngineBackend()).build().run();
        TrainingRun.builder().setSpec(tiny("method=vanilla-uni", "evaluation.precise-bn-batches=3")).setDirectory(precise)
                .setBackend(new EngineBackend()).build().run();
        MetricsCsv.Table a = MetricsCsv.read(plain.resolve("metrics.csv"));
        MetricsCsv.Table b = MetricsCsv.read(precise.resolve("metrics.csv"));
        boolean evaluationDiffers = false;
        for (int r = 0; r < 2; r++) {
            assertEquals(a.rows().get(r).trainLoss(), b.rows().get(r).trainLoss(), 0.0, "training is untouched");
            evaluationDiffers |= a.rows().get(r).get("test", "loss") != b.rows().get(r).get("test", "loss");
        }
        assertTrue(evaluationDiffers, "recomputed statistics change what evaluation sees");
        SpecInputException e = assertThrows(SpecInputException.class, () -> tiny("evaluation.precise-bn-batches=-1"));
        assertEquals("evaluation.precise-bn-batches", e.key());
    }

    @Test
    void validationFractionZeroTrainsWithoutValidationAndFinalJsonSaysSo() throws Exception {
        Path dir = tmp.resolve("no-val");
        FinalSummary s = TrainingRun.builder().setSpec(tiny("method=vanilla-uni", "validation-fraction=0")).setDirectory(dir)
                .setBackend(new EngineBackend()).build().run();
        assertEquals(null, s.bestOnValidation(), "no validation split, no epoch chosen on it");
        assertEquals(null, FinalSummary.read(dir.resolve("final.json")).bestOnValidation());
        assertTrue(s.bestOnTest() != null && s.last() != null);
        MultimodalDataset[] splits = new EngineBackend().splits(tiny("validation-fraction=0"));
        assertEquals(null, splits[1], "a dataset's own validation split is not evaluated either");
        assertEquals(48, splits[0].size(), "nothing carved from training");
        for (String bad : List.of("-0.1", "1", "1.5")) {
            SpecInputException e = assertThrows(SpecInputException.class, () -> tiny("validation-fraction=" + bad));
            assertEquals("validation-fraction", e.key());
        }
    }

    @Test
    void bssHGetsTGrowScaledToTheRunUnlessSetAndTheRunDirectoryRecordsIt() throws Exception {
        Path dir = tmp.resolve("t-grow");
        TrainingRun.builder().setSpec(tiny("method=bss-h", "epochs=5")).setDirectory(dir).setBackend(new EngineBackend()).build().run();
        RunSpec written = RunSpecLoader.load(dir.resolve("spec.yaml"), List.of());
        assertEquals(2, ((Number) written.methodOptions().get("t-grow")).intValue(), "round(0.4 x 5)");
        assertTrue(java.nio.file.Files.readString(dir.resolve("log.txt")).contains("derived bss-h: T_grow 2"), "printed at start");
        Path explicit = tmp.resolve("t-grow-explicit");
        TrainingRun.builder().setSpec(tiny("method=bss-h", "epochs=2", "method-options={t-grow: 7}")).setDirectory(explicit)
                .setBackend(new EngineBackend()).build().run();
        assertEquals(7, ((Number) RunSpecLoader.load(explicit.resolve("spec.yaml"), List.of()).methodOptions().get("t-grow")).intValue(),
                "an explicit t-grow wins");
    }

    @Test
    void uniOnlyRunUsesOneModality() throws Exception {
        FinalSummary s = TrainingRun.builder().setSpec(tiny("method=vanilla", "model.modalities=[image]", "epochs=1"))
                .setDirectory(tmp.resolve("uni")).setBackend(new EngineBackend()).build().run();
        assertEquals(List.of("image"), s.modalities());
    }

    @Test
    void impossibleSpecsFailBeforeTrainingNamingTheKey() {
        EngineBackend b = new EngineBackend();
        SpecInputException e = assertThrows(SpecInputException.class, () -> TrainingRun.builder()
                .setSpec(tiny("method=bss-h", "model.modalities=[audio]")).setDirectory(tmp.resolve("x1")).setBackend(b).build().run());
        assertEquals("model.modalities", e.key());
        e = assertThrows(SpecInputException.class, () -> TrainingRun.builder()
                .setSpec(tiny("batch-size=64")).setDirectory(tmp.resolve("x2")).setBackend(b).build().run());
        assertEquals("batch-size", e.key());
        e = assertThrows(SpecInputException.class, () -> TrainingRun.builder()
                .setSpec(tiny("model.modalities=[smell]")).setDirectory(tmp.resolve("x3")).setBackend(b).build().run());
        assertTrue(e.getMessage().contains("audio, image"), e.getMessage());
        e = assertThrows(SpecInputException.class, () -> TrainingRun.builder()
                .setSpec(tiny("method=vanilla", "model.loss-weights.unimodal=0.5")).setDirectory(tmp.resolve("x4")).setBackend(b).build().run());
        assertEquals("model.loss-weights.unimodal", e.key());
        e = assertThrows(SpecInputException.class, () -> TrainingRun.builder()
                .setSpec(tiny("dataset=nope")).setDirectory(tmp.resolve("x5")).setBackend(b).build().run());
        assertTrue(e.getMessage().contains("synthetic"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> TrainingRun.builder()
                .setSpec(tiny("method=bss-l", "method-options.bogus=1")).setDirectory(tmp.resolve("x6")).setBackend(b).build().run());
        assertTrue(m.getMessage().contains("bogus"), m.getMessage());
    }

    @Test
    void validationCarveIsStratifiedSeededAndDisjoint() {
        MultimodalDataset base = new FakeDatasetProvider().load(java.util.Map.of()).train();
        MultimodalDataset[] a = DatasetViews.carveValidation(base, 0.25, 0);
        MultimodalDataset[] b = DatasetViews.carveValidation(base, 0.25, 0);
        assertEquals(30, a[0].size());
        assertEquals(10, a[1].size());
        int[] perClass = new int[2];
        Set<String> val = new HashSet<>();
        for (int i = 0; i < a[1].size(); i++) {
            perClass[a[1].get(i).label()]++;
            val.add(a[1].get(i).id());
            assertEquals(a[1].get(i).id(), b[1].get(i).id(), "same seed, same split");
        }
        assertEquals(5, perClass[0]);
        assertEquals(5, perClass[1]);
        for (int i = 0; i < a[0].size(); i++) {
            assertTrue(!val.contains(a[0].get(i).id()), "train and validation overlap");
        }
    }

    @Test
    void everyRecipesMethodOptionsAreAcceptedByItsMethod() {
        for (Recipes.Recipe r : Recipes.all()) {
            RunSpec spec = RunSpecLoader.load(null, List.of("recipe=" + r.name()));
            MethodDescriptor d = MethodRegistry.descriptor(spec.method());
            Map<String, Object> options = EngineBackend.methodOptions(spec, d);
            TrainingMethod m = MethodRegistry.create(spec.method(), options);
            assertEquals(spec.method(), m.id(), r.name());
            LossWeights w = m.lossWeights();
            assertEquals(spec.model().fusedLossWeight(), w.fused(), 0, r.name());
            assertEquals(spec.model().unimodalLossWeight(), w.unimodal(), 0, r.name());
        }
    }

    @Test
    void augmentationKeysReachTheTrainerConfig() {
        assertTrue(!EngineBackend.augmentation(RunSpecLoader.defaultSpec().augmentation()).enabled(), "off by default");
        ImageAugmentation crema = EngineBackend.augmentation(RunSpecLoader.load(null, List.of("recipe=crema-d")).augmentation());
        assertTrue(crema.randomResizedCrop() && crema.horizontalFlip());
        ImageAugmentation flipOnly = EngineBackend.augmentation(tiny("augmentation.horizontal-flip=true").augmentation());
        assertTrue(flipOnly.enabled() && !flipOnly.randomResizedCrop());
    }
}
