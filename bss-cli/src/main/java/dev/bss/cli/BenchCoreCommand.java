package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss bench core}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Time normalising, ranking and drawing a weighted permutation of N scores. (not implemented yet)")
public final class BenchCoreCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss bench core: not implemented yet");
        return 1;
    }
}
