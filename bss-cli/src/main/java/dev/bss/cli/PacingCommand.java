package dev.bss.cli;

import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.pacing.PacingFunctions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bss pacing}: prints a pacing function's data fraction {@code λ(t)} per epoch as CSV. */
@Command(name = "pacing", mixinStandardHelpOptions = true,
        description = {"Print a pacing function's data fraction per epoch as CSV (epoch,fraction).",
                "root is the paper's function (E4); baby-step, linear, root-3, root-5 and geometric are",
                "literature forms (see docs/core.md). All reach exactly 1 at epoch T_grow."})
public final class PacingCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--function", paramLabel = "ID", defaultValue = "root",
            description = "One of baby-step, linear, root, root-3, root-5, geometric (default: ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--lambda0", paramLabel = "L", defaultValue = "0.1",
            description = "Initial fraction λ0 in (0, 1] (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--t-grow", paramLabel = "T", defaultValue = "40",
            description = "T_grow >= 1, the first epoch with fraction 1 (default: ${DEFAULT-VALUE}).")
    int tGrow;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "40",
            description = "Print epochs 1..N (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--bins", paramLabel = "B", defaultValue = "" + PacingFunctions.DEFAULT_BINS,
            description = "Baby-step bins B >= 1 (default: ${DEFAULT-VALUE}); ignored by the other functions.")
    int bins;

    @Override
    public Integer call() {
        PacingFunction f = build(spec.commandLine(), function, lambda0, tGrow, bins);
        if (epochs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be >= 1, got " + epochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("epoch,fraction");
        for (int t = 1; t <= epochs; t++) {
            out.println(t + "," + f.fraction(t));
        }
        out.flush();
        return 0;
    }

    /** Validates the pacing flags, naming the offending flag, and builds the function. */
    static PacingFunction build(CommandLine cl, String function, double lambda0, int tGrow, int bins) {
        if (!PacingFunctions.IDS.contains(function)) {
            throw new CommandLine.ParameterException(cl, "--function: unknown pacing function '" + function
                    + "'; allowed: " + String.join(", ", PacingFunctions.IDS));
        }
        if (!(lambda0 > 0 && lambda0 <= 1)) {
            throw new CommandLine.ParameterException(cl, "--lambda0 must be in (0, 1], got " + lambda0);
        }
        if (tGrow < 1) {
            throw new CommandLine.ParameterException(cl, "--t-grow must be >= 1, got " + tGrow);
        }
        if (bins < 1) {
            throw new CommandLine.ParameterException(cl, "--bins must be >= 1, got " + bins);
        }
        return PacingFunctions.of(function, lambda0, tGrow, bins);
    }
}
