package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss data check} (filled in below). */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Validate a dataset folder in one of the paper's layouts.")
public final class DataCheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss data check: not implemented yet");
        return 1;
    }
}
