package dev.bss.cli;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.train.MultimodalTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bss bench epoch}: epoch time of bss-l over vanilla for each scoring mode, measured side by side in one
 * process on the same synthetic data and model shape as the PyTorch peer ({@code small-cnn} two-tower, audio
 * 1×40×100, image 1×28×28, 10 classes, SGD). Epochs are interleaved (vanilla, bss-l[pass], bss-l[reference-code],
 * bss-l[online], vanilla, ...) so machine drift hits all alike; the first round is warm-up and is not counted;
 * ratios are of median epoch times. It then prints the training compute rate (counted multiply-adds of the model,
 * {@link TrainingCost}) against an fp32 matrix-product rate measured on the same engine and threads, and trains ONE
 * vanilla model of the same data, shapes and epochs in a child JVM ({@link OneModelBench}) for a peak resident set
 * comparable with the peer's one model (the four trainers above share this process). With {@code --peer} it runs the
 * PyTorch peer right after ({@link PeerBench}) and prints the ratios of throughput and peak resident memory (one model
 * each, and this process's four trainers against the peer's one) and both sides' scoring ratios. Without a Python that
 * has PyTorch it says what to install and still prints its own figures (exit code 0).
 */
@Command(name = "epoch", mixinStandardHelpOptions = true,
        description = "Epoch time of bss-l over vanilla for each scoring mode, on synthetic data (ratios from one run), and"
                + " the peak resident set of one vanilla model trained in a child JVM.")
public final class BenchEpochCommand implements Callable<Integer> {

    @Mixin
    EpochBenchOptions o;

    @Option(names = "--peer", description = "Run the PyTorch peer (shared/peer/torch_two_tower.py) right after and print the ratios.")
    boolean peer;

    @Option(names = "--peer-script", paramLabel = "FILE",
            description = "Peer script (default: shared/peer/torch_two_tower.py beside the repository).")
    Path peerScript;

    @Option(names = "--python", paramLabel = "CMD",
            description = "Python interpreter with PyTorch for the peer (default: the first of python3, /usr/bin/python3 that imports torch).")
    String python;

    @Override
    public Integer call() throws IOException, InterruptedException {
        o.validate();
        int n = o.n;
        int batch = o.batch;
        int epochs = o.epochs;
        long[] audio = EpochBenchOptions.parseShape(o.audioShape);
        long[] image = EpochBenchOptions.parseShape(o.imageShape);
        DatasetSplits splits = o.data();
        double throughput;
        double[] median = new double[4];
        System.out.printf(Locale.ROOT, "load average: %.2f%n", loadAverage());
        String[] names = {"vanilla", "bss-l[pass]", "bss-l[reference-code]", "bss-l[online]"};
        List<MultimodalTrainer> trainers = new ArrayList<>();
        try {
            for (String name : names) {
                trainers.add(o.trainer(splits, name));
            }
            double[][] seconds = new double[names.length][epochs];
            long rssFirst = 0;
            long rssLast = 0;
            for (int round = 0; round <= epochs; round++) {
                for (int m = 0; m < names.length; m++) {
                    long t = System.nanoTime();
                    trainers.get(m).runEpoch();
                    double s = (System.nanoTime() - t) / 1e9;
                    if (round > 0) {
                        seconds[m][round - 1] = s;
                    }
                }
                if (round == 1) {
                    rssFirst = ProcStatus.residentKiB();
                }
                if (round == epochs) {
                    rssLast = ProcStatus.residentKiB();
                }
                System.err.printf(Locale.ROOT, "round %d/%d done%s%n", round, epochs, round == 0 ? " (warm-up)" : "");
            }
            for (int m = 0; m < names.length; m++) {
                double[] sorted = seconds[m].clone();
                Arrays.sort(sorted);
                median[m] = sorted[sorted.length / 2];
            }
            System.out.printf(Locale.ROOT, "djl %s threads %s n %d batch %d measured epochs %d (after 1 warm-up)%n",
                    ai.djl.engine.Engine.getDjlVersion(), System.getProperty("ai.djl.pytorch.num_threads", "default"), n, batch, epochs);
            System.out.printf(Locale.ROOT, "train throughput vanilla: %.1f samples/s%n", o.trainedSamples() / median[0]);
            System.out.printf(Locale.ROOT, "ratio bss-l/vanilla: %.2f%n", median[1] / median[0]);
            for (int m = 1; m < names.length; m++) {
                System.out.printf(Locale.ROOT, "ratio %s/vanilla: %.2f%n", names[m], median[m] / median[0]);
            }
            System.out.printf(Locale.ROOT, "resident memory (4 trainers in this process): first epoch %d MB, last epoch %d MB,"
                    + " peak %d MB%n", rssFirst / 1024, rssLast / 1024, ProcStatus.peakKiB() / 1024);
            throughput = o.trainedSamples() / median[0];
            long macs = TrainingCost.trainingMultiplyAddsPerSample(audio, image, 10);
            double trainFlops = 2.0 * macs * throughput;
            double gemm = TrainingCost.gemmFlopsPerSecond(1024, 10);
            System.out.printf(Locale.ROOT, "training compute: %.1f GFLOP/s (%.1f MFLOP per sample, counted multiply-adds x2)"
                    + " = %.0f %% of the fp32 GEMM rate %.1f GFLOP/s (1024^3 matmul, same engine and threads)%n",
                    trainFlops / 1e9, 2.0 * macs / 1e6, 100 * trainFlops / gemm, gemm / 1e9);
            System.out.println("targets: bss-l[pass] <= 1.15, bss-l[online] <= 1.03, bss-l[reference-code] <= the peer's reference"
                    + " ratio, throughput >= 1.25 x peer, peak resident <= 1.2 x peer");
        } finally {
            trainers.forEach(MultimodalTrainer::close);
        }
        double fourMb = ProcStatus.peakKiB() / 1024.0;
        System.out.printf(Locale.ROOT, "load average: %.2f%n", loadAverage());
        OneModelBench.Result one = runOneModel();
        if (peer) {
            runPeer(median, throughput, fourMb, one);
        }
        return 0;
    }

