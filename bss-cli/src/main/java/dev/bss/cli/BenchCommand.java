package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss bench}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (ratios measured side by side in one run). (not implemented yet)")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss bench: not implemented yet");
        return 1;
    }
}
