package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss pacing}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "pacing", mixinStandardHelpOptions = true,
        description = "Print a pacing function's data fraction per epoch as CSV (epoch,fraction). (not implemented yet)")
public final class PacingCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss pacing: not implemented yet");
        return 1;
    }
}