    /** The one-model child ({@link OneModelBench}): prints its figures, or why there are none (then returns null). */
    private OneModelBench.Result runOneModel() throws InterruptedException {
        System.err.println("training one vanilla model in a child JVM (its peak resident set)");
        OneModelBench.Result r;
        try {
            r = OneModelBench.run(o, threads());
        } catch (IOException e) {
            System.out.println("rss one model bss: failed: " + e.getMessage());
            return null;
        }
        if (r.peakMb() <= 0) {
            System.out.println("rss one model bss: unavailable (no /proc/PID/status)");
            return null;
        }
        StringBuilder epochsMb = new StringBuilder();
        for (double mb : r.residentMb()) {
            epochsMb.append(epochsMb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", mb));
        }
        System.out.printf(Locale.ROOT, "rss one model bss: %.0f MB (VmHWM of a child JVM training vanilla only)%n", r.peakMb());
        System.out.printf(Locale.ROOT, "resident memory one model after each epoch (the first is the warm-up): %s MB%n", epochsMb);
        System.out.printf(Locale.ROOT, "load average: %.2f%n", loadAverage());
        return r;
    }

    /** The engine threads a child or the peer is given: the launcher's {@code ai.djl.pytorch.num_threads}, else the cores. */
    static int threads() {
        return Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
    }

    private void runPeer(double[] median, double throughput, double fourMb, OneModelBench.Result one) throws InterruptedException {
        List<String> candidates = python != null ? List.of(python) : PeerBench.DEFAULT_PYTHONS;
        java.util.Optional<String> py = PeerBench.findPython(candidates);
        if (py.isEmpty()) {
            System.out.println(PeerBench.missingMessage(candidates));
            return;
        }
        Path script = peerScript != null ? peerScript : PeerBench.defaultScript(Path.of(System.getProperty("bss.home", ".")));
        if (!PeerBench.scriptExists(script)) {
            System.out.println("peer: skipped: no peer script at " + script + " (give one with --peer-script)");
            return;
        }
        int threads = threads();
        System.err.println("running the peer: " + py.get() + " " + script);
        PeerBench.Result r;
        try {
            r = PeerBench.run(py.get(), script, o.n, o.batch, o.epochs, threads, o.seed);
        } catch (java.io.IOException e) {
            System.out.println("peer: failed: " + e.getMessage());
            return;
        }
        System.out.println("peer: " + r.header() + " (" + py.get() + " " + script + ")");
        System.out.printf(Locale.ROOT, "peer train throughput vanilla: %.1f samples/s, max rss %.0f MB (%s)%n", r.throughput(),
                r.maxRssMb(), r.rssSource());
        System.out.printf(Locale.ROOT, "scoring ratio over vanilla      bss   peer%n");
        System.out.printf(Locale.ROOT, "  pass (eval mode, no graph)   %5.2f  %5.2f%n", median[1] / median[0], r.passRatio());
        System.out.printf(Locale.ROOT, "  reference-code (train mode)  %5.2f  %5.2f%n", median[2] / median[0], r.referenceRatio());
        System.out.printf(Locale.ROOT, "  online                       %5.2f      -%n", median[3] / median[0]);
        System.out.printf(Locale.ROOT, "ratio throughput bss/peer: %.3f%n", throughput / r.throughput());
        if (one != null) {
            System.out.printf(Locale.ROOT, "ratio rss bss/peer (one model each): %.3f (bss %.0f MB, peer %.0f MB; target <= 1.2)%n",
                    one.peakMb() / r.maxRssMb(), one.peakMb(), r.maxRssMb());
        }
        System.out.printf(Locale.ROOT, "ratio rss bss(4 trainers in one process)/peer(one model): %.3f (bss peak %.0f MB, peer peak"
                + " %.0f MB)%n", fourMb / r.maxRssMb(), fourMb, r.maxRssMb());
        System.out.printf(Locale.ROOT, "load average after the peer: %.2f%n", loadAverage());
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
