package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss train}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one run from a YAML/JSON spec. (not implemented yet)")
public final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss train: not implemented yet");
        return 1;
    }
}
