package dev.bss.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bss bench core|epoch} plumbing: printed ratios, option parsing and the peer's bad-input paths (no timings asserted). */
class BenchCommandTest {

    /** A tiny epoch bench: 8 samples, batch 4, one measured epoch, 8×8 inputs. */
    private static final String[] TINY_EPOCH = {"bench", "epoch", "--n", "8", "--batch", "4", "--epochs", "1",
        "--audio-shape", "1x8x8", "--image-shape", "1x8x8"};

    private static final String PEER_OUTPUT = "torch 1.13.0a0 threads 2 n 8 batch 4\n"
            + "train throughput vanilla: 177.3 samples/s\n"
            + "ratio bss-l/vanilla: 1.335\n"
            + "ratio bss-l-reference/vanilla: 1.423\n"
            + "max rss: 814 MB\n";

    @TempDir
    Path tmp;

    @Test
    void coreBenchPrintsTheSortGuardRatio() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), "bench", "core", "--n", "2000", "--repetitions", "1"));
        assertTrue(out.toString().matches("(?s).*\nratio re-rank/jdk-sort: [0-9]+\\.[0-9]{2} \\(target <= 0\\.6\\)\n.*"), out.toString());
        assertTrue(out.toString().contains("jdk Arrays.sort"), out.toString());
    }

    @Test
    void coreBenchRejectsAnEmptyInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TrainCommandTest.run(new ByteArrayOutputStream(), err, "bench", "core", "--n", "0"));
        assertTrue(err.toString().contains("--n must be >= 1"), err.toString());
    }

    @Test
    void peerWithoutPyTorchSaysWhatToInstallAndStillPrintsOurFigures() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String missing = tmp.resolve("no-such-python3").toString();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(),
                TrainCommandTest.concat(TINY_EPOCH, "--peer", "--python", missing)));
        String s = out.toString();
        assertTrue(s.contains("train throughput vanilla:") && s.contains("ratio bss-l[online]/vanilla:"), s);
        assertTrue(s.contains("training compute:") && s.contains("GEMM rate"), s);
        assertTrue(s.contains("peer: skipped: no Python with PyTorch found (tried " + missing + ")"), s);
        assertTrue(s.contains("apt-get install -y python3-torch"), s);
        assertTrue(!s.contains("ratio throughput bss/peer"), s);
    }

    @Test
    void peerRunsWithTheBenchSizesAndItsRatiosArePrintedBesideOurs() throws IOException {
        Path args = tmp.resolve("args.txt");
        String s = runWithStandInPeer(args, "--seed", "3");
        assertTrue(Files.readString(args).trim().matches(".*peer\\.py --n 8 --batch 4 --epochs 1 --threads [0-9]+ --seed 3"),
                Files.readString(args));
        assertTrue(s.contains("peer: torch 1.13.0a0 threads 2 n 8 batch 4"), s);
        // the peer's own address space: a shell of a few MB, not the 814 MB it printed
        java.util.regex.Matcher rss = java.util.regex.Pattern.compile("peer train throughput vanilla: 177\\.3 samples/s, max rss ([0-9]+) MB \\(VmHWM\\)").matcher(s);
        assertTrue(rss.find(), s);
        assertTrue(Integer.parseInt(rss.group(1)) < 100, s);
        assertTrue(s.matches("(?s).*pass \\(eval mode, no graph\\) +[0-9.]+ +1\\.34\n.*"), s);
        assertTrue(s.matches("(?s).*reference-code \\(train mode\\) +[0-9.]+ +1\\.42\n.*"), s);
        assertTrue(s.matches("(?s).*\nratio throughput bss/peer: [0-9.]+\n.*"), s);
        assertTrue(s.matches("(?s).*\nratio rss bss\\(4 trainers in one process\\)/peer\\(one model\\): [0-9.]+ \\(bss peak [0-9]+ MB,"
                + " peer peak [0-9]+ MB\\)\n.*"), s);
    }

    @Test
    void oneVanillaModelIsMeasuredInItsOwnJvmAgainstThePeersOneModel() throws IOException {
        String s = runWithStandInPeer(tmp.resolve("args.txt"));
        java.util.regex.Matcher one = java.util.regex.Pattern.compile("\nrss one model bss: ([0-9]+) MB \\(VmHWM of a child JVM").matcher(s);
        assertTrue(one.find(), s);
        long oneMb = Long.parseLong(one.group(1));
        java.util.regex.Matcher four = java.util.regex.Pattern.compile("\nresident memory \\(4 trainers in this process\\): first epoch"
                + " [0-9]+ MB, last epoch [0-9]+ MB, peak ([0-9]+) MB\n").matcher(s);
        assertTrue(four.find(), s);
        // a JVM with the engine loaded and a model trained: tens of MB at least, and not this (test) JVM's own peak, which
        // a child's ru_maxrss would have inherited
        assertTrue(oneMb > 20, s);
        assertTrue(oneMb != Long.parseLong(four.group(1)), s);
        // the warm-up epoch and the one measured epoch
        assertTrue(s.matches("(?s).*\nresident memory one model after each epoch \\(the first is the warm-up\\): [0-9]+, [0-9]+ MB\n.*"), s);
        java.util.regex.Matcher ratio = java.util.regex.Pattern.compile("\nratio rss bss/peer \\(one model each\\): ([0-9.]+)"
                + " \\(bss ([0-9]+) MB, peer ([0-9]+) MB; target <= 1.2\\)\n").matcher(s);
        assertTrue(ratio.find(), s);
        assertEquals(oneMb, Long.parseLong(ratio.group(2)), s);
        // the stand-in peer is a shell of a few MB (printed rounded, so the ratio is not recomputed from the line)
        assertTrue(Double.parseDouble(ratio.group(1)) > 1, s);
    }

    @Test
    void scalingTrainsOneChildPerSizeAndWritesTheCsvThePlotScriptReads() throws IOException {
        Path csv = tmp.resolve("epoch-vs-n.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), "bench", "scaling", "--sizes", "8,18", "--batch", "4",
                "--epochs", "1", "--audio-shape", "1x8x8", "--image-shape", "1x8x8", "--csv", csv.toString(), "--series", "tiny"));
        java.util.List<String> rows = Files.readAllLines(csv);
        assertEquals(3, rows.size(), rows.toString());
        assertEquals("n,seconds,series,samples_per_second,ms_per_sample,peak_rss_mb", rows.get(0));
        // whole batches only: 8 and 16 of 18 samples are trained
        String[] small = rows.get(1).split(",");
        String[] large = rows.get(2).split(",");
        assertEquals("8", small[0], rows.toString());
        assertEquals("16", large[0], rows.toString());
        assertEquals("tiny", small[2]);
        for (String[] r : java.util.List.of(small, large)) {
            double seconds = Double.parseDouble(r[1]);
            assertTrue(seconds > 0, rows.toString());
            assertEquals(Double.parseDouble(r[0]) / seconds, Double.parseDouble(r[3]), 0.05 * Double.parseDouble(r[3]) + 0.1, rows.toString());
            assertTrue(Double.parseDouble(r[5]) > 20, "a child JVM with the engine loaded: " + rows);
        }
        assertTrue(out.toString().contains("csv: " + csv), out.toString());
    }

    @Test
    void scalingRejectsASizeBelowTheBatchNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TrainCommandTest.run(new ByteArrayOutputStream(), err, "bench", "scaling", "--sizes", "64,2", "--batch", "4"));
        assertTrue(err.toString().contains("size 2"), err.toString());
    }

    @Test
    void oneModelChildWallTimesAreParsed() {
        assertEquals(java.util.List.of(3.01, 1.88), OneModelBench.parseWall("epoch 1/2: resident 575.2 MB\n"
                + "epoch 1/2: wall 3.01 s, 340.3 samples/s (1024 samples)\nepoch 2/2: resident 581.9 MB\n"
                + "epoch 2/2: wall 1.88 s, 544.3 samples/s (1024 samples)\n"));
        assertEquals(1.5, BenchScalingCommand.median(java.util.List.of(2.0, 1.0, 1.5)));
    }

    @Test
    void oneModelChildOutputIsParsed() {
        assertEquals(java.util.List.of(512.5, 640.0), OneModelBench.parse("djl noise\nepoch 1/2: resident 512.5 MB\n"
                + "epoch 2/2: resident 640.0 MB\npeak resident: 650.1 MB\n"));
    }

    /**
     * Runs the tiny epoch bench with a stand-in interpreter as the peer: it answers the torch probe, records the peer's
     * arguments in {@code args}, lives a second (so its /proc status is read) and prints a peer's output whose
     * 'max rss: 814 MB' must NOT be taken (ru_maxrss of a child of the JVM starts at the JVM's own peak).
     */
    private String runWithStandInPeer(Path args, String... more) throws IOException {
        Path fake = standInPython("if [ \"$1\" = -c ]; then exit 0; fi\necho \"$@\" > '" + args + "'\nsleep 1\ncat <<'EOF'\n"
                + PEER_OUTPUT + "EOF\n");
        Path script = tmp.resolve("peer.py");
        Files.writeString(script, "# stand-in\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), TrainCommandTest.concat(
                TrainCommandTest.concat(TINY_EPOCH, "--peer", "--python", fake.toString(), "--peer-script", script.toString()), more)));
        return out.toString();
    }

    /** An executable {@code tmp/python3} shell script with this body, standing in for a Python with PyTorch. */
    private Path standInPython(String body) throws IOException {
        Path fake = tmp.resolve("python3");
        Files.writeString(fake, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake;
    }

    @Test
    void aMissingPeerScriptIsReportedNotThrown() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path script = tmp.resolve("absent.py");
        // a stand-in Python that passes the PyTorch probe, so the test does not depend on this machine having one
        Path fake = standInPython("exit 0\n");
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(), TrainCommandTest.concat(TINY_EPOCH, "--peer",
                "--python", fake.toString(), "--peer-script", script.toString())));
        assertTrue(out.toString().contains("peer: skipped: no peer script at " + script), out.toString());
    }

    @Test
    void badShapeIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TrainCommandTest.run(new ByteArrayOutputStream(), err, "bench", "epoch", "--audio-shape", "40x100"));
        assertTrue(err.toString().contains("CxHxW") && err.toString().contains("40x100"), err.toString());
    }

    @Test
    void peerOutputIsParsed() throws IOException {
        PeerBench.Result r = PeerBench.parse(PEER_OUTPUT);
        assertEquals("torch 1.13.0a0 threads 2 n 8 batch 4", r.header());
        assertEquals(177.3, r.throughput());
        assertEquals(1.335, r.passRatio());
        assertEquals(1.423, r.referenceRatio());
        assertEquals(814, r.maxRssMb());
        IOException e = assertThrows(IOException.class, () -> PeerBench.parse("Traceback\nImportError: no torch\n"));
        assertTrue(e.getMessage().contains("train throughput vanilla") && e.getMessage().contains("ImportError"), e.getMessage());
    }

    @Test
    void defaultPeerScriptLiesBesideTheRepository() {
        assertEquals(Path.of("/work/shared/peer/torch_two_tower.py"), PeerBench.defaultScript(Path.of("/work/wt-perf")));
    }

    @Test
    void smallCnnMultiplyAddsByHand() {
        // 1×40×100: 40·100·9·1·32, 20·50·9·32·64, 10·25·9·64·128
        assertArrayEquals(new long[] {1_152_000, 18_432_000, 18_432_000}, TrainingCost.smallCnnConvMultiplyAdds(new long[] {1, 40, 100}));
        // 1×28×28: 784·288, 196·18432, 49·73728
        assertArrayEquals(new long[] {225_792, 3_612_672, 3_612_672}, TrainingCost.smallCnnConvMultiplyAdds(new long[] {1, 28, 28}));
        // audio 2·1.152M + 3·36.864M, image 2·225792 + 3·7225344, heads 3·(256·10 + 2·128·10)
        assertEquals(112_896_000L + 22_127_616L + 15_360L,
                TrainingCost.trainingMultiplyAddsPerSample(new long[] {1, 40, 100}, new long[] {1, 28, 28}, 10));
    }
}
