package dev.bss.cli;

import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.measure.Criterion;
import dev.bss.core.measure.Normalization;
import dev.bss.core.order.Order;
import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.schedule.ProbabilityTransform;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options {@code bss schedule} and {@code bss spark schedule} share (a picocli mixin): the score table, the
 * scheduler and its settings, the epoch and the seed, each validated with an error naming its flag.
 */
public final class ScheduleOptions {

    @Option(names = "--scores", paramLabel = "FILE", required = true, description = "Score file (format above).")
    public Path scores;

    @Option(names = "--scheduler", paramLabel = "KIND", required = true, description = "heuristic or learning.")
    String scheduler;

    @Option(names = "--criterion", paramLabel = "ID", defaultValue = "pred-sim+loss",
            description = "Criterion for raw-column files: feat-sim, pred-sim, loss, grad-mag, feat-sim+grad-mag, "
                    + "feat-sim+loss, pred-sim+grad-mag, pred-sim+loss (default: ${DEFAULT-VALUE}).")
    String criterion;

    @Option(names = "--normalization", paramLabel = "ID", defaultValue = "min-max",
            description = "min-max, rank or z-score, for raw-column files (default: ${DEFAULT-VALUE}).")
    String normalization;

    @Option(names = "--order", paramLabel = "ID", defaultValue = "cl", description = "heuristic: cl or anti-cl (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = "--function", paramLabel = "ID", defaultValue = "root",
            description = "heuristic pacing: baby-step, linear, root, root-3, root-5, geometric (default: ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--lambda0", paramLabel = "L", defaultValue = "0.1", description = "heuristic: λ0 in (0, 1] (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--t-grow", paramLabel = "T", defaultValue = "40", description = "heuristic: T_grow >= 1 (default: ${DEFAULT-VALUE}).")
    int tGrow;

    @Option(names = "--bins", paramLabel = "B", defaultValue = "" + PacingFunctions.DEFAULT_BINS,
            description = "heuristic baby-step bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "1",
            description = "heuristic: the subset holds at least one batch (default: ${DEFAULT-VALUE}).")
    public int batchSize;

    @Option(names = "--transform", paramLabel = "ID", defaultValue = "softmax",
            description = "learning: softmax (paper) or linear (reference code: 1 + floor + s) (default: ${DEFAULT-VALUE}).")
    String transform;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "learning softmax temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--floor", paramLabel = "F", defaultValue = "0.01", description = "learning linear floor (default: ${DEFAULT-VALUE}).")
    double floor;

    @Option(names = "--reversed", description = "learning: favour imbalanced samples (weights of -s).")
    public boolean reversed;

    @Option(names = "--epoch", paramLabel = "t", required = true, description = "Epoch to print, counted from 1.")
    public int epoch;

    @Option(names = "--seed", paramLabel = "S", required = true, description = "Seed of the random streams.")
    public long seed;

    /** Validates the epoch and the scheduler kind; true for heuristic, false for learning. */
    public boolean heuristic(CommandLine cl) {
        if (epoch < 1) {
            throw new CommandLine.ParameterException(cl, "--epoch must be >= 1 (epochs count from 1), got " + epoch);
        }
        if (scheduler.equals("heuristic")) {
            return true;
        }
        if (scheduler.equals("learning")) {
            return false;
        }
        throw new CommandLine.ParameterException(cl, "--scheduler: unknown scheduler '" + scheduler + "'; allowed: heuristic, learning");
    }

    /** The measurer of {@code --criterion} and {@code --normalization}. */
    public BalanceMeasurer measurer(CommandLine cl) {
        Criterion crit = parse(cl, "--criterion", () -> Criterion.fromId(criterion));
        Normalization norm = parse(cl, "--normalization", () -> Normalization.fromId(normalization));
        return BalanceMeasurer.builder().optCriterion(crit).optNormalization(norm).build();
    }

    /** Whether {@code --criterion} or {@code --normalization} was given (raw columns are then always re-measured). */
    public boolean measureFlags(CommandLine cl) {
        return cl.getParseResult().hasMatchedOption("--criterion") || cl.getParseResult().hasMatchedOption("--normalization");
    }

    public Order order(CommandLine cl) {
        return parse(cl, "--order", () -> Order.fromId(order));
    }

    /** The heuristic pacing function (and a checked {@code --batch-size}). */
    public PacingFunction pacing(CommandLine cl) {
        PacingFunction pacing = PacingCommand.build(cl, function, lambda0, tGrow, bins);
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(cl, "--batch-size must be >= 1, got " + batchSize);
        }
        return pacing;
    }

    /** Whether {@code --transform} is softmax (else linear), after checking it. */
    public boolean softmax(CommandLine cl) {
        if (!transform.equals("softmax") && !transform.equals("linear")) {
            throw new CommandLine.ParameterException(cl, "--transform: unknown transform '" + transform + "'; allowed: softmax, linear");
        }
        return transform.equals("softmax");
    }

    /** The learning transform's parameter: the temperature (softmax) or the floor (linear). */
    public double transformParameter(CommandLine cl) {
        return softmax(cl) ? temperature : floor;
    }

    /** The learning scheduler's transform. */
    public ProbabilityTransform transform(CommandLine cl) {
        return softmax(cl) ? parse(cl, "--temperature", () -> ProbabilityTransform.softmax(temperature))
                : parse(cl, "--floor", () -> ProbabilityTransform.linear(floor));
    }

    /** Runs {@code f}, turning its {@link IllegalArgumentException} into a parameter error naming {@code flag}. */
    public static <T> T parse(CommandLine cl, String flag, Supplier<T> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, flag + ": " + e.getMessage());
        }
    }
}
