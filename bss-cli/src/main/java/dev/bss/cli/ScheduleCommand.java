package dev.bss.cli;

import dev.bss.core.io.ScoreFile;
import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.measure.Criterion;
import dev.bss.core.measure.Normalization;
import dev.bss.core.order.Order;
import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.pacing.PacingFunctions;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import dev.bss.core.schedule.SequenceScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bss schedule}: prints the sample ids one epoch visits, in order, from a score file. The learning
 * scheduler replays every refresh epoch {@code 1, 1+E, …, ≤ t} as if the same scores were supplied each
 * time, then draws epoch {@code t}.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print one epoch's sample sequence (one id per line) from a score file.",
                "",
                "Score file: CSV, UTF-8, header line required, RFC 4180 quotes; '#' comment lines",
                "and blank lines are ignored; ids unique and non-empty; numbers finite. The",
                "first column is id; read are 'score' (final balance scores, higher = more",
                "balanced) and the raw columns pred_sim, feat_sim, loss, grad_mag, in any",
                "order; other columns (label, metadata) are ignored, so a run directory's",
                "scores/epoch-NNN.csv works. Raw columns are turned into scores by",
                "--criterion/--normalization when the file has no score column or when",
                "either flag is given; otherwise the score column is used as is.",
                "",
                "heuristic: rank once (cl = most balanced first, ties by id), keep the first",
                "  max(batch-size, floor(N*lambda(t))) samples, shuffle them with --seed.",
                "learning: refresh at epochs 1, 1+E, 1+2E, ... <= t, each time with the SAME",
                "  scores (EMA with --beta), then draw epoch t: a weighted permutation of all",
                "  samples, or N draws with --replacement.",
                ""})
public final class ScheduleCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scores", paramLabel = "FILE", required = true, description = "Score file (format above).")
    Path scores;

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
    int batchSize;

    @Option(names = "--refresh-period", paramLabel = "E", defaultValue = "1", description = "learning: refresh every E epochs (default: ${DEFAULT-VALUE}).")
    int refreshPeriod;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1.0", description = "learning: EMA β in (0, 1] (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--transform", paramLabel = "ID", defaultValue = "softmax",
            description = "learning: softmax (paper) or linear (reference code: 1 + floor + s) (default: ${DEFAULT-VALUE}).")
    String transform;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "learning softmax temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--floor", paramLabel = "F", defaultValue = "0.01", description = "learning linear floor (default: ${DEFAULT-VALUE}).")
    double floor;

    @Option(names = "--replacement", description = "learning: N draws with replacement instead of a weighted permutation.")
    boolean replacement;

    @Option(names = "--reversed", description = "learning: favour imbalanced samples (weights of -s).")
    boolean reversed;

    @Option(names = "--epoch", paramLabel = "t", required = true, description = "Epoch to print, counted from 1.")
    int epoch;

    @Option(names = "--seed", paramLabel = "S", required = true, description = "Seed of the random streams.")
    long seed;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (epoch < 1) {
            throw new CommandLine.ParameterException(cl, "--epoch must be >= 1 (epochs count from 1), got " + epoch);
        }
        boolean heuristic;
        if (scheduler.equals("heuristic")) {
            heuristic = true;
        } else if (scheduler.equals("learning")) {
            heuristic = false;
        } else {
            throw new CommandLine.ParameterException(cl, "--scheduler: unknown scheduler '" + scheduler
                    + "'; allowed: heuristic, learning");
        }
        Criterion crit = parse(cl, "--criterion", () -> Criterion.fromId(criterion));
        Normalization norm = parse(cl, "--normalization", () -> Normalization.fromId(normalization));
        Order ord = parse(cl, "--order", () -> Order.fromId(order));
        SequenceScheduler s;
        ScoreFile file = ScoreFile.read(scores);
        String[] ids = file.ids();
        double[] balance;
        boolean measureFlags = cl.getParseResult().hasMatchedOption("--criterion")
                || cl.getParseResult().hasMatchedOption("--normalization");
        if (file.statistics().isPresent() && (measureFlags || !file.hasScores())) {
            balance = BalanceMeasurer.builder().optCriterion(crit).optNormalization(norm).build()
                    .score(file.statistics().orElseThrow());
        } else if (measureFlags) {
            throw new CommandLine.ParameterException(cl, "--criterion/--normalization need raw columns ("
                    + "pred_sim, feat_sim, loss, grad_mag) but " + scores + " only has a score column");
        } else {
            balance = file.scores().orElseThrow();
        }
        int n = ids.length;
        if (heuristic) {
            PacingFunction pacing = PacingCommand.build(cl, function, lambda0, tGrow, bins);
            if (batchSize < 1) {
                throw new CommandLine.ParameterException(cl, "--batch-size must be >= 1, got " + batchSize);
            }
            s = HeuristicScheduler.builder().setSize(n).setPacing(pacing).optOrder(ord).optMinimumSubset(batchSize)
                    .optIds(ids).setSeed(seed).build();
        } else {
            ProbabilityTransform t;
            if (transform.equals("softmax")) {
                t = parse(cl, "--temperature", () -> ProbabilityTransform.softmax(temperature));
            } else if (transform.equals("linear")) {
                t = parse(cl, "--floor", () -> ProbabilityTransform.linear(floor));
            } else {
                throw new CommandLine.ParameterException(cl, "--transform: unknown transform '" + transform
                        + "'; allowed: softmax, linear");
            }
            if (refreshPeriod < 1) {
                throw new CommandLine.ParameterException(cl, "--refresh-period must be >= 1, got " + refreshPeriod);
            }
            if (!(beta > 0 && beta <= 1)) {
                throw new CommandLine.ParameterException(cl, "--beta must be in (0, 1], got " + beta);
            }
            s = LearningBasedScheduler.builder().setSize(n).optRefreshPeriod(refreshPeriod).optBeta(beta).optTransform(t)
                    .optReplacement(replacement).optReversed(reversed).setSeed(seed).build();
        }
        // replay the refreshes up to the requested epoch with the same scores each time
        for (int e = 1; e <= epoch; e++) {
            if (s.needsScores(e)) {
                s.updateScores(e, balance);
            }
        }
        int[] seq = s.sequence(epoch);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder sb = new StringBuilder(seq.length * 12);
        for (int i : seq) {
            sb.append(ids[i]).append('\n');
        }
        out.print(sb);
        out.flush();
        return 0;
    }

    private static <T> T parse(CommandLine cl, String flag, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, flag + ": " + e.getMessage());
        }
    }
}
