package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss train} through {@link Main#run}: default config, typed errors (exit 2), a tiny real run and resume. */
class TrainCommandTest {

    static final String[] TINY = {"--set", "dataset=synthetic", "--set",
        "dataset-options={train-size: 40, val-size: 12, test-size: 12, classes: 2, audio-shape: 1x8x8, image-shape: 1x8x8}",
        "--set", "batch-size=10", "--set", "epochs=1"};

    @TempDir
    Path tmp;

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream o = System.out;
        PrintStream e = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return Main.run(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    @Test
    void printsTheCommentedDefaultConfig() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "train", "--print-default-config"));
        String text = out.toString();
        assertTrue(text.contains("# Method id") && text.contains("\nmethod: vanilla-uni") && text.contains("step-lr:"), text);
    }

    @Test
    void badSpecsExitWithTwoAndNameTheKey() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "train", "--set", "epoch=3", "--out", tmp.resolve("a").toString()));
        assertTrue(err.toString().contains("epoch: unknown key"), err.toString());
        err.reset();
        assertEquals(2, run(new ByteArrayOutputStream(), err, concat(concat(new String[] {"train"}, TINY), "--set", "batch-size=1000", "--out", tmp.resolve("b").toString())));
        assertTrue(err.toString().contains("batch-size"), err.toString());
        err.reset();
        Path cfg = tmp.resolve("run.yaml");
        Files.writeString(cfg, "optimizer:\n  name: rmsprop\n");
        assertEquals(2, run(new ByteArrayOutputStream(), err, "train", "--config", cfg.toString()));
        assertTrue(err.toString().contains("optimizer.name") && err.toString().contains("sgd, adam"), err.toString());
        err.reset();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "train", "--resume", tmp.toString()));
        assertTrue(err.toString().contains("spec.yaml"), err.toString());
    }

    @Test
    void trainsATinyRunWithoutAConfigFileAndResumesIt() {
        Path dir = tmp.resolve("run");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = concat(new String[] {"train"}, concat(TINY, "--set", "method=bss-l", "--out", dir.toString()));
        assertEquals(0, run(out, new ByteArrayOutputStream(), args));
        assertTrue(Files.isRegularFile(dir.resolve("final.json")));
        assertTrue(out.toString().contains("best on validation"), out.toString());
        assertTrue(out.toString().contains("epoch 1/1"), "plain log lines when not on a terminal: " + out);
        // a finished run resumes as a no-op
        assertEquals(0, run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "train", "--resume", dir.toString()));
        // ... and is extended by a resume with more epochs; only epochs and scoring.* may change
        assertEquals(0, run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "train", "--resume", dir.toString(), "--set", "epochs=2"));
        try {
            assertEquals(2, Files.readAllLines(dir.resolve("metrics.csv")).size() - 1, "epochs 1 and 2 in metrics.csv");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "train", "--resume", dir.toString(), "--set", "seed=2"));
        assertTrue(err.toString().contains("epochs"), err.toString());
    }

    @Test
    void printConfigShowsTheResolvedRecipeWithoutTraining() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "train", "--recipe", "crema-d", "--print-config", "--out", tmp.resolve("x").toString()));
        String yaml = "\n" + out.toString();
        for (String line : List.of("recipe: crema-d", "dataset: crema-d", "method: bss-l", "    fused: 0.1", "    unimodal: 0.9",
                "  test-heads: sum-unimodal", "epochs: 120", "    audio: resnet18", "    visual: resnet18", "    step: 70",
                "  random-resized-crop: true", "  horizontal-flip: true", "  mode: reference-code")) {
            assertTrue(yaml.contains("\n" + line + "\n"), line + " missing from\n" + yaml);
        }
        assertTrue(!Files.exists(tmp.resolve("x")), "nothing trained, no run directory");
        out.reset();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "train", "--recipe", "crema-d", "--set", "epochs=3", "--print-config"));
        assertTrue(out.toString().contains("\nepochs: 3\n"), "--set wins over the recipe");
    }

    @Test
    void badRecipesExitWithTwoOnOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "train", "--recipe", "cremad", "--print-config"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("unknown recipe 'cremad'") && err.toString().contains("crema-d, crema-d-cl"), err.toString());
        err.reset();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "train", "--recipe", "crema-d", "--set", "dataset=synthetic", "--print-config"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("'crema-d'") && err.toString().contains("'synthetic'"), err.toString());
    }

    @Test
    void recipesListsEveryDatasetWithItsSourceFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "recipes"));
        String text = out.toString();
        for (String name : List.of("crema-d", "kinetics-sounds", "vggsound", "twitter2015", "sarcasm", "nvgesture")) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith(name + " ") && l.contains("/train-SPL.py")), name + " missing:\n" + text);
            assertTrue(text.lines().anyMatch(l -> l.startsWith(name + "-cl ") && l.contains("/train-CL.py")), name + "-cl missing:\n" + text);
        }
        out.reset();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "recipes", "sarcasm"));
        assertTrue(out.toString().contains("\n  name: adam\n"), out.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "recipes", "nope"));
        assertTrue(err.toString().contains("unknown recipe 'nope'"), err.toString());
    }
}
