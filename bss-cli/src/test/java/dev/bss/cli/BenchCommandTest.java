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
        Path fake = tmp.resolve("python3");
        // a stand-in interpreter: answers the torch probe, records the peer's arguments, lives a second (so its
        // /proc status is read), prints a peer's output whose 'max rss: 814 MB' must NOT be taken (ru_maxrss of a child
        // of the JVM starts at the JVM's own peak)
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = -c ]; then exit 0; fi\necho \"$@\" > '" + args + "'\nsleep 1\ncat <<'EOF'\n"
                + PEER_OUTPUT + "EOF\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path script = tmp.resolve("peer.py");
        Files.writeString(script, "# stand-in\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(),
                TrainCommandTest.concat(TINY_EPOCH, "--peer", "--python", fake.toString(), "--peer-script", script.toString(), "--seed", "3")));
        String s = out.toString();
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
        assertTrue(s.matches("(?s).*\nratio rss bss/peer: [0-9.]+ \\(bss peak [0-9]+ MB with 4 trainers, peer peak [0-9]+ MB\\)\n.*"), s);
    }

    @Test
    void aMissingPeerScriptIsReportedNotThrown() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path script = tmp.resolve("absent.py");
        assertEquals(0, TrainCommandTest.run(out, new ByteArrayOutputStream(),
                TrainCommandTest.concat(TINY_EPOCH, "--peer", "--peer-script", script.toString())));
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
