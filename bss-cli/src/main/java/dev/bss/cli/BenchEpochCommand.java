package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss bench epoch}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "epoch", mixinStandardHelpOptions = true,
        description = "Epoch time of bss-l over vanilla for each scoring mode, on synthetic data. (not implemented yet)")
public final class BenchEpochCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss bench epoch: not implemented yet");
        return 1;
    }
}
