package dev.bss.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bss demo}: placeholder until its issue lands; says so honestly and exits 1. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo: prepare AV-digits (small) if missing, train vanilla, vanilla-uni, bss-h and bss-l, print a table and write an HTML report. (not implemented yet)")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bss demo: not implemented yet");
        return 1;
    }
}
