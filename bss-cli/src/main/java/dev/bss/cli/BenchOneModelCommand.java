package dev.bss.cli;

import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.train.MultimodalTrainer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bss bench one-model} (hidden): the child process of {@code bss bench epoch} that trains ONE vanilla model of
 * the bench's data and shapes for the warm-up epoch plus the measured ones and exits, so that its peak resident set
 * can be set against the PyTorch peer's one model ({@link OneModelBench}). After each epoch it prints
 * {@code epoch K/E: resident X MB} ({@code VmRSS}) and {@code epoch K/E: wall S s, R samples/s}; at the end
 * {@code peak resident: X MB} ({@code VmHWM}). Run by hand ({@code bss bench one-model --n 50000 --epochs 1}) it times
 * one epoch of the default model at a given N, the series in docs/performance.md "Epoch time against N".
 */
@Command(name = "one-model", hidden = true, mixinStandardHelpOptions = true,
        description = "Internal to bench epoch: train one vanilla model and print its resident set after each epoch.")
public final class BenchOneModelCommand implements Callable<Integer> {

    @Mixin
    EpochBenchOptions options;

    @Override
    public Integer call() {
        options.validate();
        DatasetSplits splits = options.data();
        int total = options.epochs + 1;
        try (MultimodalTrainer trainer = options.trainer(splits, "vanilla")) {
            for (int e = 1; e <= total; e++) {
                long t = System.nanoTime();
                trainer.runEpoch();
                double seconds = (System.nanoTime() - t) / 1e9;
                System.out.printf(Locale.ROOT, "epoch %d/%d: resident %.1f MB%n", e, total, ProcStatus.residentKiB() / 1024.0);
                System.out.printf(Locale.ROOT, "epoch %d/%d: wall %.2f s, %.1f samples/s (%d samples)%n", e, total, seconds,
                        options.trainedSamples() / seconds, options.trainedSamples());
            }
        }
        System.out.printf(Locale.ROOT, "peak resident: %.1f MB%n", ProcStatus.peakKiB() / 1024.0);
        return 0;
    }
}
