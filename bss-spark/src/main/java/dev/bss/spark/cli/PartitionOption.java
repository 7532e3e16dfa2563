package dev.bss.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --partitions}, for the jobs whose result does not depend on it (scoring, schedules). */
public final class PartitionOption {

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
            description = "Partitions (tasks) to aim for; the result does not depend on it (0: the cluster's default parallelism;"
                    + " default: ${DEFAULT-VALUE}).")
    int partitions;

    /** The checked value (0 = the cluster's default). */
    int value(CommandLine cl) {
        if (partitions < 0) {
            throw new CommandLine.ParameterException(cl, "--partitions must be >= 0, got " + partitions);
        }
        return partitions;
    }
}
