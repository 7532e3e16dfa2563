package dev.bss.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.experiments.FakeBackend;
import dev.bss.experiments.OutputChecks;
import dev.bss.experiments.spec.RunSpec;
import dev.bss.experiments.spec.RunSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheWholeRunDirectory() throws Exception {
        RunSpec spec = RunSpecLoader.load(null, List.of("dataset=fake", "method=bss-l", "epochs=4", "seed=3", "outputs.per-sample-scores=true"));
        Path dir = tmp.resolve("run-a");
        FinalSummary s = TrainingRun.builder().setSpec(spec).setDirectory(dir).setBackend(new FakeBackend()).build().run();

        for (String f : List.of("spec.yaml", "provenance.json", "metrics.csv", "final.json", "log.txt")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(spec.tree(), RunSpecLoader.load(dir.resolve("spec.yaml"), List.of()).tree(), "spec.yaml reruns the same spec");
        String header = Files.readAllLines(dir.resolve("metrics.csv")).get(0);
        assertEquals("epoch,lr,train_loss,train_samples,epoch_seconds,score_seconds,"
                + "val_acc,val_map,val_macro_f1,val_loss,val_acc_audio,val_acc_image,val_imbalance_ratio,"
                + "test_acc,test_map,test_macro_f1,test_loss,test_acc_audio,test_acc_image,test_imbalance_ratio", header);
        MetricsCsv.Table t = MetricsCsv.read(dir.resolve("metrics.csv"));
        assertEquals(List.of(1, 2, 3, 4), t.rows().stream().map(EpochRecord::epoch).toList());
        assertEquals(List.of("audio", "image"), t.modalities());

        // best on validation is the argmax of val_acc, and final.json reads back to the same numbers
        EpochRecord best = t.rows().stream().max(java.util.Comparator.comparingDouble(r -> r.get("val", "acc"))).orElseThrow();
        FinalSummary read = FinalSummary.read(dir.resolve("final.json"));
        assertEquals(best.epoch(), read.bestOnValidation().epoch());
        assertEquals(best.get("test", "acc"), read.bestOnValidation().get("test", "acc"), 1e-12);
        assertEquals(s.bestOnTest().epoch(), read.bestOnTest().epoch());
        assertEquals(4, read.last().epoch());
        assertEquals(3, read.seed());

        Map<String, String> prov = Provenance.read(dir.resolve("provenance.json"));
        for (String k : List.of("git_revision", "git_dirty", "java_version", "djl_version", "os", "cores", "seed",
                "dataset", "dataset_checksum", "start", "end", "host", "pytorch_version")) {
            assertTrue(prov.containsKey(k), "provenance lacks " + k);
        }
        assertEquals("sha256:fake", prov.get("dataset_checksum"));
        assertEquals(4, RunDirectory.scoreFiles(dir).size(), "bss-l scores every epoch");
        ScoreCsv sc = ScoreCsv.read(RunDirectory.scoresFile(dir, 2));
        assertEquals(List.of("id", "label", "score", "pred_sim", "audio_snr_db", "image_noise", "speaker"), List.copyOf(sc.columns().keySet()));
        OutputChecks.csvsRectangular(dir);
        OutputChecks.noTemporaries(dir);
        assertTrue(Files.readString(dir.resolve("log.txt")).contains("epoch 4/4"));
    }

    @Test
    void refusesToOverwriteAndResumesAfterACrash() throws Exception {
        RunSpec spec = RunSpecLoader.load(null, List.of("dataset=fake", "method=vanilla", "epochs=5"));
        Path dir = tmp.resolve("run-b");
        FakeBackend backend = new FakeBackend();
        backend.failAfterEpoch = 2;
        assertThrows(IllegalStateException.class,
                () -> TrainingRun.builder().setSpec(spec).setDirectory(dir).setBackend(backend).build().run());
        assertFalse(RunDirectory.isFinished(dir));
        assertEquals(2, MetricsCsv.read(dir.resolve("metrics.csv")).rows().size());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.builder().setSpec(spec).setDirectory(dir).setBackend(backend).build().run());
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());

        TrainingRun.builder().setSpec(spec).setDirectory(dir).setBackend(backend).optResume(true).build().run();
        assertTrue(RunDirectory.isFinished(dir));
        assertEquals(List.of(1, 2, 3, 4, 5), MetricsCsv.read(dir.resolve("metrics.csv")).rows().stream().map(EpochRecord::epoch).toList());
        int calls = backend.trainCalls;
        TrainingRun.builder().setSpec(spec).setDirectory(dir).setBackend(backend).optResume(true).build().run();
        assertEquals(calls, backend.trainCalls, "a finished run is not trained again");
    }

    @Test
    void builderNamesWhatIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingRun.builder().build());
        assertTrue(e.getMessage().contains("setSpec") && e.getMessage().contains("setBackend"), e.getMessage());
    }

    @Test
    void imbalanceRatioAndCsvNumbers() {
        SplitMetrics m = new SplitMetrics(0.9, 0.8, 0.7, 0.1, Map.of("audio", 0.8, "image", 0.4));
        assertEquals(2.0, m.imbalanceRatio(), 1e-15);
        assertTrue(Double.isNaN(new SplitMetrics(0.9, 0.8, 0.7, 0.1, Map.of("audio", 0.8)).imbalanceRatio()));
        assertTrue(Double.isNaN(new SplitMetrics(0.9, 0.8, 0.7, 0.1, Map.of("audio", 0.8, "image", 0.0)).imbalanceRatio()));
        assertEquals("", MetricsCsv.num(Double.NaN));
        assertEquals("3", MetricsCsv.num(3.0));
        assertEquals("0.1", MetricsCsv.num(0.1));
        assertEquals("0.0001", MetricsCsv.num(1e-4));
    }
}
