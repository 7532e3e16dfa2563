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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bss bench soak}: a memory soak of the whole training loop. One bss-l run on tiny synthetic data (MLP
 * encoders, scoring every epoch, validation and test evaluation and a checkpoint after every epoch) for many
 * epochs; prints the resident set size ({@code VmRSS} of {@code /proc/self/status}), the JVM heap in use after
 * a GC (and the committed heap) and the number of live native arrays at the reference epoch and at the end,
 * and the ratio of the resident sizes. A leak of native arrays or Java objects per epoch shows as a ratio above 1; the target is
 * flat within 5 %.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Memory soak: resident memory at epoch 10 vs the last epoch of a long tiny bss-l run (target: flat within 5 %%).")
public final class BenchSoakCommand implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "200", description = "Epochs to run (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--reference-epoch", defaultValue = "10", description = "Epoch whose memory is the baseline (default ${DEFAULT-VALUE}).")
    int referenceEpoch;

    @Option(names = "--n", defaultValue = "256", description = "Training samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (epochs <= referenceEpoch || referenceEpoch < 1 || n < batch || batch < 1) {
            throw new IllegalArgumentException("bench soak: need --epochs > --reference-epoch >= 1 and --n >= --batch >= 1");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seed", seed);
        data.put("train-size", n);
        data.put("val-size", 64);
        data.put("test-size", 64);
        data.put("classes", 4);
        data.put("audio-shape", "1x8x8");
        data.put("image-shape", "1x8x8");
        DatasetSplits splits = new SyntheticDatasetProvider().load(data);
        Path checkpoints = Files.createTempDirectory("bss-soak");
        long[] reference = null;
        long[] last = null;
        long start = System.nanoTime();
        try (MultimodalTrainer trainer = MultimodalTrainer.builder()
                .setDataset(splits)
                .setMethod(MethodRegistry.create("bss-l", Map.of()))
                .setConfig(TrainerConfig.builder().setEpochs(epochs).setBatchSize(batch).optSeed(seed)
                        .optCheckpointDirectory(checkpoints).build())
                .optModelConfig(ModelConfig.builder().optEncoder("*", "mlp").build())
                .optOptimizer(OptimizerSettings.builder().optLearningRate(0.01).optMomentum(0.9).build())
                .build()) {
            for (int e = 1; e <= epochs; e++) {
                trainer.runEpoch();
                if (e == referenceEpoch || e == epochs || e % Math.max(1, epochs / 10) == 0) {
                    long[] m = measure(trainer);
                    System.out.printf(Locale.ROOT, "epoch %4d: resident %6.1f MB, heap after GC %6.1f MB (committed %6.1f MB), native arrays %d, %.0f s%n",
                            e, m[0] / 1024.0, m[1] / 1048576.0, m[3] / 1048576.0, m[2], (System.nanoTime() - start) / 1e9);
                    if (e == referenceEpoch) {
                        reference = m;
                    }
                    if (e == epochs) {
                        last = m;
                    }
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(checkpoints)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        double ratio = reference[0] == 0 ? Double.NaN : last[0] / (double) reference[0];
        System.out.printf(Locale.ROOT, "resident memory: epoch %d %.1f MB, epoch %d %.1f MB, ratio %.3f%n",
                referenceEpoch, reference[0] / 1024.0, epochs, last[0] / 1024.0, ratio);
        System.out.printf(Locale.ROOT, "heap after GC: epoch %d %.1f MB, epoch %d %.1f MB; native arrays %d -> %d%n",
                referenceEpoch, reference[1] / 1048576.0, epochs, last[1] / 1048576.0, reference[2], last[2]);
        System.out.println("target: resident ratio <= 1.05 " + (ratio <= 1.05 ? "(met)" : "(NOT met)"));
        return 0;
    }

    /** {VmRSS KiB, heap bytes in use after a GC, live native arrays, committed heap bytes}. */
    private static long[] measure(MultimodalTrainer trainer) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new long[] {ProcStatus.residentKiB(), rt.totalMemory() - rt.freeMemory(), trainer.nativeArrayCount(),
            rt.totalMemory()};
    }
}
