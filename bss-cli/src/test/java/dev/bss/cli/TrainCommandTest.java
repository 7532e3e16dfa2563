package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
