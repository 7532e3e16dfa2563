package dev.bss.cli;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.SyntheticDatasetProvider;
import dev.bss.engine.model.ModelConfig;
import dev.bss.engine.train.MultimodalTrainer;
import dev.bss.engine.train.OptimizerSettings;
import dev.bss.engine.train.TrainerConfig;
import dev.bss.methods.MethodRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bss bench epoch}: epoch time of bss-l over vanilla for each scoring mode, measured side by side in one
 * process on the same synthetic data and model shape as the PyTorch peer ({@code small-cnn} two-tower, audio
 * 1×40×100, image 1×28×28, 10 classes, SGD). Epochs are interleaved (vanilla, bss-l[pass], bss-l[reference-code],
 * bss-l[online], vanilla, ...) so machine drift hits all alike; the first round is warm-up and is not counted;
 * ratios are of median epoch times. It then prints the training compute rate (counted multiply-adds of the model,
 * {@link TrainingCost}) against an fp32 matrix-product rate measured on the same engine and threads, and with
 * {@code --peer} runs the PyTorch peer right after ({@link PeerBench}) and prints the ratios of throughput and peak
 * resident memory and both sides' scoring ratios. Without a Python that has PyTorch it says what to install and
 * still prints its own figures (exit code 0).
 */
@Command(name = "epoch", mixinStandardHelpOptions = true,
        description = "Epoch time of bss-l over vanilla for each scoring mode, on synthetic data (ratios from one run).")
public final class BenchEpochCommand implements Callable<Integer> {

    @Option(names = "--n", defaultValue = "4096", description = "Training samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "3", description = "Measured epochs per method, after one warm-up round (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--eval-batch", defaultValue = "64",
            description = "Batch size of the eval-mode scoring pass (default ${DEFAULT-VALUE}, the engine's default).")
    int evalBatch;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--audio-shape", defaultValue = "1x40x100", description = "Audio shape (default ${DEFAULT-VALUE}).")
    String audioShape;

    @Option(names = "--image-shape", defaultValue = "1x28x28", description = "Image shape (default ${DEFAULT-VALUE}).")
    String imageShape;

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
        if (n < batch || batch < 1 || epochs < 1) {
            throw new IllegalArgumentException("bench epoch: need --n >= --batch >= 1 and --epochs >= 1");
        }
        long[] audio = parseShape(audioShape);
        long[] image = parseShape(imageShape);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seed", seed);
        data.put("train-size", n);
        data.put("val-size", 0);
        data.put("test-size", 1);
        data.put("classes", 10);
        data.put("audio-shape", audioShape);
        data.put("image-shape", imageShape);
        DatasetSplits splits = new SyntheticDatasetProvider().load(data);
        double throughput;
        double[] median = new double[4];
        System.out.printf(Locale.ROOT, "load average: %.2f%n", loadAverage());
        String[] names = {"vanilla", "bss-l[pass]", "bss-l[reference-code]", "bss-l[online]"};
        List<MultimodalTrainer> trainers = new ArrayList<>();
        try {
            for (String name : names) {
                String method = name.equals("vanilla") ? "vanilla-uni" : "bss-l";
                Map<String, Object> options = new LinkedHashMap<>();
                if (!name.equals("vanilla")) {
                    options.put("scoring", name.substring(name.indexOf('[') + 1, name.indexOf(']')));
                }
                trainers.add(MultimodalTrainer.builder()
                        .setTrainSet(splits.train())
                        .setMethod(MethodRegistry.create(method, options))
                        .setConfig(TrainerConfig.builder().setEpochs(epochs + 1).setBatchSize(batch).optSeed(seed)
                                .optEvaluationBatchSize(evalBatch).build())
                        .optModelConfig(ModelConfig.builder().optEncoder("*", "small-cnn").build())
                        .optOptimizer(OptimizerSettings.builder().optLearningRate(0.01).optMomentum(0.9).optWeightDecay(1e-4).build())
                        .build());
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
                    rssFirst = residentKiB();
                }
                if (round == epochs) {
                    rssLast = residentKiB();
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
            System.out.printf(Locale.ROOT, "train throughput vanilla: %.1f samples/s%n", (n / batch) * batch / median[0]);
            System.out.printf(Locale.ROOT, "ratio bss-l/vanilla: %.2f%n", median[1] / median[0]);
            for (int m = 1; m < names.length; m++) {
                System.out.printf(Locale.ROOT, "ratio %s/vanilla: %.2f%n", names[m], median[m] / median[0]);
            }
            System.out.printf(Locale.ROOT, "resident memory: first epoch %d MB, last epoch %d MB, peak %d MB%n", rssFirst / 1024,
                    rssLast / 1024, peakKiB() / 1024);
            throughput = (n / batch) * batch / median[0];
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
        System.out.printf(Locale.ROOT, "load average: %.2f%n", loadAverage());
        if (peer) {
            runPeer(median, throughput, peakKiB() / 1024.0);
        }
        return 0;
    }

    private void runPeer(double[] median, double throughput, double peakMb) throws InterruptedException {
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
        int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        System.err.println("running the peer: " + py.get() + " " + script);
        PeerBench.Result r;
        try {
            r = PeerBench.run(py.get(), script, n, batch, epochs, threads, seed);
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
        System.out.printf(Locale.ROOT, "ratio rss bss/peer: %.3f (bss peak %.0f MB with %d trainers, peer peak %.0f MB)%n",
                peakMb / r.maxRssMb(), peakMb, 4, r.maxRssMb());
        System.out.printf(Locale.ROOT, "load average after the peer: %.2f%n", loadAverage());
    }

    /** {@code CxHxW} as numbers. */
    static long[] parseShape(String s) {
        String[] parts = s.split("x");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i].trim());
        }
        if (out.length != 3) {
            throw new IllegalArgumentException("bench epoch: a shape is CxHxW, got " + s);
        }
        return out;
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** VmHWM (peak resident set) of this process in KiB (0 where /proc is unavailable). */
    static long peakKiB() {
        return statusKiB("VmHWM:");
    }

    /** VmRSS of this process in KiB (0 where /proc is unavailable). */
    static long residentKiB() {
        return statusKiB("VmRSS:");
    }

    private static long statusKiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
