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
 * ratios are of median epoch times.
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

    @Override
    public Integer call() throws IOException {
        if (n < batch || batch < 1 || epochs < 1) {
            throw new IllegalArgumentException("bench epoch: need --n >= --batch >= 1 and --epochs >= 1");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seed", seed);
        data.put("train-size", n);
        data.put("val-size", 0);
        data.put("test-size", 1);
        data.put("classes", 10);
        data.put("audio-shape", audioShape);
        data.put("image-shape", imageShape);
        DatasetSplits splits = new SyntheticDatasetProvider().load(data);
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
            double[] median = new double[names.length];
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
            System.out.printf(Locale.ROOT, "resident memory: first epoch %d MB, last epoch %d MB%n", rssFirst / 1024, rssLast / 1024);
            System.out.println("targets: bss-l[pass] <= 1.30, bss-l[online] <= 1.05, vanilla >= PyTorch peer throughput");
            return 0;
        } finally {
            trainers.forEach(MultimodalTrainer::close);
        }
    }

    /** VmRSS of this process in KiB (0 where /proc is unavailable). */
    static long residentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
