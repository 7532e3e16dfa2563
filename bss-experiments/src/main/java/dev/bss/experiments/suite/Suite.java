package dev.bss.experiments.suite;

import dev.bss.experiments.report.HtmlReport;
import java.io.IOException;
import java.util.List;

/**
 * An experiment suite: which variants to train (each over every seed) and how to report them. The
 * built-in suites are in {@link Suites}; {@link SuiteRunner} trains, skips finished runs and calls
 * {@link #report}.
 */
public interface Suite {

    /** Stable id used on the command line ({@code bss experiment ID}). */
    String id();

    /** One line for {@code --help}. */
    String description();

    /** Whether the suite trains anything (if not, no dataset is loaded). */
    default boolean needsTraining() {
        return true;
    }

    /** The variants to train; empty for suites that need no training. */
    List<SuiteVariant> variants(SuiteContext context);

    /**
     * How many of the requested seeds {@code 1..seeds} this variant trains (default: all); a suite may run context
     * rows on fewer seeds than the rows its verdict rests on.
     */
    default int seedsFor(SuiteVariant variant, int seeds) {
        return seeds;
    }

    /**
     * Training order: runs of a lower priority number come first (default 0 for all); within a priority, seed-major,
     * so partial results cover every variant of that priority.
     */
    default int priority(SuiteVariant variant) {
        return 0;
    }

    /** Overrides added to every variant (e.g. per-sample scores on). */
    default List<String> commonOverrides(SuiteContext context) {
        return List.of();
    }

    /** Writes tables and plots into the suite folder and adds sections to the report. */
    void report(SuiteContext context, SuiteResults results, HtmlReport report) throws IOException;
}
