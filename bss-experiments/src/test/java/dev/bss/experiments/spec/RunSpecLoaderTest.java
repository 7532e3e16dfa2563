package dev.bss.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSpecLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsParseAndListEveryTopLevelKey() {
        RunSpec s = RunSpecLoader.defaultSpec();
        assertEquals("synthetic", s.dataset());
        assertEquals("sgd", s.optimizer().name());
        assertTrue(s.epochs() >= 1);
        String text = RunSpecLoader.defaultYaml();
        for (String key : List.of("dataset", "dataset-options", "method", "method-options", "model", "optimizer",
                "batch-size", "epochs", "seed", "scoring", "outputs", "threads")) {
            int at = text.indexOf("\n" + key + ":");
            assertTrue(at > 0, key + " missing from the default spec");
        }
    }

    @Test
    void setOverridesWorkWithoutAFile() {
        RunSpec s = RunSpecLoader.load(null, List.of("dataset=synthetic", "method=bss-l", "epochs=3",
                "optimizer.lr=0.05", "method-options.beta=0.6", "model.modalities=audio", "outputs.per-sample-scores=true"));
        assertEquals("bss-l", s.method());
        assertEquals(3, s.epochs());
        assertEquals(0.05, s.optimizer().lr(), 0);
        assertEquals(0.6, ((Number) s.methodOptions().get("beta")).doubleValue(), 0);
        assertEquals(List.of("audio"), s.model().modalities());
        assertTrue(s.outputs().perSampleScores());
    }

    @Test
    void yamlAndJsonFilesMergeOverDefaults() throws IOException {
        Path y = tmp.resolve("run.yaml");
        Files.writeString(y, "method: bss-h\noptimizer:\n  name: adam\n  lr: 0.001\nbatch-size: 16\n");
        RunSpec s = RunSpecLoader.load(y, List.of("epochs=2"));
        assertEquals("adam", s.optimizer().name());
        assertEquals(0.9, s.optimizer().momentum(), 0, "unset keys keep their defaults");
        assertEquals(16, s.batchSize());
        assertEquals(2, s.epochs());
        Path j = tmp.resolve("run.json");
        Files.writeString(j, "{\"method\": \"vanilla\", \"seed\": 7}");
        assertEquals(7, RunSpecLoader.load(j, List.of()).seed());
        // the resolved YAML reads back to the same spec
        Path back = tmp.resolve("spec.yaml");
        Files.writeString(back, s.toYaml());
        assertEquals(s.tree(), RunSpecLoader.load(back, List.of()).tree());
    }

    @Test
    void errorsNameTheKeyAndWhatIsAllowed() throws IOException {
        SpecInputException e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("epoch=3")));
        assertEquals("epoch", e.key());
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("optimizer.name=rmsprop")));
        assertTrue(e.getMessage().contains("sgd, adam"), e.getMessage());
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("epochs=three")));
        assertTrue(e.getMessage().startsWith("epochs: expected an integer"), e.getMessage());
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("batch-size=0")));
        assertEquals("batch-size", e.key());
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("optimizer.momentum=1.5")));
        assertEquals("optimizer.momentum", e.key());
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("model.test-heads=all")));
        assertTrue(e.getMessage().contains("fused, sum-all, sum-unimodal"), e.getMessage());
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("model.bogus=1")));
        assertTrue(e.getMessage().contains("allowed keys under model"), e.getMessage());
        assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("noequals")));
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "epochs: [1,\n");
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(bad, List.of()));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("line"), e.getMessage());
        e = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(tmp.resolve("missing.yaml"), List.of()));
        assertTrue(e.getMessage().contains("not found"));
    }

    @Test
    void stepLrSchedule() {
        RunSpec.Optimizer o = RunSpecLoader.load(null, List.of("optimizer.step-lr.step=2", "optimizer.step-lr.gamma=0.5")).optimizer();
        assertEquals(0.01, o.lrAt(1), 1e-15);
        assertEquals(0.01, o.lrAt(2), 1e-15);
        assertEquals(0.005, o.lrAt(3), 1e-15);
        assertEquals(0.0025, o.lrAt(5), 1e-15);
    }

    @Test
    void scoringTableNeedsModeTableAndAFolder() {
        RunSpec s = RunSpecLoader.load(null, List.of("method=bss-l", "scoring.mode=table", "scoring.table=/data/run/spark-scores"));
        assertEquals("table", s.scoring().mode());
        assertEquals("/data/run/spark-scores", s.scoring().table());
        SpecInputException noTable = assertThrows(SpecInputException.class, () -> RunSpecLoader.load(null, List.of("scoring.mode=table")));
        assertTrue(noTable.getMessage().contains("scoring.table"), noTable.getMessage());
        SpecInputException noMode = assertThrows(SpecInputException.class,
                () -> RunSpecLoader.load(null, List.of("scoring.mode=pass", "scoring.table=/x")));
        assertTrue(noMode.getMessage().contains("scoring.mode"), noMode.getMessage());
        assertEquals("", RunSpecLoader.defaultSpec().scoring().table());
    }
}
