package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss data}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Prepare and check datasets. (not implemented yet)")
public final class DataCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss data: not implemented yet");
        return 1;
    }
}
