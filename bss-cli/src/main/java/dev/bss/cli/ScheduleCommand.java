package dev.bss.cli;

import dev.bss.core.io.ScoreFile;
import dev.bss.core.measure.BalanceMeasurer;
import dev.bss.core.order.Order;
import dev.bss.core.pacing.PacingFunction;
import dev.bss.core.schedule.HeuristicScheduler;
import dev.bss.core.schedule.LearningBasedScheduler;
import dev.bss.core.schedule.ProbabilityTransform;
import dev.bss.core.schedule.SequenceScheduler;
import java.io.IOException;
import java.io.PrintWriter;
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

    @CommandLine.Mixin
    ScheduleOptions options;

    @Option(names = "--refresh-period", paramLabel = "E", defaultValue = "1", description = "learning: refresh every E epochs (default: ${DEFAULT-VALUE}).")
    int refreshPeriod;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1.0", description = "learning: EMA β in (0, 1] (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--replacement", description = "learning: N draws with replacement instead of a weighted permutation.")
    boolean replacement;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        boolean heuristic = options.heuristic(cl);
        BalanceMeasurer measurer = options.measurer(cl);
        Order ord = options.order(cl);
        SequenceScheduler s;
        ScoreFile file = ScoreFile.read(options.scores);
        String[] ids = file.ids();
        double[] balance;
        boolean measureFlags = options.measureFlags(cl);
        if (file.statistics().isPresent() && (measureFlags || !file.hasScores())) {
            balance = measurer.score(file.statistics().orElseThrow());
        } else if (measureFlags) {
            throw new CommandLine.ParameterException(cl, "--criterion/--normalization need raw columns ("
                    + "pred_sim, feat_sim, loss, grad_mag) but " + options.scores + " only has a score column");
        } else {
            balance = file.scores().orElseThrow();
        }
        int n = ids.length;
        if (heuristic) {
            PacingFunction pacing = options.pacing(cl);
            s = HeuristicScheduler.builder().setSize(n).setPacing(pacing).optOrder(ord).optMinimumSubset(options.batchSize)
                    .optIds(ids).setSeed(options.seed).build();
        } else {
            ProbabilityTransform t = options.transform(cl);
            if (refreshPeriod < 1) {
                throw new CommandLine.ParameterException(cl, "--refresh-period must be >= 1, got " + refreshPeriod);
            }
            if (!(beta > 0 && beta <= 1)) {
                throw new CommandLine.ParameterException(cl, "--beta must be in (0, 1], got " + beta);
            }
            s = LearningBasedScheduler.builder().setSize(n).optRefreshPeriod(refreshPeriod).optBeta(beta).optTransform(t)
                    .optReplacement(replacement).optReversed(options.reversed).setSeed(options.seed).build();
        }
        // replay the refreshes up to the requested epoch with the same scores each time
        for (int e = 1; e <= options.epoch; e++) {
            if (s.needsScores(e)) {
                s.updateScores(e, balance);
            }
        }
        int[] seq = s.sequence(options.epoch);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder sb = new StringBuilder(seq.length * 12);
        for (int i : seq) {
            sb.append(ids[i]).append('\n');
        }
        out.print(sb);
        out.flush();
        return 0;
    }
}
