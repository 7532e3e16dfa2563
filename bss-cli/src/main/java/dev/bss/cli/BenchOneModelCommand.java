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
 * {@code epoch K/E: resident X MB} ({@code VmRSS}); at the end {@code peak resident: X MB} ({@code VmHWM}).
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
                trainer.runEpoch();
                System.out.printf(Locale.ROOT, "epoch %d/%d: resident %.1f MB%n", e, total, ProcStatus.residentKiB() / 1024.0);
            }
        }
        System.out.printf(Locale.ROOT, "peak resident: %.1f MB%n", ProcStatus.peakKiB() / 1024.0);
        return 0;
    }
}
