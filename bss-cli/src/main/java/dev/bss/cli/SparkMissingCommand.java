package dev.bss.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Stands in for {@code bss spark} when the optional {@code bss-spark} module is not on the classpath: one line saying
 * how to get it, exit code 2. Hidden from the command list.
 */
@Command(name = SparkMissingCommand.NAME, hidden = true, description = "Distributed jobs (needs the optional bss-spark module).")
final class SparkMissingCommand implements Callable<Integer> {

    static final String NAME = "spark";

    /** Whatever follows {@code bss spark}: not parsed, the module is missing. */
    @CommandLine.Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        System.err.println("bss: 'bss spark' needs the optional bss-spark module on the classpath: run it as ./bss spark ... from a"
                + " source tree (the launcher builds bss-spark), or see docs/scale.md");
        return ErrorHandlers.BAD_INPUT;
    }
}
