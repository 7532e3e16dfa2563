package dev.bss.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bss} command. Each subcommand lives in its own class and only parses, builds a spec
 * and delegates to the library modules.
 */
@Command(name = "bss",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Balance-aware sequence sampling (BSS) for multimodal learning.",
        subcommands = {
                DemoCommand.class,
                TrainCommand.class,
                ExperimentCommand.class,
                DataCommand.class,
                MethodsCommand.class,
                RecipesCommand.class,
                PacingCommand.class,
                ScheduleCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class BssCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
