package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss schedule}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Print one epoch's sample sequence from a score file. (not implemented yet)")
public final class ScheduleCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss schedule: not implemented yet");
        return 1;
    }
}
