package dev.bss.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bss data}: prepare the installable datasets and check datasets in the paper's layouts. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Prepare and check datasets.",
        subcommands = {DataPrepareCommand.class, DataCheckCommand.class, DataListCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
