package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss experiment}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run an experiment suite (criteria, pacing, sensitivity, main, ...) over seeds. (not implemented yet)")
public final class ExperimentCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss experiment: not implemented yet");
        return 1;
    }
}
