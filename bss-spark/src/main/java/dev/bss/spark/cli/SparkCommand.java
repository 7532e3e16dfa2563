package dev.bss.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bss spark}: the jobs of the optional bss-spark module. */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Distributed jobs on Spark: dataset preparation, the scoring pass, one epoch's schedule.",
                "The optional bss-spark module (docs/scale.md). Training itself stays on one machine."},
        subcommands = {SparkPrepareCommand.class, SparkScoreCommand.class, SparkScheduleCommand.class, SparkBenchCommand.class})
public final class SparkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
