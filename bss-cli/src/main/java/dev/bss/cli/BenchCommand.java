package dev.bss.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bss bench}: benchmarks that print ratios measured side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (ratios measured side by side in one run, never timed tests).",
        subcommands = {BenchCoreCommand.class, BenchEpochCommand.class, BenchScalingCommand.class, BenchSoakCommand.class,
            BenchOneModelCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
